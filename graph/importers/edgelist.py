"""Import any dated edge list (CSV, semicolon- or tab-separated) as ties.

Columns are found by name: ``source``, ``target``, ``start``, ``end``, ``weight``, ``type``,
``sign`` and, when present, ``description``, ``confidence``, ``directed`` and ``id``. Pass
``columns={"source": "from_country", "start": "year"}`` to name them; otherwise common names are
recognised (``from``/``to``, ``country1``/``country2``, ``supplier``/``recipient``, ``year``,
``date``...). The project's own ``ties.csv`` imports as it is. The delimiter is sniffed among
``,`` ``;`` tab and ``|`` unless given.

Values:

* **source, target**: ids, ISO alpha-3 or CAMEO codes, COW numbers or English names, resolved
  through the crosswalk on the tie's start date; an unknown one drops the row (ERROR). The
  file is judged as a whole first (:mod:`graph.importers.matching`): numbers are COW codes only
  when the column's name says so (``ccode1``, ``cow_code``...) or nearly all values are, and a
  file where most values are not actors is refused unless ``allow_partial_match=True``;
* **start** (required; ``default_start=`` stands in when the file has no such column) and
  **end** (empty: still in force): ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, also ``YYYY/MM/DD``,
  ``DD.MM.YYYY``, a timestamp (its date is kept) or ``2022.0``;
* **type**: one of :data:`graph.dataset.TIE_TYPES` (spaces and hyphens read as ``_``). Missing:
  ``default_type`` when given, else ``friction`` for sign −1 and ``diplomatic_support``
  otherwise (WARNING, summarised);
* **sign**: ``1``/``-1`` (also ``+``/``-``, ``positive``/``negative``); missing: the type's sign;
  a sign that contradicts the type is kept and said in the description (WARNING);
* **weight**: in (0, 1]; missing: ``default_weight`` (0.5, WARNING); when the file has weights
  above 1 all weights are divided by the largest (WARNING); a negative weight with no sign
  column means sign −1 and its absolute value; 0 or not a number drops the row;
* **confidence**: ``high``/``medium``/``low``, else ``medium``; **directed**: ``true``/``false``,
  else the type's direction.

Rows repeating another row's source, target, type and dates are merged into it (the larger
weight kept). Tie ids are ``csv-`` and the file's id, or ``csv-`` source, target and start.

>>> text = "from;to;year;type\\nIran;Russia;2022;arms_transfer\\nIRN;RUS;2022;arms_transfer\\n"
>>> result = import_edgelist(text.encode(), name="ties.csv")
>>> result.ties[["id", "source", "target", "start", "weight"]].values.tolist()
[['csv-IRN-RUS-2022', 'IRN', 'RUS', '2022', '0.5']]
>>> result.report.summary()
'csv import of ties.csv: 2 rows read, 1 imported, 1 merged, 0 skipped'
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.dataset import TIE_TYPES
from graph.dates import DateParseError, parse_partial_date

from .crosswalk import Crosswalk, default_crosswalk, normalise_name
from .ids import safe_id
from .matching import NodeMatch, check_match, is_integer, match_nodes
from .reading import Source, decode_text, load_input
from .report import ImportReport
from .result import ImportResult, ResultBuilder

__all__ = [
    "COLUMN_ALIASES",
    "EdgeParser",
    "detect_columns",
    "fit_row",
    "import_edgelist",
    "parse_date",
    "read_delimited",
    "sniff_delimiter",
]

#: Header names recognised for each field, after the ones given in ``columns``.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "source": ("source", "from", "src", "country1", "country_1", "actor1", "actor_1", "state1",
               "statea", "state_a", "side_a", "supplier", "exporter", "sender", "origin",
               "source_country", "from_country"),
    "target": ("target", "to", "dst", "country2", "country_2", "actor2", "actor_2", "state2",
               "stateb", "state_b", "side_b", "recipient", "importer", "receiver",
               "destination", "target_country", "to_country"),
    "start": ("start", "start_date", "begin", "from_date", "date", "year", "since", "valid_from"),
    "end": ("end", "end_date", "until", "to_date", "stop", "valid_to"),
    "weight": ("weight", "strength", "value", "intensity", "w"),
    "type": ("type", "tie_type", "relation", "relationship", "kind"),
    "sign": ("sign", "polarity", "valence"),
    "description": ("description", "note", "notes", "comment", "comments"),
    "confidence": ("confidence",),
    "directed": ("directed",),
    "id": ("id", "tie_id", "edge_id"),
}

DEFAULT_WEIGHT = 0.5
DELIMITERS = ",;\t|"


def sniff_delimiter(text: str) -> str:
    """The delimiter of a delimited text: ``,`` ``;`` tab or ``|``.

    >>> sniff_delimiter("a;b;c\\n1;2;3\\n"), sniff_delimiter("a\\tb\\n1\\t2\\n")
    (';', '\\t')
    """
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = next((line for line in text.splitlines() if line.strip()), "")
        counts = {delimiter: first.count(delimiter) for delimiter in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def read_delimited(text: str, name: str, report: ImportReport, *,
                   delimiter: str | None = None,
                   ) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and rows (with their physical line numbers) of a delimited text.

    Blank lines are left out; a text that cannot be parsed as CSV is refused (CRITICAL).
    """
    used = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=used)
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                line = reader.line_num + 1
                continue
            if not header:
                header = [cell.strip().lstrip("\ufeff") for cell in row]
            else:
                rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as error:
        raise report.refuse(name, f"cannot be read as delimited text: {error}", line) from None
    if text.count('"') % 2:
        # Quotes come in pairs (a quoted field, or "" inside one): an odd count means a quote
        # that is never closed, and the reader has put the rest of the file into one field.
        start = rows[-1][0] if rows else 1
        raise report.refuse(name, f"an unclosed quote (in the row starting on line {start}) "
                                  "runs to the end of the file; close it and import again",
                            start)
    if not header:
        raise report.refuse(name, "the file has no header row")
    return header, rows


