"""The crosswalk from other datasets' country codes and names to the project's actor ids.

``data/country_codes.csv`` has one row per actor: ``id`` (the id used in ``countries.csv``: ISO
3166-1 alpha-3, or a documented code such as HZB or XKX), ``name``, ``kind``, ``region``, then the
codes other systems use for it, several separated by ``|``: ``cow_code`` (Correlates of War state
numbers, as ATOP uses them), ``cameo`` (GDELT actor country codes), ``fips`` (FIPS 10-4, GDELT geo
codes), ``aliases`` (English names as SIPRI, GDELT and ATOP spell them). ``data/CROSSWALK.md``
documents every special case.

A code or name normally belongs to one row. A few are shared by successive states, and then the
row's ``valid_from``/``valid_to`` say which one a date means: COW 365 is the Soviet Union before
1991-12-26 and Russia from that day; COW 345 is Yugoslavia before 1992-04-27, Serbia and
Montenegro to 2006-06-03 and Serbia after. Hence :func:`resolve` takes a date:

>>> resolve("Russia", "name")
'RUS'
>>> resolve(365, "cow", 1985), resolve(365, "cow", 1995)
('SUN', 'RUS')
>>> resolve("345", "cow", 1991), resolve("345", "cow", 1999), resolve("345", "cow", 2010)
('YUG', 'SCG', 'SRB')
>>> resolve(260, "cow", 1970), resolve(347, "cow", 2010)
('DEU', 'XKX')
>>> resolve("Houthi rebels (Yemen)*", "name"), resolve("Korea, North", "name")
('HOU', 'PRK')
>>> resolve("Atlantis", "name") is None
True

A year means its 1 July, a month its 15th day, and no date means today.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from graph.dataset import BUNDLED_DATA, TABLES
from graph.dates import OPEN_END, day_span, parse_partial_date

__all__ = [
    "CROSSWALK_PATH",
    "SYSTEMS",
    "Crosswalk",
    "Entry",
    "System",
    "default_crosswalk",
    "normalise_name",
    "resolve",
    "to_day",
]

CROSSWALK_PATH = BUNDLED_DATA / "country_codes.csv"
COUNTRIES_PATH = BUNDLED_DATA / "countries.csv"

System = Literal["iso3", "cow", "cameo", "fips", "name", "any"]
SYSTEMS: tuple[System, ...] = ("iso3", "cow", "cameo", "fips", "name", "any")

When = int | str | dt.date | None


@lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """The form names are compared in: no accents, case or punctuation, no leading "the".

    >>> normalise_name("  Côte d'Ivoire ")
    'cote d ivoire'
    >>> normalise_name("The Bahamas") == normalise_name("Bahamas")
    True
    >>> normalise_name("Bosnia & Herzegovina")
    'bosnia and herzegovina'
    """
    decomposed = unicodedata.normalize("NFKD", text.replace("&", " and "))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.sub(r"[^0-9a-z]+", " ", plain.casefold()).strip()
    return re.sub(r"^the ", "", words)


def to_day(when: When) -> int:
    """The day ordinal a date argument stands for (a year: 1 July; a month: the 15th).

    >>> dt.date.fromordinal(to_day(1991))
    datetime.date(1991, 7, 1)
    >>> dt.date.fromordinal(to_day("2006-06"))
    datetime.date(2006, 6, 15)
    """
    if when is None:
        return dt.date.today().toordinal()
    if isinstance(when, dt.date):
        return when.toordinal()
    if isinstance(when, int):
        return dt.date(max(1, min(when, 9999)), 7, 1).toordinal()
    parsed = parse_partial_date(str(when))
    if parsed.precision == "year":
        return dt.date(parsed.year, 7, 1).toordinal()
    if parsed.precision == "month":
        return dt.date(parsed.year, parsed.month or 1, 15).toordinal()
    return parsed.earliest().toordinal()


def _day(text: str, *, latest: bool) -> int | None:
    span = day_span(text)
    return None if span is None else span[1 if latest else 0]


def _codes(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|") if part.strip())


@dataclass(frozen=True)
class Entry:
    """One row of the crosswalk."""

    id: str
    name: str
    kind: str
    region: str
    cow_codes: tuple[int, ...]
    cameo: tuple[str, ...]
    fips: tuple[str, ...]
    aliases: tuple[str, ...]
    valid_from: int
    valid_to: int
    note: str = ""

    def valid_on(self, day: int) -> bool:
        return self.valid_from <= day <= self.valid_to


class Crosswalk:
    """Codes and names of other systems, resolved to actor ids (see the module docstring)."""

    def __init__(self, entries: Iterable[Entry],
                 countries: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self.entries: dict[str, Entry] = {}
        self._keys: dict[tuple[str, str], list[Entry]] = {}
        for entry in entries:
            self.entries[entry.id] = entry
            keys: list[tuple[str, str]] = [("iso3", entry.id)]
            keys += [("cow", str(code)) for code in entry.cow_codes]
            keys += [("cameo", code.upper()) for code in entry.cameo]
            keys += [("fips", code.upper()) for code in entry.fips]
            keys += [("name", normalise_name(name)) for name in (entry.name, *entry.aliases)]
            for key in dict.fromkeys(keys):
                self._keys.setdefault(key, []).append(entry)
        self.countries: dict[str, dict[str, str]] = {
            key: dict(value) for key, value in (countries or {}).items()
        }

    @classmethod
    def load(cls, path: Path | str | None = None,
             countries_path: Path | str | None = None) -> Crosswalk:
        """Read the crosswalk CSV and the countries file whose rows imported actors copy."""
        entries = []
        with Path(path or CROSSWALK_PATH).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                entries.append(Entry(
                    id=row["id"].strip(),
                    name=row["name"].strip(),
                    kind=row["kind"].strip() or "state",
                    region=row["region"].strip(),
                    cow_codes=tuple(int(code) for code in _codes(row.get("cow_code") or "")),
                    cameo=_codes(row.get("cameo") or ""),
                    fips=_codes(row.get("fips") or ""),
                    aliases=_codes(row.get("aliases") or ""),
                    valid_from=_day(row.get("valid_from") or "", latest=False) or 0,
                    valid_to=_day(row.get("valid_to") or "", latest=True) or OPEN_END,
                    note=(row.get("note") or "").strip(),
                ))
        countries: dict[str, dict[str, str]] = {}
        countries_file = Path(countries_path or COUNTRIES_PATH)
        if countries_file.is_file():
            with countries_file.open(encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle):
                    if row.get("id"):
                        countries[row["id"].strip()] = {k: (v or "").strip()
                                                        for k, v in row.items() if k}
        return cls(entries, countries)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.entries

    # --- resolving ---------------------------------------------------------------------------

    def candidates(self, code_or_name: str | int, system: System = "any") -> list[Entry]:
        """Every row the code or name may mean, before the date decides."""
        text = str(code_or_name).strip()
        if not text:
            return []
        if system == "any":
            for one in self._any_systems(text):
                found = self.candidates(text, one)
                if found:
                    return found
            return []
        if system == "name":
            return list(self._keys.get(("name", normalise_name(text)), []))
        if system == "cow":
            try:
                number = float(text)
            except ValueError:
                return []
            if not number.is_integer():
                return []
            return list(self._keys.get(("cow", str(int(number))), []))
        return list(self._keys.get((system, text.upper()), []))

    @staticmethod
    def _any_systems(text: str) -> tuple[System, ...]:
        if re.fullmatch(r"\d+(\.0+)?", text):
            return ("cow",)
        if re.fullmatch(r"[A-Za-z]{3}", text):
            return ("iso3", "cameo", "name")
        return ("name",)

    def lookup(self, code_or_name: str | int, system: System = "any",
               when: When = None) -> Entry | None:
        """The row a code or name means on a date (None when the crosswalk does not know it)."""
        found = self.candidates(code_or_name, system)
        if len(found) <= 1:
            return found[0] if found else None
        day = to_day(when)
        for entry in found:
            if entry.valid_on(day):
                return entry

        def distance(entry: Entry) -> int:
            return entry.valid_from - day if day < entry.valid_from else day - entry.valid_to

        return min(found, key=distance)

    def resolve(self, code_or_name: str | int, system: System = "any",
                when: When = None) -> str | None:
        """The actor id a code or name means on a date, None when unknown."""
        entry = self.lookup(code_or_name, system, when)
        return entry.id if entry else None

    # --- actors ------------------------------------------------------------------------------

    def span(self, actor_id: str) -> tuple[int, int]:
        """First and last day the actor exists (``countries.csv`` first, else the crosswalk)."""
        row = self.countries.get(actor_id)
        if row is not None:
            return (_day(row.get("start", ""), latest=False) or 0,
                    _day(row.get("end", ""), latest=True) or OPEN_END)
        entry = self.entries.get(actor_id)
        if entry is None:
            return (0, OPEN_END)
        return (entry.valid_from, entry.valid_to)

    def exists(self, actor_id: str, start: str, end: str = "") -> bool:
        """Whether a tie dated ``start``..``end`` fits in the actor's life.

        Partial dates are read as widely as validation reads them (``graph.validate``): a tie
        dated 1991 fits the Soviet Union, which ended on 1991-12-26; an empty ``end`` means the
        tie is still in force, which does not fit an actor that has ended.

        >>> cw = default_crosswalk()
        >>> cw.exists("SUN", "1991", "1991"), cw.exists("SUN", "1992", "1992")
        (True, False)
        >>> cw.exists("SUN", "1990"), cw.exists("RUS", "2022-02-24")
        (False, True)
        """
        first, last = self.span(actor_id)
        start_latest = _day(start, latest=True)
        end_earliest = _day(end, latest=False) if end else OPEN_END
        if start_latest is None:
            return True
        return not (start_latest < first or (end_earliest or OPEN_END) > last)

    def describe_span(self, actor_id: str) -> str:
        first, last = self.span(actor_id)
        start = "" if first <= 0 else dt.date.fromordinal(first).isoformat()
        end = "" if last >= OPEN_END else dt.date.fromordinal(last).isoformat()
        return f"from {start or 'the start'} to {end or 'today'}"

    def actor_row(self, actor_id: str) -> dict[str, str]:
        """The ``countries.csv`` row for an actor: copied when the project has it, else built.

        >>> row = default_crosswalk().actor_row("QNA")
        >>> row["name"], row["kind"], row["region"]
        ('NATO', 'non_state', 'Europe')
        """
        columns = TABLES["countries"].column_names
        known = self.countries.get(actor_id)
        if known is not None:
            return {column: known.get(column, "") for column in columns}
        entry = self.entries[actor_id]
        start = "" if entry.valid_from <= 0 else dt.date.fromordinal(entry.valid_from).isoformat()
        end = "" if entry.valid_to >= OPEN_END else dt.date.fromordinal(entry.valid_to).isoformat()
        row = dict.fromkeys(columns, "")
        row.update(id=entry.id, name=entry.name, kind=entry.kind, region=entry.region or "World",
                   cow_code=str(entry.cow_codes[0]) if entry.cow_codes else "",
                   start=start, end=end)
        return row

    def name(self, actor_id: str) -> str:
        entry = self.entries.get(actor_id)
        return entry.name if entry else actor_id

    def code_periods(self, system: System) -> list[tuple[str, str, int, int]]:
        """``(code, actor id, first day, last day)`` for every code of ``system``.

        The period is the code's validity cut to the actor's life, so that a join on the day
        finds at most one actor per code, and none when the actor did not exist.
        """
        periods: list[tuple[str, str, int, int]] = []
        for (key_system, code), entries in self._keys.items():
            if key_system != system:
                continue
            for entry in entries:
                first, last = self.span(entry.id)
                if len(entries) > 1:
                    first, last = max(first, entry.valid_from), min(last, entry.valid_to)
                if first <= last:
                    periods.append((code, entry.id, first, last))
        return periods

    def codes(self, system: System) -> set[str]:
        return {code for (key_system, code) in self._keys if key_system == system}


@lru_cache(maxsize=1)
def default_crosswalk() -> Crosswalk:
    """The crosswalk shipped in ``data/country_codes.csv`` (read once)."""
    return Crosswalk.load()


def resolve(code_or_name: str | int, system: System = "any", year: When = None) -> str | None:
    """The actor id that a code or name of ``system`` means in ``year`` (None when unknown).

    ``system`` is one of ``iso3``, ``cow``, ``cameo``, ``fips``, ``name`` or ``any`` (numbers
    are COW codes, three letters an id or CAMEO code, anything else a name); ``year`` may also
    be a partial ISO date or a :class:`datetime.date`.

    >>> resolve("Viet Nam", "name"), resolve("ROM", "cameo"), resolve("UR", "fips", 1980)
    ('VNM', 'ROU', 'SUN')
    """
    return default_crosswalk().resolve(code_or_name, system, year)
