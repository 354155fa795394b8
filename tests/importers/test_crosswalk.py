"""The crosswalk: every project actor covered, the documented special cases, no ambiguity."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from pathlib import Path

import pytest

from graph.dataset import BUNDLED_DATA
from graph.dates import OPEN_END
from graph.importers.crosswalk import (
    CROSSWALK_PATH,
    Crosswalk,
    default_crosswalk,
    normalise_name,
    resolve,
)

from .conftest import SIPRI_REGISTER, shared_file

#: SIPRI names deliberately left unmapped: the importer reports them (ERROR) with their line.
UNMAPPED_SIPRI = {"unknown supplier(s)", "unknown recipient(s)", "unknown rebel group*"}


def test_every_project_actor_is_in_the_crosswalk() -> None:
    with (BUNDLED_DATA / "countries.csv").open(encoding="utf-8") as handle:
        ids = {row["id"] for row in csv.DictReader(handle)}
    walk = default_crosswalk()
    assert ids - set(walk.entries) == set()
    for actor in ids:
        assert walk.resolve(actor, "iso3") == actor


def test_crosswalk_file_has_the_documented_columns() -> None:
    with CROSSWALK_PATH.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == ["id", "name", "kind", "region", "cow_code", "cameo", "fips",
                      "valid_from", "valid_to", "aliases", "note"]


@pytest.mark.parametrize(
    ("code", "system", "when", "expected"),
    [
        (260, "cow", 1970, "DEU"),
        (255, "cow", 2000, "DEU"),
        (345, "cow", "1992-04-26", "YUG"),
        (345, "cow", "1992-04-27", "SCG"),
        (345, "cow", "2006-06-03", "SCG"),
        (345, "cow", "2006-06-04", "SRB"),
        (347, "cow", 2015, "XKX"),
        (365, "cow", "1991-12-25", "SUN"),
        (365, "cow", "1991-12-26", "RUS"),
        (365, "cow", None, "RUS"),
        ("RUS", "cameo", dt.date(1982, 1, 2), "SUN"),
        ("RUS", "cameo", dt.date(2016, 7, 28), "RUS"),
        ("ROM", "cameo", 2010, "ROU"),
        ("WSB", "cameo", 2010, "PSE"),
        ("Serbia", "name", 1999, "SCG"),
        ("Serbia", "name", 2019, "SRB"),
        ("Yugoslavia", "name", 1988, "YUG"),
        ("Soviet Union", "name", 1985, "SUN"),
        ("Korea, North", "name", None, "PRK"),
        ("Türkiye", "name", None, "TUR"),
        ("Turkiye", "name", None, "TUR"),
        ("UAE", "name", None, "ARE"),
        ("Bosnia-Herzegovina", "name", None, "BIH"),
        ("Viet Nam", "name", None, "VNM"),
        ("Congo", "name", None, "COG"),
        ("DR Congo", "name", None, "COD"),
        ("Houthi rebels (Yemen)*", "name", None, "HOU"),
        ("Hezbollah (Lebanon)*", "name", None, "HZB"),
        ("Hamas (Palestine)*", "name", None, "HMS"),
        ("NATO**", "name", None, "QNA"),
        ("RS", "fips", 2020, "RUS"),
        ("2", "any", None, "USA"),
        ("Iran", "any", None, "IRN"),
        ("irn", "any", None, "IRN"),
    ],
    ids=lambda value: str(value),
)
def test_resolve(code: object, system: str, when: object, expected: str) -> None:
    assert resolve(code, system, when) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("unknown", ["Atlantis", "", "999", "unknown recipient(s)", "XXX"])
def test_unknown_resolves_to_none(unknown: str) -> None:
    assert resolve(unknown, "any") is None


def test_non_state_actors_are_non_state() -> None:
    walk = default_crosswalk()
    for actor in ("HOU", "HZB", "HMS", "QNA", "QSY", "QUA"):
        assert walk.actor_row(actor)["kind"] == "non_state", actor


def test_shared_codes_have_disjoint_periods() -> None:
    walk = default_crosswalk()
    for system in ("cameo", "cow", "fips"):
        by_code: dict[str, list[tuple[int, int]]] = {}
        for code, _, first, last in walk.code_periods(system):  # type: ignore[arg-type]
            by_code.setdefault(code, []).append((first, last))
        for code, periods in by_code.items():
            periods.sort()
            for (_, end), (start, _) in itertools.pairwise(periods):
                assert end < start, (system, code, periods)


def test_names_are_unambiguous_unless_dated() -> None:
    walk = default_crosswalk()
    for entry in walk.entries.values():
        for name in (entry.name, *entry.aliases):
            found = walk.candidates(name, "name")
            if len(found) > 1:
                assert all(e.valid_from > 0 or e.valid_to < OPEN_END for e in found), name


def test_every_sipri_name_is_mapped_or_deliberately_reported() -> None:
    path = shared_file(SIPRI_REGISTER)
    names: set[str] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = next(i for i, row in enumerate(rows) if row[:3] == ["SIPRI AT Database ID",
                                                                "Supplier", "Recipient"])
    for row in rows[header + 1:]:
        names.update((row[1], row[2]))
    walk = default_crosswalk()
    unmapped = {name for name in names if walk.resolve(name, "name", 2010) is None}
    assert unmapped == UNMAPPED_SIPRI


def test_normalise_name() -> None:
    assert normalise_name("Côte d'Ivoire") == normalise_name("Cote d'Ivoire")
    assert normalise_name("The Gambia") == "gambia"


def test_a_custom_crosswalk_can_be_loaded(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text("id,name,kind,region,cow_code,cameo,fips,valid_from,valid_to,aliases,note\n"
                    "ATL,Atlantis,state,Europe,999,ATL,,,,Lost Continent,\n", encoding="utf-8")
    walk = Crosswalk.load(path)
    assert walk.resolve("Lost Continent", "name") == "ATL"
    assert walk.actor_row("ATL")["region"] == "Europe"