def fit_row(row: list[str], header: list[str], line: int, name: str,
            report: ImportReport) -> list[str] | None:
    """The row padded to the header, or None (ERROR) when its field count is wrong.

    Extra cells that are all empty (a trailing delimiter) are fine.
    """
    if len(row) > len(header) and not any(cell.strip() for cell in row[len(header):]):
        row = row[: len(header)]
    if len(row) != len(header):
        report.skip(name, line, f"has {len(row)} fields where the header has {len(header)}",
                    ",".join(row)[:80])
        return None
    return row


_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_SLASHED = re.compile(r"^(\d{4})[/.](\d{1,2})(?:[/.](\d{1,2}))?$")


def parse_date(text: str) -> str:
    """A partial ISO date from common spellings; raises ``ValueError`` when there is none.

    >>> parse_date("2022"), parse_date("2022.0"), parse_date("2022/8/1"), parse_date("1.8.2022")
    ('2022', '2022', '2022-08-01', '2022-08-01')
    >>> parse_date("2022-08-01T12:00:00Z")
    '2022-08-01'
    """
    value = text.strip()
    if re.fullmatch(r"\d{4}\.0+", value):
        value = value.split(".")[0]
    if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", value):
        value = value[:10]
    match = _SLASHED.match(value)
    if match:
        value = f"{match[1]}-{int(match[2]):02d}" + (f"-{int(match[3]):02d}" if match[3] else "")
    match = _DAY_FIRST.match(value)
    if match:
        value = f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"
    try:
        return str(parse_partial_date(value))
    except DateParseError as error:
        raise ValueError(str(error)) from None


