"""Import ATOP dyad-year alliance data (Leeds et al. 2002) as alliance ties.

Input: the ATOP 5.1 dyad-year file (``atop5_1dy.csv``: ``dyad, mem1, mem2, year, atopally,
defense, offense, neutral, nonagg, consul, ...`` with Correlates of War state numbers), or the
directed dyad-year file (``stateA, stateB`` instead of ``mem1, mem2``; both directions fold into
one tie). Further columns are ignored, except ``atopid1``, ``atopid2``... whose alliance ids are
listed in the description.

Mapping:

* members are COW numbers resolved through the crosswalk for the year (a year means its 1 July:
  365 is SUN to 1991 and RUS from 1992; 345 is YUG to 1991, SCG 1992–2005, SRB from 2006;
  260 West Germany is DEU; 347 is XKX);
* the strongest obligation in force types the tie and sets its weight:

  ============  ===============  ======
  obligation    type             weight
  ============  ===============  ======
  defense       ``defense_pact``  1.0
  offense       ``alliance``      0.8
  neutral       ``alliance``      0.5
  nonagg        ``alliance``      0.4
  consul        ``alliance``      0.3
  ============  ===============  ======

* consecutive years of one pair with the same type and weight merge into one tie dated
  ``first year`` to ``last year`` (its first row is imported, the others merged); a gap or a
  change of obligation starts a new tie. ``open_ended=True`` leaves ``end`` empty (still in
  force) for ties that reach the file's last year: ATOP stops there, not necessarily the
  alliance;
* undirected, ``confidence`` high;
* dropped (ERROR, with the line): a dyad-year with no obligation (``atopally`` 0), an
  obligation cell that is not 0 or 1, a COW number the crosswalk lacks, a member that did not
  exist in that year by ``countries.csv``, a year outside ``since``..``until``.

(No importer exists for the Correlates of War alliance data: its maintainer asks that software
not facilitate its use.)

>>> text = ("dyad,mem1,mem2,year,atopally,defense,offense,neutral,nonagg,consul\\n"
...         "2200,2,200,1949,1,1,0,0,0,1\\n2200,2,200,1950,1,1,0,0,0,1\\n")
>>> result = import_atop(text.encode(), name="atop5_1dy.csv")
>>> result.ties[["id", "source", "target", "type", "weight", "start", "end"]].values.tolist()
[['atop-GBR-USA-1949-defense_pact', 'GBR', 'USA', 'defense_pact', '1', '1949', '1950']]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .crosswalk import Crosswalk, default_crosswalk
from .edgelist import fit_row, read_delimited
from .ids import safe_id
from .reading import Source, decode_text, load_input
from .report import ImportReport
from .result import ImportResult, ResultBuilder

__all__ = ["ATOP_URL", "OBLIGATIONS", "import_atop", "looks_like_atop"]

ATOP_URL = "http://www.atopdata.org/"

#: Obligations from strongest to weakest: (column, tie type, weight, words).
OBLIGATIONS: tuple[tuple[str, str, float, str], ...] = (
    ("defense", "defense_pact", 1.0, "defence"),
    ("offense", "alliance", 0.8, "offence"),
    ("neutral", "alliance", 0.5, "neutrality"),
    ("nonagg", "alliance", 0.4, "non-aggression"),
    ("consul", "alliance", 0.3, "consultation"),
)
_MEMBER_COLUMNS = (("mem1", "mem2"), ("statea", "stateb"), ("ccode1", "ccode2"))


def looks_like_atop(header: list[str]) -> bool:
    """Whether a header is an ATOP dyad-year header.

    >>> looks_like_atop(["dyad", "mem1", "mem2", "year", "atopally", "defense", "offense",
    ...                  "neutral", "nonagg", "consul"])
    True
    """
    names = {cell.strip().casefold() for cell in header}
    members = any({a, b} <= names for a, b in _MEMBER_COLUMNS)
    return members and "year" in names and {"defense", "offense", "consul"} <= names


@dataclass
class _Run:
    source: str
    target: str
    tie_type: str
    weight: float
    years: dict[int, list[int]] = field(default_factory=dict)
    kinds: dict[int, set[str]] = field(default_factory=dict)
    alliances: dict[int, set[str]] = field(default_factory=dict)


def _flag(text: str) -> int | None:
    value = text.strip()
    if value in {"", "."}:
        return 0
    if re.fullmatch(r"[01](\.0+)?", value):
        return int(float(value))
    return None


def import_atop(source: Source, *, name: str | None = None, since: int | None = None,
                until: int | None = None, open_ended: bool = False,
                crosswalk: Crosswalk | None = None) -> ImportResult:
    """Import an ATOP dyad-year file as ``defense_pact`` and ``alliance`` ties over intervals.

    ``source`` is a path or the file's bytes (``name`` names it in the report).
    """
    walk = crosswalk or default_crosswalk()
    report = ImportReport("atop")
    display, data = load_input(source, report, name=name)
    text = decode_text(data, display, report)
    header, rows = read_delimited(text, display, report)
    names = [cell.strip().casefold() for cell in header]
    position = {column: index for index, column in reversed(list(enumerate(names)))}
    members = next(((a, b) for a, b in _MEMBER_COLUMNS if a in position and b in position), None)
    needed = ["year", *(column for column, *_ in OBLIGATIONS)]
    missing = [column for column in needed if column not in position]
    if members is None or missing:
        lacks = ", ".join((["mem1, mem2"] if members is None else []) + missing)
        raise report.refuse(display, f"not an ATOP dyad-year file: the header lacks {lacks}", 1)
    id_columns = [index for column, index in position.items() if re.fullmatch(r"atopid\d+",
                                                                               column)]

    runs: dict[tuple[str, str, str, float], _Run] = {}
    last_year = 0
    for line, raw in rows:
        report.read += 1
        row = fit_row(raw, header, line, display, report)
        if row is None:
            continue
        year_text = row[position["year"]].strip()
        if not re.fullmatch(r"\d{3,4}(\.0+)?", year_text):
            report.skip(display, line, "the year is not a year", year_text)
            continue
        year = int(float(year_text))
        last_year = max(last_year, year)
        if (since is not None and year < since) or (until is not None and year > until):
            report.skip(display, line, f"outside the years asked for ({since or ''}.."
                                       f"{until or ''})", str(year))
            continue
        flags: dict[str, int] = {}
        bad = ""
        for column, *_ in OBLIGATIONS:
            value = _flag(row[position[column]])
            if value is None:
                bad = column
                break
            flags[column] = value
        if bad:
            report.skip(display, line, f"the obligation column {bad} is not 0 or 1",
                        row[position[bad]])
            continue
        strongest = next((o for o in OBLIGATIONS if flags[o[0]]), None)
        if strongest is None:
            report.skip(display, line, "no alliance obligation in this dyad-year "
                                       "(atopally 0): nothing to import", str(year))
            continue
        actors: list[str] = []
        for column in members:
            code = row[position[column]].strip()
            actor = walk.resolve(code, "cow", year)
            if actor is None:
                report.skip(display, line, f"COW state number {code} is not in the crosswalk "
                                           "(data/country_codes.csv)", code)
                break
            if not walk.exists(actor, str(year), str(year)):
                report.skip(display, line, f"{walk.name(actor)} ({actor}, COW {code}) did not "
                                           f"exist in the year: it exists "
                                           f"{walk.describe_span(actor)}", str(year))
                break
            actors.append(actor)
        if len(actors) < 2:
            continue
        if actors[0] == actors[1]:
            report.skip(display, line, f"both members are {actors[0]}", str(year))
            continue
        first, second = sorted(actors)
        _, tie_type, weight, _ = strongest
        key = (first, second, tie_type, weight)
        run = runs.get(key)
        if run is None:
            run = runs[key] = _Run(first, second, tie_type, weight)
        run.years.setdefault(year, []).append(line)
        run.kinds.setdefault(year, set()).update(
            words for column, _, _, words in OBLIGATIONS if flags[column])
        for index in id_columns:
            alliance = row[index].strip()
            if alliance and alliance not in {"0", "."}:
                run.alliances.setdefault(year, set()).add(alliance.removesuffix(".0"))

    version = re.search(r"atop\s*_?(\d+)[._](\d+)", display, re.I)
    builder = ResultBuilder("atop", report, walk, {
        "id": safe_id("atop", "src", f"{version[1]}.{version[2]}" if version else display),
        "publisher": "Alliance Treaty Obligations and Provisions (ATOP) project",
        "title": (f"ATOP {version[1]}.{version[2]} " if version else "ATOP ")
        + f"dyad-year data ({display}); Leeds et al. 2002, International Interactions 28",
        "date": "",
        "url": ATOP_URL,
    })
    intervals: list[tuple[_Run, int, int]] = []
    for run in runs.values():
        years = sorted(run.years)
        first_year = last = years[0]
        for following in [*years[1:], None]:
            if following is not None and following == last + 1:
                last = following
                continue
            intervals.append((run, first_year, last))
            if following is not None:
                first_year = last = following
    for run, start, end in sorted(intervals, key=lambda item: (item[1], item[0].source,
                                                                item[0].target)):
        lines = [line for year in range(start, end + 1) for line in run.years.get(year, [])]
        report.imported += 1
        report.merged += len(lines) - 1
        span = range(start, end + 1)
        in_force = set().union(*(run.kinds.get(year, set()) for year in span))
        alliances = set().union(*(run.alliances.get(year, set()) for year in span))
        kinds = ", ".join(words for *_, words in OBLIGATIONS if words in in_force)
        label = "defence pact" if run.tie_type == "defense_pact" else "alliance"
        ids = f"; ATOP alliance ids {', '.join(sorted(alliances))}" if alliances else ""
        open_end = open_ended and end == last_year
        period = str(start) if start == end else f"{start}–{end}"
        description = (f"ATOP: {label} between {walk.name(run.source)} and "
                       f"{walk.name(run.target)}, {period}"
                       f"{' (the data end there)' if open_end else ''}; obligations in force: "
                       f"{kinds}{ids}.")
        builder.add_tie(tie_id=safe_id("atop", run.source, run.target, start, run.tie_type),
                        source=run.source, target=run.target, tie_type=run.tie_type,
                        weight=run.weight, start=str(start), end="" if open_end else str(end),
                        description=description, confidence="high", directed=False)
    return builder.build(display, {
        "description": ("Alliance obligations from the Alliance Treaty Obligations and "
                        "Provisions (ATOP) dyad-year data, merged into intervals."),
    })
