"""Edge lists: columns by name or option, delimiters sniffed, names mapped, defaults documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.dataset import BUNDLED_DATA
from graph.importers import ImportRefused, import_edgelist

from .conftest import assert_accounted, assert_loads


@pytest.mark.parametrize(
    "delimiter", [",", ";", "\t", "|"], ids=["comma", "semicolon", "tab", "pipe"])
def test_delimiters_are_sniffed(delimiter: str) -> None:
    rows = [["source", "target", "start", "type"], ["Iran", "Russia", "2022", "arms_transfer"],
            ["United States", "Ukraine", "2022-03", "arms_transfer"]]
    text = "\n".join(delimiter.join(row) for row in rows) + "\n"
    result = import_edgelist(text.encode(), name="t.csv")
    assert result.ties[["source", "target"]].values.tolist() == [["IRN", "RUS"], ["USA", "UKR"]]


def test_columns_named_by_option() -> None:
    text = b"a,b,when,until,strength,kind,polarity\nIRN,ISR,2024-04,,0.7,military_strike,-1\n"
    result = import_edgelist(text, name="t.csv", columns={
        "source": "a", "target": "b", "start": "when", "end": "until", "weight": "strength",
        "type": "kind", "sign": "polarity"})
    tie = result.ties.iloc[0]
    assert (tie["source"], tie["target"], tie["type"], tie["sign"], tie["weight"],
            tie["directed"]) == ("IRN", "ISR", "military_strike", "-1", "0.7", "true")


def test_an_unknown_column_option_is_refused() -> None:
    with pytest.raises(ImportRefused, match="'nope' given for source is not in the header"):
        import_edgelist(b"a,b,c\nIRN,RUS,2022\n", name="t.csv", columns={"source": "nope"})


def test_defaults_are_applied_and_flagged() -> None:
    text = b"source,target,start,sign\nIRN,RUS,2022,\nRUS,UKR,2022-02-24,-1\n"
    result = import_edgelist(text, name="t.csv")
    ties = result.ties.set_index("target")
    assert ties.loc["RUS", ["type", "sign", "weight"]].tolist() == ["diplomatic_support", "1",
                                                                    "0.5"]
    assert ties.loc["UKR", ["type", "sign"]].tolist() == ["friction", "-1"]
    warnings = {g.message for g in result.report.by_level("WARNING")}
    assert "no weight: set to 0.5" in warnings
    assert "no type: set to diplomatic_support (friction for sign -1)" in warnings


def test_weights_above_one_are_rescaled_and_negative_weights_give_the_sign() -> None:
    text = b"source,target,start,weight\nIRN,RUS,2022,10\nUSA,IRN,2022,-5\n"
    result = import_edgelist(text, name="t.csv")
    ties = result.ties.set_index("source")
    assert ties.loc["IRN", "weight"] == "1"
    assert ties.loc["USA", ["weight", "sign", "type"]].tolist() == ["0.5", "-1", "friction"]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("Atlantis,RUS,2022", "the source is not a known country or actor"),
        ("IRN,,2022", "the target is empty"),
        ("IRN,IRN,2022", "source and target are the same actor"),
        ("IRN,RUS,someday", "a date cannot be read"),
        ("IRN,RUS,", "the start date is empty"),
        ("SUN,IRN,1995", "did not exist over the tie's dates"),
        ("IRN,RUS,2022,extra", "has 4 fields where the header has 3"),
    ],
    ids=["unknown-name", "empty-target", "self-loop", "bad-date", "no-start", "dead-state",
         "ragged"],
)
def test_bad_rows_are_dropped_with_their_line(row: str, reason: str) -> None:
    text = f"source,target,start\nIRN,RUS,2022\n{row}\n".encode()
    result = import_edgelist(text, name="t.csv")
    assert result.report.skipped == 1
    issue = result.report.issues[0]
    assert issue.line == 3 and reason in issue.message
    assert_accounted(result)


def test_the_projects_own_ties_csv_imports_whole(tmp_path: Path) -> None:
    path = BUNDLED_DATA / "ties.csv"
    result = import_edgelist(path)
    assert result.report.skipped == 0, result.report.to_text()
    assert len(result.ties) + result.report.merged == result.report.read
    assert result.ties["id"].str.startswith("csv-").all()
    assert_loads(result, tmp_path / "own")


def test_dates_in_other_spellings() -> None:
    text = b"source,target,start,end\nIRN,RUS,01.08.2022,2022/12/31\nIRN,SYR,2015.0,\n"
    result = import_edgelist(text, name="t.csv")
    assert result.ties[["start", "end"]].values.tolist() == [["2022-08-01", "2022-12-31"],
                                                              ["2015", ""]]


def test_a_missing_required_column_is_refused() -> None:
    with pytest.raises(ImportRefused, match="no column for start"):
        import_edgelist(b"source,target\nIRN,RUS\n", name="t.csv")
    result = import_edgelist(b"source,target\nIRN,RUS\n", name="t.csv", default_start="2020")
    assert result.ties.loc[0, "start"] == "2020"