def _find_columns(header: list[str], given: Mapping[str, str] | None,
                  name: str, report: ImportReport) -> dict[str, int]:
    positions = {normalise_name(cell).replace(" ", "_"): index for index, cell in
                 enumerate(header)}
    exact = {cell: index for index, cell in enumerate(header)}
    found: dict[str, int] = {}
    for key, value in (given or {}).items():
        if key not in COLUMN_ALIASES:
            raise report.refuse(name, f"columns= names an unknown field {key!r} (known: "
                                      f"{', '.join(COLUMN_ALIASES)})")
        if value in exact:
            found[key] = exact[value]
        elif normalise_name(value).replace(" ", "_") in positions:
            found[key] = positions[normalise_name(value).replace(" ", "_")]
        else:
            raise report.refuse(name, f"the column {value!r} given for {key} is not in the "
                                      f"header ({', '.join(header)})", 1)
    taken = set(found.values())
    for key, aliases in COLUMN_ALIASES.items():
        if key in found:
            continue
        for alias in aliases:
            index = positions.get(alias)
            if index is not None and index not in taken:
                found[key] = index
                taken.add(index)
                break
    return found


_SIGNS = {"1": 1, "+1": 1, "+": 1, "positive": 1, "pos": 1, "cooperation": 1,
          "-1": -1, "-": -1, "negative": -1, "neg": -1, "hostility": -1}
_BOOLS = {"true": True, "1": True, "yes": True, "y": True, "false": False, "0": False,
          "no": False, "n": False}


@dataclass
class _Row:
    line: int
    source: str
    target: str
    tie_type: str
    sign: int
    weight: float
    start: str
    end: str
    directed: bool | None
    confidence: str
    description: str
    tie_id: str


def import_edgelist(source: Source, *, name: str | None = None,
                    columns: Mapping[str, str] | None = None, delimiter: str | None = None,
                    default_type: str | None = None, default_weight: float = DEFAULT_WEIGHT,
                    default_start: str | None = None, crosswalk: Crosswalk | None = None,
                    allow_partial_match: bool = False) -> ImportResult:
    """Import a dated edge list (see the module docstring for columns and defaults)."""
    walk = crosswalk or default_crosswalk()
    report = ImportReport("csv")
    display, data = load_input(source, report, name=name)
    if default_type is not None and default_type not in TIE_TYPES:
        raise report.refuse(display, f"default_type {default_type!r} is not a tie type")
    if not 0 < default_weight <= 1:
        raise report.refuse(display, "default_weight must be in (0, 1]")
    start_default = parse_date(default_start) if default_start else ""
    text = decode_text(data, display, report)
    header, rows = read_delimited(text, display, report, delimiter=delimiter)
    where = _find_columns(header, columns, display, report)
    missing = [key for key in ("source", "target") if key not in where]
    if "start" not in where and not start_default:
        missing.append("start")
    if missing:
        raise report.refuse(display, f"no column for {', '.join(missing)} in the header "
                                     f"({', '.join(header)}); name it with columns="
                                     "{'source': ..., 'target': ..., 'start': ...}", 1)

    nodes: dict[str, list[tuple[str, str]]] = {}
    for _, raw in rows:
        for role in ("source", "target"):
            index = where[role]
            value = raw[index].strip() if index < len(raw) else ""
            if value and value not in nodes:
                nodes[value] = [(header[index], value)]
    match = check_match(match_nodes(nodes, walk), report, display, allow_partial_match)
    parser = EdgeParser(display, report, walk, default_type=default_type,
                        default_weight=default_weight, default_start=start_default,
                        has_sign=("sign" in where), id_prefix="csv", match=match)
    for line, raw in rows:
        report.read += 1
        row = fit_row(raw, header, line, display, report)
        if row is None:
            continue
        parser.add({key: row[index] for key, index in where.items()}, line)
    builder = ResultBuilder("csv", report, walk, {
        "id": safe_id("csv", "src", display.rsplit(".", 1)[0]),
        "publisher": "Imported edge list",
        "title": f"Edge list {display}",
        "date": "",
        "url": "",
    })
    parser.finish(builder)
    return builder.build(display, {"description": f"Ties imported from the edge list {display}."})


