"""Import a SIPRI Arms Transfers Database trade register as ``arms_transfer`` ties.

Two exports are read, told apart by their header line:

* **the current export** (2024 on): a preamble of about eleven lines, then the header
  ``SIPRI AT Database ID,Supplier,Recipient,Designation,Description,...,Delivery year,...,
  TIV delivery values,Local production``; every line ends in ``;`` and CRLF; one row per deal
  and delivery year.
* **the older export**, whose header names ``Recipient, Supplier, Year of order, ...,
  Weapon designation, Weapon description, Number delivered, ..., Year(s) of deliveries,
  status, Comments, SIPRI TIV per unit, SIPRI TIV for total order, SIPRI TIV of delivered
  weapons``: one row per deal, the delivery years listed in one cell (``2020; 2021``,
  ``2018-2020``, uncertain years in brackets or with ``?``). It has no deal id: the deal is
  named by its line. Assumed, since no such file was at hand: the delivered TIV and number are
  spread evenly over the listed years (see ``data/CROSSWALK.md``).

Mapping:

* one tie per supplier, recipient and delivery year (``group="dyad-year"``, the default), or per
  deal and delivery year (``group="deal-year"``); ``start = end =`` the year (year precision);
  rows folded into a tie another row started count as *merged*;
* supplier and recipient are English names resolved through the crosswalk
  (:mod:`graph.importers.crosswalk`); non-state actors (``Houthi rebels (Yemen)*`` → HOU,
  ``Hezbollah (Lebanon)*`` → HZB, ``Hamas (Palestine)*`` → HMS, the others to the generated
  ``Q..`` ids of ``data/CROSSWALK.md``) become ``non_state`` actors and are never dropped;
* **weight**: the delivered TIV summed over the tie's rows, log-scaled against the largest tie
  of the file: ``max(0.05, log(1 + tiv) / log(1 + max_tiv))`` (``scaling="linear"`` gives
  ``tiv / max_tiv``, same floor). A TIV of 0 (SIPRI: between 0 and 0.5 million) or a missing
  TIV gets the floor 0.05 (a missing one with a WARNING);
* **description**: every deal folded into the tie: deal id, designation, description, number
  delivered, order year, TIV;
* **confidence**: ``high``, or ``medium`` when a row's delivery year is an estimate;
* **threshold** (``min_tiv``, default 0: every tie kept): a tie whose delivered TIV, summed over
  its rows, is below ``min_tiv`` million is dropped after aggregation, and its rows are
  *skipped* (one ERROR finding naming the threshold, with the count and first lines); the
  weights are still scaled against the largest tie of the file, so they do not depend on the
  threshold. A row is *imported* when it started a tie that is kept, *merged* when it was
  folded into a kept tie another row started;
* dropped (ERROR, with the line): ``unknown supplier(s)``, ``unknown recipient(s)``,
  ``unknown rebel group*`` (not identified), a name the crosswalk lacks, a missing delivery
  year, an actor that did not exist in the delivery year (e.g. South Sudan before 2011-07-09),
  a row whose field count differs from the header's.

The source row credits SIPRI as its terms ask: "Information from the SIPRI Arms Transfers
Database"; calculations such as the weights are this project's, not SIPRI's.

>>> text = (
...     "Transfers of major conventional arms;\\r\\n"
...     "Data generated: 12 Feb 2026 12:26:12 PM;\\r\\n"
...     "SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,"
...     "Order date,Order date is estimate,Numbers delivered,Numbers delivered is estimate,"
...     "Delivery year,Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,"
...     "TIV delivery values,Local production;\\r\\n"
...     "65539,Iran,Russia,Shahed-136,one-way attack drone,Missiles,2022,No,600,Yes,2022,No,"
...     "New,0.1,0.1,60,Yes;\\r\\n")
>>> result = import_sipri(text.encode(), name="register.csv")
>>> result.ties[["id", "source", "target", "type", "start", "end", "weight"]].values.tolist()
[['sipri-IRN-RUS-2022', 'IRN', 'RUS', 'arms_transfer', '2022', '2022', '1']]
>>> result.sources.loc[0, "date"]
'2026-02-12'
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .crosswalk import Crosswalk, default_crosswalk
from .ids import safe_id, scale_weights
from .reading import Source, decode_text, load_input
from .report import ImportReport
from .result import ImportResult, ResultBuilder

__all__ = ["SIPRI_CREDIT", "SIPRI_LICENSE", "SIPRI_URL", "import_sipri", "looks_like_sipri"]

SIPRI_URL = "https://www.sipri.org/databases/armstransfers"
#: The credit line SIPRI's terms ask for.
SIPRI_CREDIT = "Information from the SIPRI Arms Transfers Database"
#: SIPRI's terms of use, as a Data Package licence: not the curated data's CC BY 4.0.
SIPRI_LICENSE: dict[str, str] = {
    "name": "SIPRI-ATDB-terms",
    "path": SIPRI_URL,
    "title": (
        f"SIPRI Arms Transfers Database terms: free to use with the credit line "
        f'"{SIPRI_CREDIT}"; calculations must not be attributed to SIPRI; no '
        "commercial use without SIPRI's agreement"
    ),
}
WEIGHT_FLOOR = 0.05
HEADER_SEARCH_LINES = 40

Grouping = Literal["dyad-year", "deal-year"]

# Columns, by the normalised header names of both exports.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "deal": ("sipri at database id", "deal id"),
    "supplier": ("supplier",),
    "recipient": ("recipient",),
    "designation": ("designation", "weapon designation"),
    "description": ("description", "weapon description"),
    "category": ("armament category",),
    "order_year": ("order date", "year of order", "year of order licence"),
    "number": ("numbers delivered", "number delivered", "number delivered produced"),
    "year": ("delivery year",),
    "years": ("year s of deliveries", "year s of delivery", "years of deliveries"),
    "year_estimate": ("delivery year is estimate",),
    "tiv": ("tiv delivery values", "sipri tiv of delivered weapons"),
    "local": ("local production",),
    "comments": ("comments",),
}

_MONTHS = {
    name: index
    for index, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", header.casefold()).strip()


def looks_like_sipri(text: str) -> bool:
    """Whether a text looks like a SIPRI trade register (a header naming Supplier and
    Recipient within the first lines, and SIPRI named or TIV columns).

    >>> looks_like_sipri("Supplier,Recipient,Delivery year,TIV delivery values\\n")
    True
    >>> looks_like_sipri("source,target,start\\n")
    False
    """
    return _find_header(text.splitlines()[:HEADER_SEARCH_LINES]) is not None


def _find_header(lines: list[str]) -> tuple[int, list[str], str] | None:
    for index, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        if "supplier" not in line.casefold() or "recipient" not in line.casefold():
            continue
        try:
            cells = next(csv.reader([line.rstrip("\r\n")]))
        except (csv.Error, StopIteration):
            continue
        cells = [cell.strip() for cell in cells]
        if cells and cells[-1].endswith(";"):
            cells[-1] = cells[-1][:-1].strip()
        names = {_norm(cell) for cell in cells}
        if {"supplier", "recipient"} <= names:
            old = "year of order" in names or any(n.startswith("sipri tiv") for n in names)
            new = "delivery year" in names or "sipri at database id" in names
            if old or new:
                return index, cells, "current" if new and not old else "older"
    return None


def _preamble_date(lines: list[str]) -> str:
    for line in lines:
        match = re.search(r"generated:?\s*(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})", line, re.I)
        if match:
            month = _MONTHS.get(match[2][:3].casefold())
            if month:
                try:
                    return dt.date(int(match[3]), month, int(match[1])).isoformat()
                except ValueError:
                    return match[3]
    return ""


def _preamble_range(lines: list[str]) -> str:
    for line in lines:
        match = re.search(r"year range '(\d{4})' to '(\d{4})'", line)
        if match:
            return f"deliveries {match[1]}–{match[2]}"
    return ""


def _number(text: str) -> float | None:
    cleaned = text.strip().strip("()?").replace(",", "")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value >= 0 else None


def _years(text: str) -> tuple[list[int], bool]:
    """Delivery years listed in one cell of the older export, and whether any is uncertain."""
    uncertain = "?" in text or "(" in text
    years: list[int] = []
    for match in re.finditer(r"(\d{4})\s*[-–]\s*(\d{4})|(\d{4})", text):
        if match[1] and match[2]:
            first, last = int(match[1]), int(match[2])
            if first <= last <= first + 60:
                years.extend(range(first, last + 1))
        elif match[3]:
            years.append(int(match[3]))
    return sorted(dict.fromkeys(years)), uncertain


@dataclass
class _Tie:
    source: str
    target: str
    year: int
    first_line: int
    tiv: float = 0.0
    estimated: bool = False
    deals: list[str] = field(default_factory=list)
    deal_ids: list[str] = field(default_factory=list)


_Memo = dict[tuple[str, str, int], tuple[str | None, str]]


def _actor(
    name: str, role: str, year: int, crosswalk: Crosswalk, memo: _Memo
) -> tuple[str | None, str]:
    """The actor id for a SIPRI name, or None and the reason it is dropped (memoised)."""
    key = (name, role, year)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _resolve_actor(name, role, year, crosswalk)
    return found


def _resolve_actor(name: str, role: str, year: int, crosswalk: Crosswalk) -> tuple[str | None, str]:
    plain = name.strip()
    lowered = plain.casefold()
    if not plain:
        return None, f"the {role} is empty"
    if lowered.startswith("unknown"):
        what = "an unidentified rebel group" if "rebel" in lowered else f"not identified ({plain})"
        return None, f"the {role} is {what}: SIPRI could not name it"
    actor = crosswalk.resolve(plain, "name", year)
    if actor is None:
        return None, (
            f"the {role} {plain!r} is not in the crosswalk (data/country_codes.csv); "
            "add it as an alias"
        )
    if not crosswalk.exists(actor, str(year), str(year)):
        return None, (
            f"the {role} {plain} ({actor}) did not exist in the delivery year: it "
            f"exists {crosswalk.describe_span(actor)}"
        )
    return actor, ""


def import_sipri(
    source: Source,
    *,
    name: str | None = None,
    group: Grouping = "dyad-year",
    scaling: Literal["log", "linear"] = "log",
    min_tiv: float = 0.0,
    crosswalk: Crosswalk | None = None,
) -> ImportResult:
    """Import a SIPRI trade register (either export) as ``arms_transfer`` ties.

    ``source`` is a path or the file's bytes (then ``name`` names it in the report);
    ``min_tiv`` drops the ties that delivered less than that many million TIV (see the
    module's docstring). Raises :class:`~graph.importers.report.ImportRefused` when the file
    is not a trade register, and ``ValueError`` when ``min_tiv`` is negative or not finite.

    >>> header = ("Supplier,Recipient,Delivery year,TIV delivery values;\\r\\n"
    ...           "Iran,Russia,2022,60;\\r\\nIran,Syria,2022,2;\\r\\n")
    >>> result = import_sipri(header.encode(), min_tiv=10)
    >>> result.ties[["source", "target", "weight"]].values.tolist()
    [['IRN', 'RUS', '1']]
    >>> result.report.summary()
    'sipri import of upload: 2 rows read, 1 imported, 0 merged, 1 skipped'
    """
    if not math.isfinite(min_tiv) or min_tiv < 0:
        raise ValueError(f"min_tiv must be a finite number of million TIV, 0 or more: {min_tiv}")
    walk = crosswalk or default_crosswalk()
    report = ImportReport("sipri")
    display, data = load_input(source, report, name=name)
    text = decode_text(data, display, report)
    lines = text.splitlines()
    found = _find_header(lines)
    if found is None:
        raise report.refuse(
            display,
            "not a SIPRI trade register: no header line naming "
            f"Supplier and Recipient in the first {HEADER_SEARCH_LINES}"
            " lines",
        )
    header_index, header, export = found
    names = [_norm(cell) for cell in header]
    where: dict[str, int] = {}
    for key, options in _COLUMNS.items():
        for position, column in enumerate(names):
            if column in options:
                where.setdefault(key, position)
    year_key = "year" if export == "current" else "years"
    missing = [key for key in ("supplier", "recipient", year_key, "tiv") if key not in where]
    if missing:
        raise report.refuse(
            display,
            f"the {export} SIPRI export needs the columns "
            f"{', '.join(missing)}, which the header lacks",
            header_index + 1,
        )
    preamble = lines[:header_index]
    report.notes.append(f"{export} SIPRI export; header on line {header_index + 1}")

    ties: dict[tuple[Any, ...], _Tie] = {}
    touched: list[tuple[int, list[tuple[Any, ...]]]] = []
    memo: _Memo = {}
    body = "\n".join(lines[header_index + 1 :])
    reader = csv.reader(io.StringIO(body, newline=""))
    start_line = header_index + 2
    line = start_line
    try:
        for row in reader:
            if row and row[-1].endswith(";"):
                row[-1] = row[-1][:-1]
            if not any(cell.strip() for cell in row):
                line = start_line + reader.line_num
                continue
            report.read += 1
            keys = _row(row, line, display, header, where, export, group, walk, ties, report, memo)
            if keys:
                touched.append((line, keys))
            line = start_line + reader.line_num
    except csv.Error as error:
        raise report.refuse(display, f"cannot be read as CSV: {error}", line) from None
    kept = _account(ties, touched, min_tiv, display, report)

    builder = ResultBuilder(
        "sipri",
        report,
        walk,
        {
            "id": safe_id("sipri", "src", _preamble_date(preamble) or "undated"),
            "publisher": "SIPRI Arms Transfers Database",
            "title": " ".join(
                part
                for part in (
                    "Trade register: transfers of major conventional arms",
                    f"({_preamble_range(preamble)})" if _preamble_range(preamble) else "",
                    f"[{export} export, file {display}]",
                )
                if part
            ),
            "date": _preamble_date(preamble),
            "url": SIPRI_URL,
        },
    )
    ordered = sorted(ties.values(), key=lambda tie: tie.first_line)
    weights = scale_weights([tie.tiv for tie in ordered], scaling=scaling, floor=WEIGHT_FLOOR)
    for tie, weight in zip(ordered, weights, strict=True):
        if id(tie) not in kept:
            continue
        pair = f"{walk.name(tie.source)} → {walk.name(tie.target)}"
        deals = "; ".join(tie.deals)
        description = (
            f"SIPRI arms transfers {pair}, deliveries in {tie.year}: "
            f"TIV {tie.tiv:g} million. Deals: {deals}."
        )
        key_id = (
            safe_id("sipri", tie.source, tie.target, tie.year)
            if group == "dyad-year"
            else safe_id("sipri", tie.deal_ids[0], tie.year)
        )
        builder.add_tie(
            tie_id=key_id,
            source=tie.source,
            target=tie.target,
            tie_type="arms_transfer",
            weight=weight,
            start=str(tie.year),
            end=str(tie.year),
            description=description,
            confidence="medium" if tie.estimated else "high",
        )
    threshold = (
        f" Only ties that delivered at least {min_tiv:g} million TIV in their year are kept."
        if min_tiv > 0
        else ""
    )
    return builder.build(
        display,
        {
            "description": (
                "Arms transfers imported from the SIPRI Arms Transfers Database. "
                "Information from the SIPRI Arms Transfers Database; the weights are "
                "this project's calculation, not SIPRI's." + threshold
            ),
            "licenses": [SIPRI_LICENSE],
        },
    )


def _account(
    ties: dict[tuple[Any, ...], _Tie],
    touched: list[tuple[int, list[tuple[Any, ...]]]],
    min_tiv: float,
    display: str,
    report: ImportReport,
) -> set[int]:
    """Apply the threshold and count each row read and not yet skipped as imported, merged
    or skipped (below the threshold); returns the ``id`` of each tie kept."""
    kept = {id(tie) for tie in ties.values() if tie.tiv >= min_tiv}
    below: list[int] = []
    for line, keys in touched:
        alive = [ties[key] for key in keys if id(ties[key]) in kept]
        if not alive:
            below.append(line)
        elif any(tie.first_line == line for tie in alive):
            report.imported += 1
        else:
            report.merged += 1
    report.skip_many(
        display,
        f"the tie delivered less than the threshold of {min_tiv:g} "
        "million TIV in its year (min_tiv, --min-tiv)",
        len(below),
        below,
    )
    return kept


def _row(
    row: list[str],
    line: int,
    display: str,
    header: list[str],
    where: Mapping[str, int],
    export: str,
    group: Grouping,
    walk: Crosswalk,
    ties: dict[tuple[Any, ...], _Tie],
    report: ImportReport,
    memo: _Memo,
) -> list[tuple[Any, ...]]:
    """Fold one row into ``ties``: the keys of the ties it went into (none: skipped)."""
    if len(row) != len(header):
        report.skip(
            display,
            line,
            f"has {len(row)} fields where the header has {len(header)}",
            ",".join(row)[:80],
        )
        return []

    values = {key: row[index].strip() for key, index in where.items()}

    def cell(key: str) -> str:
        return values.get(key, "")

    if export == "current":
        year_text = cell("year")
        years = [int(year_text)] if re.fullmatch(r"\d{4}", year_text) else []
        uncertain = cell("year_estimate").casefold() == "yes"
        if not years:
            report.skip(display, line, "the delivery year is missing or not a year", year_text)
            return []
        deal_id = cell("deal") or f"L{line}"
    else:
        years, uncertain = _years(cell("years"))
        if not years:
            report.skip(
                display,
                line,
                "no delivery year: the deal was ordered but nothing "
                "delivered, or the years cannot be read",
                cell("years"),
            )
            return []
        deal_id = cell("deal") or f"L{line}"

    actors: list[str] = []
    for role in ("supplier", "recipient"):
        actor, reason = _actor(cell(role), role, years[0], walk, memo)
        if actor is None:
            value = cell(role) if "did not exist" not in reason else str(years[0])
            report.skip(display, line, reason, value)
            return []
        actors.append(actor)
    for year in years[1:]:
        for actor, role in zip(actors, ("supplier", "recipient"), strict=True):
            if _actor(cell(role), role, year, walk, memo)[0] != actor:
                report.skip(
                    display,
                    line,
                    f"the {role} {cell(role)} ({actor}) did not exist, "
                    "or was another actor, in a later delivery year: "
                    f"{actor} exists {walk.describe_span(actor)}",
                    str(year),
                )
                return []
    source, target = actors
    if source == target:
        report.skip(
            display, line, f"supplier and recipient are the same actor ({source})", cell("supplier")
        )
        return []

    tiv = _number(cell("tiv"))
    if tiv is None:
        report.warn(
            display,
            line,
            f"no TIV of delivered weapons: the weight gets the floor {WEIGHT_FLOOR}",
            cell("tiv"),
        )
        tiv = 0.0
    number = _number(cell("number"))
    share = 1.0 / len(years)
    keys: list[tuple[Any, ...]] = []
    for year in years:
        key: tuple[Any, ...] = (
            (source, target, year) if group == "dyad-year" else (deal_id, source, target, year)
        )
        keys.append(key)
        tie = ties.get(key)
        if tie is None:
            tie = ties[key] = _Tie(source, target, year, line)
        tie.tiv += tiv * share
        tie.estimated = tie.estimated or uncertain
        parts = [f"#{deal_id}" if cell("deal") else f"line {line}", cell("designation")]
        details = [cell("description")]
        spread = f" over {years[0]}–{years[-1]}" if len(years) > 1 else ""
        if number is not None:
            details.append(f"{number:g} delivered{spread}")
        if cell("order_year"):
            details.append(f"ordered {cell('order_year')}")
        if cell("local").casefold() == "yes":
            details.append("local production")
        details.append(f"TIV {tiv:g}{spread and ', spread evenly'}")
        tie.deals.append(
            " ".join(p for p in parts if p) + " (" + ", ".join(d for d in details if d) + ")"
        )
        tie.deal_ids.append(deal_id)
    return keys
