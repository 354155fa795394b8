"""GDELT event exports: the real 1.0 sample (57 and 58 columns mixed), 2.0, zipped, many files."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest

from graph.importers import ImportRefused, import_gdelt

from .conftest import GDELT_SAMPLE, assert_accounted, assert_loads, shared_file


def event(day: str, actor1: str, actor2: str, quad: str = "1", *, version: str = "1.0",
          url: bool = True, goldstein: str = "2.0") -> str:
    """One synthetic event row in the GDELT 1.0 (57/58 fields) or 2.0 (61 fields) layout."""
    row = ["1", day, day[:6], day[:4], "2016.5", "", "", actor1] + [""] * 9 + [actor2]
    row += [""] * 11 + [quad, goldstein, "3", "1", "3", "-1.5"]
    geo = 8 if version == "2.0" else 7
    row += [""] * (3 * geo) + [day + ("000000" if version == "2.0" else "")]
    if url or version == "2.0":
        row.append("http://example.org/story")
    expected = 61 if version == "2.0" else (58 if url else 57)
    assert len(row) == expected
    return "\t".join(row)


def tsv(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode()


def test_real_sample_imports_with_mixed_57_and_58_columns(tmp_path: Path) -> None:
    path = shared_file(GDELT_SAMPLE)
    lines = path.read_text(encoding="utf-8").splitlines()
    counts = {len(line.split("\t")) for line in lines}
    assert counts == {57, 58}
    result = import_gdelt(path)
    assert result.report.read == len(lines) == 710
    assert_accounted(result)
    assert len(result.ties) > 50
    assert set(result.ties["type"]) == {"diplomatic_support", "friction"}
    assert_loads(result, tmp_path / "gdelt")
    # Each layout on its own also imports: the 57-field rows are not dropped as malformed.
    for width in (57, 58):
        subset = [line for line in lines if len(line.split("\t")) == width]
        part = import_gdelt(tsv(*subset), names=[f"only{width}.tsv"])
        assert part.report.read == len(subset)
        assert part.report.imported > 0
        assert not any("cannot be read" in g.message for g in part.report.by_level("ERROR"))


def test_real_sample_reasons_name_lines_and_codes() -> None:
    result = import_gdelt(shared_file(GDELT_SAMPLE))
    reasons = {group.message: group for group in result.report.by_level("ERROR")}
    assert reasons["Actor2CountryCode is empty"].lines[:3] == [1, 3, 6]
    assert "the actor code EUR is a region, not a country" in reasons
    assert "both actors are the same country (a domestic event)" in reasons
    # 1982 events: Azerbaijan did not exist yet, and CAMEO's RUS meant the Soviet Union.
    assert "the actor AZE did not exist on the event day" in reasons
    assert "SUN" in set(result.ties["source"]) | set(result.ties["target"])


def test_gdelt_2_and_time_dependent_codes() -> None:
    rows = [
        event("20240105", "USA", "UKR", "2", version="2.0"),
        event("20240110", "UKR", "USA", "1", version="2.0"),
        event("19900315", "RUS", "IRN", "1", version="2.0"),
        event("20100101", "SSD", "SDN", "4", version="2.0"),
        event("20240105", "EUR", "RUS", "3", version="2.0"),
        event("20240105", "FRA", "FRA", "1", version="2.0"),
        event("20240105", "FRA", "ZZZ", "1", version="2.0"),
        event("2024XX05", "FRA", "DEU", "1", version="2.0"),
        event("20240105", "FRA", "DEU", "9", version="2.0"),
    ]
    result = import_gdelt(tsv(*rows), names=["v2.export.CSV"])
    ties = result.ties.set_index("id")
    assert ties.loc["gdelt-UKR-USA-2024-01-coop", "description"].startswith("GDELT: 2 events")
    assert ties.loc["gdelt-IRN-SUN-1990-03-coop", "type"] == "diplomatic_support"
    assert (result.report.read, result.report.imported, result.report.merged,
            result.report.skipped) == (9, 2, 1, 6)
    reasons = {g.message: g.lines for g in result.report.by_level("ERROR")}
    assert reasons["the actor SSD did not exist on the event day"] == [4]
    assert reasons["the actor country code ZZZ is not in the crosswalk"] == [7]
    assert reasons["SQLDATE is missing or not a date"] == [8]
    assert reasons["QuadClass is missing or not 1 to 4"] == [9]
    assert "GDELT 2.0" in result.sources.loc[0, "title"]
    assert result.sources.loc[0, "date"] == "2024-01-10"


def test_conflict_quadclasses_become_friction() -> None:
    result = import_gdelt(tsv(event("20220301", "RUS", "UKR", "4", goldstein="-10")),
                          names=["w.tsv"])
    tie = result.ties.iloc[0]
    assert (tie["type"], tie["sign"], tie["start"], tie["end"]) == ("friction", "-1",
                                                                      "2022-03", "2022-03")


def test_many_files_zip_and_gzip_aggregate_together(tmp_path: Path) -> None:
    first = tmp_path / "20240101.export.CSV"
    first.write_bytes(tsv(event("20240101", "USA", "UKR"), event("20240102", "USA", "UKR")))
    packed = tmp_path / "20240102.export.CSV.zip"
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("20240102.export.CSV", tsv(event("20240103", "UKR", "USA")))
    squeezed = tmp_path / "20240103.export.CSV.gz"
    squeezed.write_bytes(gzip.compress(tsv(event("20240104", "USA", "UKR"),
                                           event("20240104", "USA", "CHN", "3"))))
    result = import_gdelt([first, packed, squeezed])
    assert result.report.files == ["20240101.export.CSV", "20240102.export.CSV.zip",
                                   "20240102.export.CSV.zip:20240102.export.CSV",
                                   "20240103.export.CSV.gz"]
    ties = result.ties.set_index("id")
    assert "GDELT: 4 events" in ties.loc["gdelt-UKR-USA-2024-01-coop", "description"]
    assert ties.loc["gdelt-UKR-USA-2024-01-coop", "weight"] == "1"
    assert float(ties.loc["gdelt-CHN-USA-2024-01-conflict", "weight"]) < 1
    assert (result.report.read, result.report.imported, result.report.merged) == (5, 2, 3)


def test_min_events_and_directed() -> None:
    rows = [event("20240101", "USA", "UKR"), event("20240102", "UKR", "USA"),
            event("20240103", "USA", "CHN")]
    result = import_gdelt(tsv(*rows), names=["m.tsv"], min_events=2)
    assert list(result.ties["id"]) == ["gdelt-UKR-USA-2024-01-coop"]
    assert result.report.skipped == 1 and result.report.balanced
    directed = import_gdelt(tsv(*rows), names=["d.tsv"], directed=True)
    assert set(directed.ties["id"]) == {"gdelt-USA-UKR-2024-01-coop",
                                        "gdelt-UKR-USA-2024-01-coop",
                                        "gdelt-USA-CHN-2024-01-coop"}
    assert set(directed.ties["directed"]) == {"true"}


def test_a_line_that_is_not_utf8_is_skipped_with_its_physical_line() -> None:
    good = event("20240101", "USA", "UKR")
    odd_url = good.replace("example", "ex\xe9mple").encode("latin-1")
    odd_code = event("20240101", "U\xe9A", "UKR").encode("latin-1")
    data = tsv(good) + odd_url + b"\n" + odd_code + b"\n" + tsv(good, event("20240101", "FRA",
                                                                         "FRA"))
    result = import_gdelt(data, names=["enc.tsv"])
    reasons = {g.message: g.lines for g in result.report.by_level("ERROR")}
    # A stray byte in a column the import does not use is harmless; in a code it drops the row.
    assert reasons["the line is not valid UTF-8"] == [3]
    assert reasons["both actors are the same country (a domestic event)"] == [5]
    assert (result.report.read, result.report.imported, result.report.merged) == (5, 1, 2)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"source,target,start\nIRN,RUS,2022\n", "not a GDELT event export"),
        (b"\x00\x01\x02\x03", "binary"),
        (("x\t" * 56 + "x\n").encode(), "does not start with an event id"),
    ],
    ids=["empty", "csv", "binary", "57-fields-but-not-events"],
)
def test_not_gdelt_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ImportRefused, match=message) as caught:
        import_gdelt(data, names=["x.tsv"])
    assert caught.value.report.refused