class EdgeParser:
    """Turns edges given as field texts into ties, with the defaults of the module docstring.

    Shared by the edge-list and the GEXF/GraphML importers: :meth:`add` checks one edge
    (dropping it with an ERROR, or keeping it), :meth:`finish` rescales weights above 1,
    merges repeated edges and adds the ties to a :class:`ResultBuilder`.
    """

    def __init__(self, display: str, report: ImportReport, walk: Crosswalk, *,
                 default_type: str | None = None, default_weight: float = DEFAULT_WEIGHT,
                 default_start: str = "", has_sign: bool = True, id_prefix: str = "csv",
                 match: NodeMatch | None = None) -> None:
        self.display = display
        self.report = report
        self.walk = walk
        self.default_type = default_type
        self.default_weight = default_weight
        self.default_start = default_start
        self.has_sign = has_sign
        self.id_prefix = id_prefix
        #: How the file's node names were matched; None when they are actor ids already.
        self.match = match
        self.kept: list[_Row] = []
        self.defaults: dict[str, list[int]] = {}

    def add(self, values: Mapping[str, str], line: int) -> bool:
        """Check one edge; True when it is kept."""
        parsed = _parse_row(values, line, self)
        if parsed is not None:
            self.kept.append(parsed)
        return parsed is not None

    def finish(self, builder: ResultBuilder) -> None:
        report = self.report
        for reason, lines in self.defaults.items():
            report.warn_many(self.display, reason, len(lines), lines[:5])
        kept = self.kept
        top = max((row.weight for row in kept), default=0.0)
        if top > 1:
            report.warn_many(self.display, "weights above 1: every weight divided by the "
                                           f"largest ({top:g})", len(kept),
                             [row.line for row in kept[:5]])
            for row in kept:
                row.weight = max(row.weight / top, 0.0001)
        self._merge(builder)

    def _merge(self, builder: ResultBuilder) -> None:
        report = self.report
        kept = self.kept
        merged: dict[tuple[str, ...], _Row] = {}
        order: list[_Row] = []
        for row in kept:
            pair = (row.source, row.target)
            undirected = not (TIE_TYPES[row.tie_type].directed if row.directed is None
                              else row.directed)
            if undirected:
                pair = (min(pair), max(pair))
            key = (*pair, row.tie_type, row.start, row.end)
            first = merged.get(key)
            if first is None:
                merged[key] = row
                order.append(row)
                report.imported += 1
            else:
                first.weight = max(first.weight, row.weight)
                report.merged += 1
        for row in order:
            builder.add_tie(tie_id=row.tie_id, source=row.source, target=row.target,
                            tie_type=row.tie_type, weight=row.weight, start=row.start,
                            end=row.end, description=row.description,
                            confidence=row.confidence, sign=row.sign, directed=row.directed)


