"""SIPRI trade registers: the real export, the older export, and what is dropped and why."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.importers import ImportRefused, ImportResult, import_sipri

from .conftest import (
    FIXTURES,
    SIPRI_EXCERPT,
    SIPRI_REGISTER,
    assert_accounted,
    assert_loads,
    shared_file,
)


@pytest.fixture(scope="module")
def register() -> ImportResult:
    return import_sipri(shared_file(SIPRI_REGISTER))


def _data_rows(path: Path) -> int:
    """Rows after the header line, counted independently of the importer."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = handle.read().splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("SIPRI AT Database ID,"))
    return sum(1 for line in lines[header + 1:] if line.strip())


def test_every_row_of_the_register_is_accounted_for(register: ImportResult) -> None:
    report = register.report
    assert report.read == _data_rows(SIPRI_REGISTER) == 25024
    assert report.read == report.imported + report.merged + report.skipped
    assert_accounted(register)


def test_only_unidentified_or_nonexistent_actors_are_dropped(register: ImportResult) -> None:
    reasons = {group.message for group in register.report.by_level("ERROR")}
    assert reasons, "the register holds unknown suppliers and recipients"
    for reason in reasons:
        assert "not identified" in reason or "unidentified" in reason or (
            "did not exist in the delivery year" in reason), reason
    unknown = sum(g.count for g in register.report.by_level("ERROR") if "unknown" in g.message)
    with SIPRI_REGISTER.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[12:]
    assert unknown == sum(1 for r in rows if r[1].startswith("unknown")
                          or r[2].startswith("unknown"))


def test_shahed_deal_65539_becomes_iran_russia_transfers_2022_to_2024(
        register: ImportResult) -> None:
    ties = register.ties
    shahed = ties[ties["description"].str.contains("#65539 Shahed-136", regex=False)]
    assert sorted(shahed["start"]) == ["2022", "2023", "2024"]
    assert (shahed["start"] == shahed["end"]).all()
    assert set(shahed["source"]) == {"IRN"} and set(shahed["target"]) == {"RUS"}
    assert set(shahed["type"]) == {"arms_transfer"}
    assert set(shahed["directed"]) == {"true"}
    assert "600 delivered" in shahed.loc[shahed["start"] == "2022", "description"].iloc[0]


def test_deal_year_grouping_keeps_one_tie_per_deal_and_year() -> None:
    result = import_sipri(shared_file(SIPRI_EXCERPT), group="deal-year")
    ids = set(result.ties["id"])
    assert {"sipri-65539-2022", "sipri-65539-2023", "sipri-65539-2024"} <= ids
    assert_accounted(result)


def test_non_state_actors_are_kept(register: ImportResult) -> None:
    countries = register.countries.set_index("id")
    for actor in ("HOU", "HZB", "HMS", "QNA"):
        assert countries.loc[actor, "kind"] == "non_state", actor
    houthi = register.ties[register.ties["target"] == "HOU"]
    assert len(houthi) > 0 and set(houthi["source"]) == {"IRN"}


def test_weights_are_log_scaled_into_the_unit_interval(register: ImportResult) -> None:
    weights = register.ties["weight"].astype(float)
    assert weights.max() == 1.0
    assert weights.min() == pytest.approx(0.05)
    assert ((weights > 0) & (weights <= 1)).all()


def test_source_row_keeps_the_provenance(register: ImportResult) -> None:
    source = register.sources.iloc[0]
    assert source["publisher"] == "SIPRI Arms Transfers Database"
    assert source["date"] == "2026-02-12"
    assert "1995–2025" in source["title"]
    assert set(register.ties["sources"]) == {source["id"]}
    assert register.ties["id"].str.startswith("sipri-").all()


def test_the_register_writes_a_valid_dataset(register: ImportResult, tmp_path: Path) -> None:
    assert_loads(register, tmp_path / "sipri")


def test_older_export_is_detected_and_spread_over_delivery_years(tmp_path: Path) -> None:
    result = import_sipri(FIXTURES / "sipri_older_export.csv")
    assert "older SIPRI export" in result.report.notes[0]
    ties = result.ties.set_index("id")
    assert ties.loc["sipri-SUN-IRN-1990", "weight"] == ties.loc["sipri-SUN-IRN-1991", "weight"]
    assert {"sipri-RUS-IND-1997", "sipri-RUS-IND-1998", "sipri-RUS-IND-1999"} <= set(ties.index)
    assert ties.loc["sipri-IRN-HOU-2016", "confidence"] == "medium"
    assert ties.loc["sipri-SUN-YUG-1988", "target"] == "YUG"
    assert ties.loc["sipri-RUS-SRB-2019", "target"] == "SRB"
    assert "Abrams" in ties.loc["sipri-USA-UKR-2023", "description"]
    assert "HIMARS" in ties.loc["sipri-USA-UKR-2023", "description"]
    report = result.report
    assert (report.read, report.imported, report.merged, report.skipped) == (9, 6, 1, 2)
    assert result.sources.loc[0, "date"] == "2023-03-15"
    assert_loads(result, tmp_path / "old")


def test_a_nonexistent_recipient_is_dropped_with_its_line() -> None:
    text = (FIXTURES / "sipri_older_export.csv").read_text(encoding="utf-8")
    text += ('"South Sudan","China","2007","","2","","Type-63","MRL","2","","2008","New","",'
             '"1","2","2"\r\n')
    result = import_sipri(text.encode(), name="ss.csv")
    dropped = [i for i in result.report.issues if "South Sudan" in i.message]
    assert dropped and dropped[0].line == 22 and dropped[0].value == "2008"


def test_not_a_register_is_refused() -> None:
    with pytest.raises(ImportRefused, match="not a SIPRI trade register"):
        import_sipri(b"source,target,start\nIRN,RUS,2022\n", name="ties.csv")
