"""The data package as others read it: a valid Frictionless Data Package (v2), generated from the
one declaration in ``graph/dataset.py``, with one version quoted alike by the README, the
changelog and the citation."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import cli
from graph.citation import curated_citation
from graph.dataset import (
    BUNDLED_DATA,
    CURATED_METADATA,
    DATAPACKAGE_PROFILE,
    PARTIAL_DATE_PATTERN,
    TABLES,
    datapackage_descriptor,
)
from graph.dates import DateParseError, parse_partial_date

try:
    import frictionless
except ImportError:  # pragma: no cover - CI installs it with the test extra
    frictionless = None

needs_frictionless = pytest.mark.skipif(
    frictionless is None,
    reason="frictionless is not installed (pip install -e '.[test]'): the Data Package is not "
    "checked against the standard",
)


@pytest.fixture(autouse=True)
def _csv_field_limit_restored() -> object:
    """frictionless raises the process-wide CSV field size limit when it first reads a CSV; put
    it back so that the tests that follow see Python's default."""
    limit = csv.field_size_limit()
    yield
    csv.field_size_limit(limit)


def edge_list_import(folder: Path) -> Path:
    """A folder written by ``realpolitik import csv`` from a two-row edge list."""
    edges = folder / "edges.csv"
    edges.write_text(
        "source,target,weight,start\nRUS,IRN,0.5,2022\nUSA,GBR,1,2001-03\n", encoding="utf-8"
    )
    out = folder / "imported"
    assert cli.main(["import", "csv", str(edges), "--out", str(out)]) == 0
    return out


def header_only_import(folder: Path) -> Path:
    """An import folder whose optional tables hold a header and no row."""
    out = edge_list_import(folder)
    assert (out / "events.csv").read_text(encoding="utf-8").count("\n") == 1
    return out


FOLDERS: list[tuple[str, Callable[[Path], Path]]] = [
    ("bundled-data", lambda _: BUNDLED_DATA),
    ("edge-list-import", edge_list_import),
    ("import-with-empty-tables", header_only_import),
]


def _errors(report: object) -> list[str]:
    flat = report.flatten(["type", "fieldName", "rowNumber", "note"])  # type: ignore[attr-defined]
    return [" ".join(str(part) for part in row) for row in flat]


@needs_frictionless
@pytest.mark.parametrize("make", [case[1] for case in FOLDERS], ids=[case[0] for case in FOLDERS])
def test_frictionless_finds_the_package_valid(
    tmp_path: Path, make: Callable[[Path], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make(tmp_path)
    capsys.readouterr()
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, _errors(report)
    assert report.stats["tasks"] == len(TABLES)


def test_the_bundled_descriptor_is_the_generated_one() -> None:
    written = json.loads((BUNDLED_DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert written == datapackage_descriptor(CURATED_METADATA), (
        "data/datapackage.json is stale: run python3 -m graph.dataset"
    )
    assert written["$schema"] == DATAPACKAGE_PROFILE


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("2022", True),
        ("2022-08", True),
        ("2022-08-15", True),
        ("2022-13", False),
        ("2022-08-32", False),
        ("22", False),
        ("2022/08", False),
        ("２０２２", False),
    ],
    ids=["year", "month", "day", "month-13", "day-32", "two-digits", "slash", "fullwidth"],
)
def test_the_date_pattern_agrees_with_the_parser(text: str, valid: bool) -> None:
    # Table Schema patterns are anchored on the whole value.
    matched = re.fullmatch(PARTIAL_DATE_PATTERN, text, flags=re.ASCII) is not None
    try:
        parse_partial_date(text)
        parsed = True
    except DateParseError:
        parsed = False
    assert matched is valid and parsed is valid


def test_readme_changelog_and_citation_quote_the_version() -> None:
    version = str(CURATED_METADATA["version"])
    readme = (BUNDLED_DATA / "README.md").read_text(encoding="utf-8")
    changelog = (BUNDLED_DATA / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"| Version | **{version}**" in readme
    assert re.search(rf"^## {re.escape(version)}\b", changelog, flags=re.MULTILINE)
    assert curated_citation().version == version