def _parse_row(values: Mapping[str, str], line: int, parser: EdgeParser) -> _Row | None:
    display, report, walk = parser.display, parser.report, parser.walk
    default_type, default_weight = parser.default_type, parser.default_weight
    start_default, defaults = parser.default_start, parser.defaults

    def cell(key: str) -> str:
        return (values.get(key) or "").strip()

    start_text = cell("start") or start_default
    if not start_text:
        report.skip(display, line, "the start date is empty")
        return None
    try:
        start = parse_date(start_text)
        end = parse_date(cell("end")) if cell("end") else ""
    except ValueError as error:
        report.skip(display, line, f"a date cannot be read: {error}",
                    cell("end") if start_text and _ok_date(start_text) else start_text)
        return None
    if end and parse_partial_date(end).latest() < parse_partial_date(start).earliest():
        report.skip(display, line, "the tie ends before it starts", f"{start}..{end}")
        return None

    actors: list[str] = []
    for role in ("source", "target"):
        value = cell(role)
        if parser.match is not None:
            actor = parser.match.resolve(value, walk, start) if value else None
        else:
            actor = walk.resolve(value, "any", start) if value else None
        if actor is None:
            if not value:
                reason = f"the {role} is empty"
            elif is_integer(value) and parser.match is not None:
                reason = (f"the {role} is a number, not read as a COW code: the column's name "
                          "does not say COW (ccode, cow_code) and most values are not COW codes")
            else:
                reason = (f"the {role} is not a known country or actor (add it to "
                          "data/country_codes.csv)")
            report.skip(display, line, reason, value)
            return None
        if not walk.exists(actor, start, end):
            report.skip(display, line, f"the {role} {actor} did not exist over the tie's dates: "
                                       f"it exists {walk.describe_span(actor)}",
                        f"{start}..{end}")
            return None
        actors.append(actor)
    if actors[0] == actors[1]:
        report.skip(display, line, "source and target are the same actor", actors[0])
        return None

    sign_text = cell("sign").casefold()
    sign: int | None = None
    if sign_text:
        sign = _SIGNS.get(sign_text)
        if sign is None:
            report.skip(display, line, "the sign is not 1 or -1", cell("sign"))
            return None

    weight_text = cell("weight")
    if weight_text:
        try:
            weight = float(weight_text.replace(",", ".") if weight_text.count(",") == 1
                           and "." not in weight_text else weight_text)
        except ValueError:
            weight = math.nan
        if not math.isfinite(weight) or weight == 0:
            report.skip(display, line, "the weight is 0 or not a number", weight_text)
            return None
        if weight < 0:
            if sign is None and not parser.has_sign:
                sign = -1
                report.warn(display, line, "a negative weight read as sign -1 and its absolute "
                                           "value", weight_text)
            weight = abs(weight)
    else:
        weight = default_weight
        defaults.setdefault(f"no weight: set to {default_weight:g}", []).append(line)

    type_text = cell("type").casefold().strip().replace("-", "_").replace(" ", "_")
    if type_text:
        if type_text not in TIE_TYPES:
            report.skip(display, line, "the type is not one of the tie types ("
                                       f"{', '.join(TIE_TYPES)})", cell("type"))
            return None
        tie_type = type_text
    elif default_type:
        tie_type = default_type
        defaults.setdefault(f"no type: set to {default_type}", []).append(line)
    else:
        tie_type = "friction" if sign == -1 else "diplomatic_support"
        defaults.setdefault("no type: set to diplomatic_support (friction for sign -1)",
                            []).append(line)
    description = cell("description")
    if sign is None:
        sign = TIE_TYPES[tie_type].sign
    elif sign != TIE_TYPES[tie_type].sign:
        report.warn(display, line, f"the sign {sign:+d} contradicts the type {tie_type}: kept",
                    cell("sign"))
        description = (description + " " if description else "") + (
            f"(sign {sign:+d} as given by the file, against the type's usual sign)")

    directed_text = cell("directed").casefold()
    directed = _BOOLS.get(directed_text) if directed_text else None
    if directed_text and directed is None:
        report.warn(display, line, "directed is not true or false: the type's direction is used",
                    cell("directed"))
    confidence = cell("confidence").casefold()
    if confidence not in {"high", "medium", "low"}:
        if confidence:
            report.warn(display, line, "confidence is not high, medium or low: set to medium",
                        cell("confidence"))
        confidence = "medium"
    given_id = cell("id")
    tie_id = (safe_id(parser.id_prefix, given_id) if given_id
              else safe_id(parser.id_prefix, actors[0], actors[1], start))
    return _Row(line, actors[0], actors[1], tie_type, sign, weight, start, end, directed,
                confidence, description, tie_id)


def _ok_date(text: str) -> bool:
    try:
        parse_date(text)
    except ValueError:
        return False
    return True


def detect_columns(header: list[str]) -> dict[str, Any]:
    """Which header cell each field would be read from (for a preview in the page).

    >>> detect_columns(["From", "To", "Year"])
    {'source': 'From', 'target': 'To', 'start': 'Year'}
    """
    found = _find_columns(header, None, "", ImportReport("csv"))
    return {key: header[index] for key, index in sorted(found.items(), key=lambda kv: kv[1])}
