"""`realpolitik import` as a person runs it: a dataset folder out, a report, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cli import main
from graph.validate import load_dataset

SHARED = Path(os.environ.get("REALPOLITIK_SHARED") or Path(__file__).resolve().parents[2] /
              "shared")
EXCERPT = SHARED / "data" / "sipri" / "trade_register_iran_dprk_excerpt.csv"


def test_sipri_excerpt_becomes_a_valid_dataset(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    if not EXCERPT.is_file():
        reason = f"the shared SIPRI excerpt is not at {EXCERPT}"
        if os.environ.get("REALPOLITIK_REQUIRE_SHARED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    out = tmp_path / "sipri"
    assert main(["import", "sipri", str(EXCERPT), "--out", str(out),
                 "--report", str(tmp_path / "report.json")]) == 0
    err = capsys.readouterr().err
    assert "rows read" in err and "unknown recipient" in err
    dataset = load_dataset(out)
    shahed = dataset.ties[(dataset.ties["source"] == "IRN") & (dataset.ties["target"] == "RUS")]
    assert {"2022", "2023", "2024"} <= set(shahed["start"])
    assert (tmp_path / "report.json").is_file()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["csv", "{missing}"], "no file or folder"),
        (["csv", "{binary}"], "refused"),
        (["sipri", "{edges}", "--source", "from"], "name the columns of a csv"),
    ],
    ids=["missing-file", "binary-file", "columns-for-sipri"],
)
def test_bad_imports_are_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  arguments: list[str], message: str) -> None:
    binary = tmp_path / "ties.csv"
    binary.write_bytes(b"\x00\x01\x02" * 50)
    edges = tmp_path / "edges.csv"
    edges.write_text("from,to,year\nIran,Russia,2022\n", encoding="utf-8")
    paths = {"missing": str(tmp_path / "nope.csv"), "binary": str(binary), "edges": str(edges)}
    filled = [argument.format(**paths) for argument in arguments]
    assert main(["import", *filled, "--out", str(tmp_path / "out")]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out" / "ties.csv").exists()


def test_an_edge_list_with_named_columns(tmp_path: Path) -> None:
    edges = tmp_path / "edges.csv"
    edges.write_text("from;to;year;kind\nIran;Russia;2022;arms_transfer\n"
                     "Russia;Ukraine;2022;armed_conflict\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["import", "csv", str(edges), "--out", str(out), "--source", "from",
                 "--target", "to", "--start", "year", "--type", "kind"]) == 0
    ties = load_dataset(out).ties
    assert set(zip(ties["source"], ties["target"], strict=True)) == {("IRN", "RUS"),
                                                                     ("RUS", "UKR")}


def test_an_existing_folder_is_not_overwritten(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    edges = tmp_path / "edges.csv"
    edges.write_text("source,target,start\nIRN,RUS,2022\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["import", "csv", str(edges), "--out", str(out)]) == 0
    before = (out / "ties.csv").read_bytes()
    assert main(["import", "csv", str(edges), "--out", str(out)]) == 1
    assert "cannot write" in capsys.readouterr().err
    assert (out / "ties.csv").read_bytes() == before
