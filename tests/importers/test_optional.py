"""A missing optional dependency says which extra installs it, wherever it is needed."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cli import main
from graph.importers import ImportRefused, MissingDependency, import_file, import_upload
from graph.importers.gdelt import import_gdelt

NEEDS_DUCKDB = "GDELT import needs duckdb: pip install 'realpolitik[import]'"
GDELT_ROW = "1\t20160728" + "\t" * 56 + "\n"


@pytest.fixture
def without_duckdb(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes `import duckdb` fail as if it were not installed.
    monkeypatch.setitem(sys.modules, "duckdb", None)


@pytest.mark.usefixtures("without_duckdb")
def test_the_importer_names_the_extra(tmp_path: Path) -> None:
    events = tmp_path / "events.tsv"
    events.write_text(GDELT_ROW, encoding="utf-8")
    with pytest.raises(MissingDependency, match=r"realpolitik\[import\]") as caught:
        import_gdelt(events)
    assert str(caught.value) == NEEDS_DUCKDB


@pytest.mark.usefixtures("without_duckdb")
@pytest.mark.parametrize(
    "run",
    [
        lambda path: import_file(path),
        lambda path: import_upload(path.name, path.read_bytes()),
    ],
    ids=["file", "upload"],
)
def test_the_dispatcher_refuses_with_the_extra(tmp_path: Path,
                                               run: Callable[[Path], object]) -> None:
    events = tmp_path / "events.tsv"
    events.write_text(GDELT_ROW, encoding="utf-8")
    with pytest.raises(ImportRefused) as caught:
        run(events)
    assert NEEDS_DUCKDB in str(caught.value)
    assert caught.value.report.refused


@pytest.mark.usefixtures("without_duckdb")
@pytest.mark.parametrize("kind", ["gdelt", "auto"], ids=["named", "detected"])
def test_the_command_says_which_extra_to_install(tmp_path: Path, kind: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    events = tmp_path / "events.tsv"
    events.write_text(GDELT_ROW, encoding="utf-8")
    assert main(["import", kind, str(events), "--out", str(tmp_path / "out")]) != 0
    err = capsys.readouterr().err
    assert NEEDS_DUCKDB in err
    assert "ModuleNotFoundError" not in err and "unexpected error" not in err
