"""Shared paths and checks for the importer tests.

The real input files live outside the repository, in ``shared/data`` beside it (``shared`` is
wherever ``REALPOLITIK_SHARED`` points); tests that need them skip, saying so, when they are
absent, unless ``REALPOLITIK_REQUIRE_SHARED=1`` (CI) turns the skip into a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.importers import ImportResult, write_dataset
from graph.validate import load_dataset_with_report

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(
    os.environ.get("REALPOLITIK_SHARED") or Path(__file__).resolve().parents[3] / "shared"
) / "data"
SIPRI_REGISTER = SHARED / "sipri" / "trade_register_1995_2025.csv"
SIPRI_EXCERPT = SHARED / "sipri" / "trade_register_iran_dprk_excerpt.csv"
GDELT_SAMPLE = SHARED / "gdelt" / "events_sample_20160728.tsv"


def shared_file(path: Path) -> Path:
    """The real file, or a skip that names where it was looked for."""
    if not path.is_file():
        reason = (f"real input {path.name} not found at {path} (set REALPOLITIK_SHARED to the "
                  "shared folder holding data/sipri and data/gdelt)")
        if os.environ.get("REALPOLITIK_REQUIRE_SHARED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def assert_loads(result: ImportResult, folder: Path) -> None:
    """The result, written as a dataset, loads without a single validation error."""
    write_dataset(result, folder)
    _, report = load_dataset_with_report(folder)
    assert report.errors == [], [str(problem) for problem in report.errors[:10]]


def assert_accounted(result: ImportResult) -> None:
    report = result.report
    assert report.read == report.imported + report.merged + report.skipped, report.summary()
    if report.kind != "dataset":
        assert 0 < report.imported <= len(result.ties), report.summary()
