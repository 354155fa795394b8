"""Fixtures for the export checks: the bundled dataset, a fixed generation time, and the
graphology readers (node) installed on demand."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from graph.dataset import BUNDLED_DATA, Dataset
from graph.validate import load_dataset

JS = Path(__file__).resolve().parent / "js"
GENERATED = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
Reader = Callable[[str, Path], dict[str, Any]]


@pytest.fixture(scope="session")
def bundled() -> Dataset:
    return load_dataset(BUNDLED_DATA)


@pytest.fixture(params=["tiny", "bundled"])
def any_dataset(request: pytest.FixtureRequest) -> Dataset:
    dataset: Dataset = request.getfixturevalue(request.param)
    return dataset


def _unavailable(reason: str) -> None:
    """Skip with the reason, or fail when REALPOLITIK_REQUIRE_NODE=1 asks for the check."""
    if os.environ.get("REALPOLITIK_REQUIRE_NODE") == "1":
        pytest.fail(f"REALPOLITIK_REQUIRE_NODE=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def graphology() -> Reader:
    """``read(format, path)``: what graphology-gexf / graphology-graphml read from a file.

    Installs tests/export/js/node_modules with ``npm ci`` (``npm install`` without a lock
    file) when missing; skips with the reason when node or npm is absent or the install fails.
    """
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        _unavailable("node and npm are needed to check the exports with graphology")
    assert node is not None and npm is not None
    modules = JS / "node_modules"
    wanted = ["graphology", "graphology-gexf", "graphology-graphml"]
    if not all((modules / name / "package.json").is_file() for name in wanted):
        command = [npm, "ci" if (JS / "package-lock.json").is_file() else "install",
                   "--no-audit", "--no-fund", "--loglevel=error"]
        try:
            done = subprocess.run(command, cwd=JS, capture_output=True, text=True,
                                  timeout=300, check=False)
        except subprocess.TimeoutExpired:
            _unavailable("npm install of the graphology readers timed out")
        if done.returncode != 0:
            _unavailable(f"npm could not install the graphology readers: "
                         f"{done.stderr.strip()[-500:]}")

    def read(fmt: str, path: Path) -> dict[str, Any]:
        done = subprocess.run([node, str(JS / "read.js"), fmt, str(path)], capture_output=True,
                              text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        result: dict[str, Any] = json.loads(done.stdout)
        return result

    return read
