"""ATOP dyad-year data: obligations typed, consecutive years merged, COW codes by date."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.importers import ImportRefused, ImportResult, import_atop

from .conftest import FIXTURES, assert_accounted, assert_loads

HEADER = ("dyad,mem1,mem2,year,atopally,defense,offense,neutral,nonagg,consul,shareob,bilatno,"
          "multino,asymm,atopid1,atopid2,atopid3")


@pytest.fixture(scope="module")
def sample() -> ImportResult:
    return import_atop(FIXTURES / "atop5_1dy_sample.csv")


def test_fixture_has_the_atop_header() -> None:
    first = (FIXTURES / "atop5_1dy_sample.csv").read_text(encoding="utf-8").splitlines()[0]
    assert first == HEADER


def test_consecutive_years_merge_and_gaps_split(sample: ImportResult) -> None:
    ties = sample.ties.set_index("id")
    assert (ties.loc["atop-GBR-USA-1949-defense_pact", ["start", "end"]].tolist()
            == ["1949", "1951"])
    assert (ties.loc["atop-GBR-USA-1953-defense_pact", ["start", "end"]].tolist()
            == ["1953", "1953"])
    assert "3225" not in ties.loc["atop-GBR-USA-1949-defense_pact", "description"]


@pytest.mark.parametrize(
    ("tie_id", "tie_type", "weight"),
    [
        ("atop-DEU-USA-1955-defense_pact", "defense_pact", "1"),
        ("atop-POL-SUN-1990-defense_pact", "defense_pact", "1"),
        ("atop-POL-RUS-1992-alliance", "alliance", "0.4"),
        ("atop-SUN-YUG-1991-alliance", "alliance", "0.3"),
        ("atop-RUS-SCG-1993-alliance", "alliance", "0.3"),
        ("atop-USA-XKX-2010-alliance", "alliance", "0.3"),
    ],
    ids=["cow-260-west-germany", "cow-365-ussr", "cow-365-russia-nonagg", "cow-345-yugoslavia",
         "cow-345-serbia-montenegro", "cow-347-kosovo"],
)
def test_types_weights_and_dated_codes(sample: ImportResult, tie_id: str, tie_type: str,
                                       weight: str) -> None:
    tie = sample.ties.set_index("id").loc[tie_id]
    assert (tie["type"], tie["weight"], tie["directed"]) == (tie_type, weight, "false")


def test_every_row_is_accounted_for(sample: ImportResult, tmp_path: Path) -> None:
    report = sample.report
    assert (report.read, report.imported, report.merged, report.skipped) == (16, 8, 3, 5)
    reasons = {group.message: group.lines for group in report.by_level("ERROR")}
    assert reasons["no alliance obligation in this dyad-year (atopally 0): nothing to import"] \
        == [13]
    assert reasons["COW state number 999 is not in the crosswalk (data/country_codes.csv)"] \
        == [14]
    assert any("ARM" in reason and lines == [15] for reason, lines in reasons.items())
    assert reasons["the obligation column defense is not 0 or 1"] == [16]
    assert reasons["has 7 fields where the header has 17"] == [17]
    assert_accounted(sample)
    assert_loads(sample, tmp_path / "atop")


def test_directed_dyad_years_fold_into_one_tie() -> None:
    text = ("stateA,stateB,year,atopally,defense,offense,neutral,nonagg,consul\n"
            "2,200,2000,1,1,0,0,0,1\n200,2,2000,1,1,0,0,0,1\n2,200,2001,1,1,0,0,0,1\n")
    result = import_atop(text.encode(), name="atop5_1ddyr.csv")
    assert list(result.ties["id"]) == ["atop-GBR-USA-2000-defense_pact"]
    assert (result.report.imported, result.report.merged) == (1, 2)
    assert "ATOP 5.1" in result.sources.loc[0, "title"]


def test_since_until_and_open_ended() -> None:
    text = (HEADER + "\n" + "2200,2,200,2017,1,1,0,0,0,1,1,0,1,0,3180,,\n"
            "2200,2,200,2018,1,1,0,0,0,1,1,0,1,0,3180,,\n"
            "2200,2,200,1900,1,1,0,0,0,1,1,0,1,0,3180,,\n")
    result = import_atop(text.encode(), name="a.csv", since=2000, open_ended=True)
    tie = result.ties.iloc[0]
    assert (tie["start"], tie["end"]) == ("2017", "")
    assert result.report.skipped == 1


def test_not_atop_is_refused() -> None:
    with pytest.raises(ImportRefused, match="not an ATOP dyad-year file"):
        import_atop(b"source,target,start\nIRN,RUS,2022\n", name="x.csv")
