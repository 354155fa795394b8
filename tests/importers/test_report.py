"""The import report: counters, levels, text and dict forms; writing a result as a dataset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.importers import ImportRefused, ImportReport, import_edgelist, write_dataset
from graph.validate import load_dataset


def test_counters_and_invariant() -> None:
    report = ImportReport("csv", ["ties.csv"])
    report.read = 5
    report.imported = 2
    report.merged = 1
    report.skip("ties.csv", 4, "the source is not a known country", "Atlantis")
    assert not report.balanced
    report.skip_many("ties.csv", "the start date is empty", 1, [9])
    assert report.balanced
    assert report.count("ERROR") == 2


def test_warnings_do_not_move_counters() -> None:
    report = ImportReport("csv")
    report.warn("x.csv", 3, "no weight: set to 0.5")
    report.warn_many("x.csv", "no type", 4, [2, 3, 4, 5])
    assert (report.read, report.skipped) == (0, 0)
    assert report.count("WARNING") == 5


def test_refuse_returns_the_exception_with_the_report() -> None:
    report = ImportReport("sipri", ["x.csv"])
    with pytest.raises(ImportRefused) as caught:
        raise report.refuse("x.csv", "the file is empty")
    assert caught.value.report is report
    assert report.refused
    assert "x.csv refused: the file is empty" in str(caught.value)


def test_text_lists_reasons_with_counts_and_first_lines() -> None:
    report = ImportReport("gdelt", ["a.tsv"])
    report.read = 12
    report.imported = 2
    report.skip_many("a.tsv", "Actor1CountryCode is empty", 10, [7, 3, 11, 1, 2, 5, 9])
    text = report.to_text()
    assert "12 rows read, 2 imported, 0 merged, 10 skipped" in text
    assert "Actor1CountryCode is empty: 10 rows (lines 1, 2, 3, 5, 7, ...)" in text


def test_dict_is_json() -> None:
    report = ImportReport("csv", ["t.csv"])
    report.read = 1
    report.skip("t.csv", 2, "bad", "value")
    loaded = json.loads(json.dumps(report.to_dict()))
    assert loaded["skipped"] == 1
    assert loaded["groups"][0] == {"level": "ERROR", "file": "t.csv", "reason": "bad",
                                   "count": 1, "first_lines": [2], "first_values": ["value"]}
    # One finding type: the import's findings read as validation's do.
    assert loaded["issues"][0] == {"level": "ERROR", "file": "t.csv", "line": 2, "column": "",
                                   "value": "value", "message": "bad"}


def test_write_dataset_makes_a_loadable_folder(tmp_path: Path) -> None:
    result = import_edgelist(b"source,target,start,type\nIRN,RUS,2022,arms_transfer\n",
                             name="t.csv")
    out = write_dataset(result, tmp_path / "out")
    dataset = load_dataset(out)
    assert dataset.ties["id"].tolist() == ["csv-IRN-RUS-2022"]
    assert set(dataset.countries["id"]) == {"IRN", "RUS"}
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["realpolitik:import"]["read"] == 1
    assert {r["path"] for r in descriptor["resources"]} >= {"ties.csv", "blocs.csv"}


def test_write_dataset_refuses_a_folder_with_files(tmp_path: Path) -> None:
    result = import_edgelist(b"source,target,start\nIRN,RUS,2022\n", name="t.csv")
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_dataset(result, tmp_path)
    write_dataset(result, tmp_path, overwrite=True)
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"
