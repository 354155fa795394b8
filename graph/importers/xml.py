"""Import GEXF (1.2 and 1.3, static or dynamic) and GraphML networks as ties.

**Safety first.** The bytes are parsed with :mod:`defusedxml` and refused (CRITICAL) when they
hold a ``DOCTYPE`` (so no DTD, no entity, no external reference is ever expanded: the
"billion laughs" and ``file:///etc/passwd`` attacks stop there), when they are malformed or
truncated, or when the root element is neither ``<gexf>`` nor ``<graphml>``. Both formats are
then read from that defused tree, which also gives every edge its line number; networkx's own
readers are not used, as they stop on GEXF 1.3 ``dateTime`` time formats and on spells without a
declared time format, and they cannot say where an edge was.

**Nodes** become actors through the crosswalk: the node id, then its label, then attributes
titled ``iso3``, ``iso``, ``code``, ``country`` or ``name``; an edge whose node is unknown is
dropped (ERROR) with the node named.

**Edges** become ties with the rules and defaults of :mod:`graph.importers.edgelist`: attributes
(GEXF ``attvalues`` by title, GraphML ``data`` by key name) ``type``, ``sign``, ``weight``,
``description``, ``confidence``; GEXF's ``weight`` and ``label`` attributes too. Dates:

* GEXF: one tie per ``<spell>``; else the edge's ``start``/``end`` (or ``timestamp``)
  attributes; else the graph's; ``timeformat`` ``date``/``dateTime`` keep the date,
  ``integer``/``double`` values are read as years;
* GraphML: ``data`` keys named ``start``/``end`` (also ``date``, ``year``);
* a static network (no date at all) is dated from ``static_date``, else the GEXF
  ``lastmodifieddate``, else today, and left open (WARNING, summarised).

Direction: the edge's own ``type``/``directed`` attribute, else the graph's default, else the
tie type's. Ids are ``gexf-``/``graphml-`` and the edge id (or the pair and start).

>>> gexf = b'''<?xml version="1.0" encoding="UTF-8"?>
... <gexf xmlns="http://gexf.net/1.3" version="1.3">
...   <graph defaultedgetype="undirected" mode="dynamic" timeformat="date">
...     <nodes><node id="IRN" label="Iran"/><node id="RUS" label="Russia"/></nodes>
...     <edges><edge id="e1" source="IRN" target="RUS" weight="0.8">
...       <spells><spell start="2022-08-01" end="2022-12-31"/></spells></edge></edges>
...   </graph>
... </gexf>'''
>>> result = import_xml(gexf, name="net.gexf")
>>> result.ties[["id", "source", "target", "start", "end", "weight"]].values.tolist()
[['gexf-e1', 'IRN', 'RUS', '2022-08-01', '2022-12-31', '0.8']]
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from graph.dataset import TIE_TYPES
from graph.dates import day_span

from .crosswalk import Crosswalk, System, default_crosswalk
from .edgelist import DEFAULT_WEIGHT, EdgeParser, parse_date
from .ids import safe_id
from .matching import NodeMatch, check_match, is_integer, match_nodes, names_cow
from .reading import Source, load_input
from .report import ImportReport
from .result import ImportResult, ResultBuilder

__all__ = ["XmlKind", "import_gexf", "import_graphml", "import_xml", "parse_safely",
           "xml_kind"]

XmlKind = Literal["gexf", "graphml"]

_NODE_KEYS = ("iso3", "iso", "code", "country", "name", "id", "label")
_FIELDS = {
    "type": ("type", "tie_type", "relation", "relationship", "kind"),
    # This project's exports: a dyad's tie types, and its cooperation and hostility sums.
    "types": ("types",),
    "cooperation": ("cooperation",),
    "hostility": ("hostility",),
    "sign": ("sign", "polarity"),
    "weight": ("weight", "strength"),
    "description": ("description", "note", "notes", "comment"),
    "confidence": ("confidence",),
    "start": ("start", "start_date", "date", "year", "begin", "from"),
    "end": ("end", "end_date", "until", "to"),
}


class _LineBuilder(ET.TreeBuilder):
    """A tree builder that notes the line each element starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[ET.Element, int] = {}
        self.expat: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        if self.expat is not None:
            self.lines[element] = int(self.expat.CurrentLineNumber)
        return element


def _local(tag: object) -> str:
    text = str(tag)
    return text.rsplit("}", 1)[-1] if text.startswith("{") else text


def parse_safely(data: bytes, name: str, report: ImportReport,
                 ) -> tuple[ET.Element, dict[ET.Element, int]]:
    """Parse XML bytes with defusedxml, refusing DTDs, entities and external references.

    Returns the root and the line of every element.

    >>> report = ImportReport("xml")
    >>> bomb = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><gexf>&lol;</gexf>'
    >>> try:
    ...     parse_safely(bomb, "bomb.gexf", report)
    ... except Exception as refused:
    ...     print(refused)
    bomb.gexf refused: the XML declares a DOCTYPE: refused (DTDs and entities are never read)
    """
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True,
                              forbid_external=True)
    builder.expat = parser.parser
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        raise report.refuse(name, "the XML declares a DOCTYPE: refused (DTDs and entities are "
                                  "never read)") from None
    except ET.ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else 0
        raise report.refuse(name, f"the XML is malformed or truncated: {error}", line) from None
    except (ValueError, LookupError, RecursionError) as error:
        raise report.refuse(name, f"the XML cannot be read: {error}") from None
    if not isinstance(root, ET.Element):
        raise report.refuse(name, "the XML has no root element")
    return root, builder.lines


def xml_kind(root: ET.Element) -> XmlKind | None:
    """``gexf`` or ``graphml`` from the root element, None for anything else."""
    local = _local(root.tag).casefold()
    if local == "gexf":
        return "gexf"
    if local == "graphml":
        return "graphml"
    return None


def _children(element: ET.Element, local: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == local]


def _first(element: ET.Element, local: str) -> ET.Element | None:
    found = _children(element, local)
    return found[0] if found else None


def _pick(values: Mapping[str, str], options: tuple[str, ...]) -> str:
    lowered = {key.casefold(): value for key, value in values.items()}
    for option in options:
        value = lowered.get(option)
        if value is not None and value.strip():
            return value.strip()
    return ""


def import_gexf(source: Source, **options: Any) -> ImportResult:
    """Import a GEXF file (see :func:`import_xml`)."""
    return import_xml(source, kind="gexf", **options)


def import_graphml(source: Source, **options: Any) -> ImportResult:
    """Import a GraphML file (see :func:`import_xml`)."""
    return import_xml(source, kind="graphml", **options)


def import_xml(source: Source, *, name: str | None = None, kind: XmlKind | None = None,
               static_date: str | None = None, default_type: str | None = None,
               default_weight: float = DEFAULT_WEIGHT, crosswalk: Crosswalk | None = None,
               allow_partial_match: bool = False) -> ImportResult:
    """Import a GEXF or GraphML network (``kind`` checks which; None accepts either).

    Refused (CRITICAL) when most nodes are not actors, unless ``allow_partial_match``.
    """
    walk = crosswalk or default_crosswalk()
    report = ImportReport(kind or "xml")
    display, data = load_input(source, report, name=name)
    if not data.strip():
        raise report.refuse(display, "the file is empty")
    root, lines = parse_safely(data, display, report)
    found = xml_kind(root)
    if found is None or (kind is not None and found != kind):
        expected = f"<{kind}>" if kind else "<gexf> or <graphml>"
        raise report.refuse(display, f"the root element is <{_local(root.tag)}>: expected "
                                     f"{expected}", lines.get(root, 1))
    report.kind = found
    static = parse_date(static_date) if static_date else ""
    parser = EdgeParser(display, report, walk, default_type=default_type,
                        default_weight=default_weight, id_prefix=found)
    context = _Context(display, report, walk, parser, lines, static, allow_partial_match)
    dated_from = _gexf(root, context) if found == "gexf" else _graphml(root, context)
    builder = ResultBuilder(found, report, walk, {
        "id": safe_id(found, "src", display.rsplit(".", 1)[0]),
        "publisher": "Imported network",
        "title": f"{'GEXF' if found == 'gexf' else 'GraphML'} network {display}",
        "date": dated_from,
        "url": "",
    })
    parser.finish(builder)
    return builder.build(display, {"description": f"Ties imported from the network {display}."})


@dataclass
class _Context:
    display: str
    report: ImportReport
    walk: Crosswalk
    parser: EdgeParser
    lines: dict[ET.Element, int]
    static: str
    allow_partial_match: bool
    match: NodeMatch | None = None


def _candidates(values: Mapping[str, str]) -> list[tuple[str, str] | tuple[str, str, System]]:
    # A node id that is an actor id (as this project's own exports write) wins over its name:
    # a country named "2" must not become the United States (COW code 2). Other ids (numbers,
    # "n0") are tried last, after the names; numbers only as COW codes when the file allows.
    node_id = values.get("id", "").strip()
    found: list[tuple[str, str] | tuple[str, str, System]] = []
    if node_id:
        found.append(("id", node_id, "iso3"))
    found += [(key, values.get(key, "")) for key in _NODE_KEYS]
    found += [(key, value) for key, value in values.items()
              if key not in _NODE_KEYS and names_cow(key)]
    return found


def _match_nodes(nodes: dict[str, dict[str, str]], endpoints: list[str],
                 context: _Context) -> None:
    known = dict(nodes)
    for node in endpoints:
        known.setdefault(node, {"id": node})
    match = match_nodes({node: _candidates(values) for node, values in known.items()},
                        context.walk)
    context.match = check_match(match, context.report, context.display,
                                context.allow_partial_match)


def _time(value: str | None, timeformat: str) -> str:
    """A partial ISO date from a GEXF time value; raises ValueError."""
    if value is None or not value.strip():
        return ""
    text = value.strip()
    if timeformat in {"integer", "long", "double", "float"} or (
        not timeformat and re.fullmatch(r"-?\d+(\.\d+)?", text)
    ):
        number = float(text)
        if math.isfinite(number) and number.is_integer() and 1000 <= number <= 9999:
            return str(int(number))
        raise ValueError(f"the time value {text!r} ({timeformat or 'numeric'}) is not a year")
    return parse_date(text)


def _known(context: _Context, line: int, names: tuple[str, str]) -> bool:
    """Whether both nodes of an edge are actors; else the edge is dropped (ERROR) naming one."""
    match = context.match
    for node in names:
        if match is not None and node in match.chosen:
            continue
        numeric = match is not None and not match.integers_as_cow and is_integer(node)
        context.report.skip(
            context.display, line,
            "the edge's node is a number, not read as a COW code (the file does not say its "
            "ids are COW codes and most are not)" if numeric
            else "the edge's node is not a known country or actor (add it to "
                 "data/country_codes.csv)", node)
        return False
    return True


def _split_types(values: dict[str, str]) -> list[dict[str, str]]:
    """One row per tie type of an edge that lists its types (``types``, as this project's
    exports write a dyad: ``alliance;arms_transfer``), else the row as it is.

    The dyad's ``sign`` is its net sign: kept for a single type, left to each type's own sign
    for several. Each type weighs the dyad's cooperation (or hostility, for a hostile type)
    shared among the types of that side, at most 1.

    >>> rows = _split_types({"types": "alliance;sanctions", "sign": "1", "weight": "1.2",
    ...                      "cooperation": "0.8", "hostility": "0.4", "id": "IRN-RUS"})
    >>> [(row["type"], row.get("sign"), row["weight"], row["id"]) for row in rows]
    [('alliance', None, '0.8', 'IRN-RUS-alliance'), ('sanctions', None, '0.4', 'IRN-RUS-sanctions')]
    """
    listed = values.pop("types", "")
    cooperation = values.pop("cooperation", "")
    hostility = values.pop("hostility", "")
    if values.get("type") or not listed.strip():
        return [values]
    kinds = [kind.strip() for kind in re.split(r"[;,|]", listed) if kind.strip()]
    if values.get("sign", "").strip() in {"0", "0.0"} or len(kinds) > 1:
        values.pop("sign", None)
    sides = Counter(TIE_TYPES[kind].sign for kind in kinds if kind in TIE_TYPES)
    rows = []
    for kind in kinds:
        row = dict(values, type=kind)
        spec = TIE_TYPES.get(kind)
        side = cooperation if spec is not None and spec.sign > 0 else hostility
        try:
            total = float(side)
        except ValueError:
            total = math.nan
        if spec is not None and math.isfinite(total) and total > 0:
            row["weight"] = f"{min(1.0, total / sides[spec.sign]):.4g}"
        if len(kinds) > 1 and values.get("id"):
            row["id"] = f"{values['id']}-{kind}"
        rows.append(row)
    return rows


def _merge_touching(rows: list[dict[str, str]], report: ImportReport) -> list[dict[str, str]]:
    """Rows of one edge and type whose periods touch or overlap, as one row each.

    A dynamic GEXF cuts a tie into periods wherever another tie of the dyad starts or ends;
    the periods of one type are one tie again. Each row folded in counts as merged.
    """
    kept: list[dict[str, str]] = []
    last: dict[str, dict[str, str]] = {}
    for row in sorted(rows, key=lambda row: (row.get("type", ""),
                                             (day_span(row["start"]) or (0, 0))[0])):
        previous = last.get(row.get("type", ""))
        if previous is not None:
            end = day_span(previous["end"]) if previous["end"] else None
            start = day_span(row["start"])
            if start is not None and (end is None or start[0] <= end[1] + 1):
                if previous["end"] and (not row["end"] or (day_span(row["end"]) or (0, 0))[1]
                                        > (end or (0, 0))[1]):
                    previous["end"] = row["end"]
                previous["weight"] = max(previous.get("weight", ""), row.get("weight", ""),
                                         key=_number)
                report.merged += 1
                continue
        last[row.get("type", "")] = row
        kept.append(row)
    return kept


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        return -math.inf
    return value if math.isfinite(value) else -math.inf


def _add_rows(context: _Context, line: int, names: tuple[str, str],
              rows: list[dict[str, str]], *, touching: bool) -> None:
    """Add an edge's rows (one per spell, period or type, each already counted read)."""
    if touching:
        rows = _merge_touching(rows, context.report)
    match = context.match
    for values in rows:
        when = values.get("start") or None
        source, target = (match.resolve(node, context.walk, when) if match else None
                          for node in names)
        values["source"], values["target"] = source or "", target or ""
        context.parser.add(values, line)


def _export_period(creator: str, description: str) -> tuple[str, str]:
    """The date or window of this project's own static GEXF, from its description.

    >>> _export_period("Realpolitik", "Realpolitik data, version 1, at 2023-06; filters: none.")
    ('2023-06', '2023-06')
    >>> _export_period("Realpolitik", "x, at 2023-01-01..2023-03-31; filters: none.")
    ('2023-01-01', '2023-03-31')
    >>> _export_period("Gephi", "at 2023-06; filters:")
    ('', '')
    """
    if creator.strip() != "Realpolitik":
        return "", ""
    found = re.search(r", at (\d{4}(?:-\d{2}){0,2})(?:\.\.(\d{4}(?:-\d{2}){0,2}))?; filters",
                      description)
    if not found:
        return "", ""
    return found[1], found[2] or found[1]


_IDENTITY = {"type", "types", "sign", *_FIELDS["type"], *_FIELDS["sign"]}


def _gexf(root: ET.Element, context: _Context) -> str:
    display, report, lines, static = context.display, context.report, context.lines, \
        context.static
    graph = _first(root, "graph")
    if graph is None:
        raise report.refuse(display, "the GEXF has no <graph> element", lines.get(root, 1))
    meta = _first(root, "meta")
    modified = meta.get("lastmodifieddate", "") if meta is not None else ""
    creator = _text_of(meta, "creator")
    timeformat = (graph.get("timeformat") or "").casefold()
    default_direction = (graph.get("defaultedgetype") or "").casefold()
    attributes: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    defaults: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    for block in _children(graph, "attributes"):
        target = "node" if (block.get("class") or "node").casefold() == "node" else "edge"
        for attribute in _children(block, "attribute"):
            key = attribute.get("id") or ""
            title = (attribute.get("title") or key).casefold()
            attributes[target][key] = title
            default = _first(attribute, "default")
            if default is not None and default.text:
                defaults[target][title] = default.text.strip()

    def values_of(element: ET.Element, target: str
                  ) -> tuple[dict[str, str], list[tuple[str, str, str | None, str | None]]]:
        """Static values, and the time-varying ones as (title, value, start, end)."""
        values = dict(defaults[target])
        box = _first(element, "attvalues")
        dynamic: list[tuple[str, str, str | None, str | None]] = []
        for value in _children(box, "attvalue") if box is not None else []:
            key = value.get("for") or value.get("id") or ""
            title = attributes[target].get(key, key.casefold())
            text = value.get("value") or ""
            if value.get("start") or value.get("end") or value.get("timestamp"):
                dynamic.append((title, text,
                                value.get("start") or value.get("startopen")
                                or value.get("timestamp"),
                                value.get("end") or value.get("endopen")
                                or value.get("timestamp")))
            else:
                values[title] = text
        return values, dynamic

    nodes: dict[str, dict[str, str]] = {}
    holder = _first(graph, "nodes")
    for node in holder.iter() if holder is not None else []:
        if _local(node.tag) != "node":
            continue
        node_id = node.get("id") or ""
        values = values_of(node, "node")[0]
        values["id"] = node_id
        values["label"] = node.get("label") or ""
        nodes[node_id] = values
    edges = _first(graph, "edges")
    edge_elements = _children(edges, "edge") if edges is not None else []
    _match_nodes(nodes, [edge.get(end) or "" for edge in edge_elements
                         for end in ("source", "target")], context)

    graph_start = graph.get("start") or ""
    graph_end = graph.get("end") or ""
    exported = _export_period(creator, _text_of(meta, "description"))
    if not (graph_start or graph_end or static) and exported[0]:
        # This project's static export: its ties were active at the view's date or window.
        graph_start, graph_end = exported
        report.notes.append(f"the ties are dated by the export's view, {graph_start}"
                            f"{'..' + graph_end if graph_end != graph_start else ''}, as its "
                            "description says")
    # This project's dynamic export closes ties still in force at the timeline's end.
    closes_open = creator.strip() == "Realpolitik" and bool(graph_end)
    undated: list[int] = []
    fallback = static or (modified[:10] if _valid(modified[:10]) else "") or \
        dt.date.today().isoformat()

    def fields_of(attrs: Mapping[str, str], edge: ET.Element) -> dict[str, str]:
        fields = {key: _pick(attrs, options) for key, options in _FIELDS.items()
                  if key not in ("start", "end")}
        if edge.get("weight") and not fields.get("weight"):
            fields["weight"] = edge.get("weight") or ""
        if not fields.get("description") and edge.get("label"):
            fields["description"] = edge.get("label") or ""
        if edge.get("id"):
            fields["id"] = edge.get("id") or ""
        direction = (edge.get("type") or default_direction).casefold()
        if direction in {"directed", "undirected", "mutual"}:
            fields["directed"] = "true" if direction == "directed" else "false"
        return fields

    for edge in edge_elements:
        line = lines.get(edge, 0)
        report.read += 1
        static_values, dynamic = values_of(edge, "edge")
        periods = list(dict.fromkeys((start, end) for title, _, start, end in dynamic
                                     if title in _IDENTITY))
        spans: list[tuple[dict[str, str], str | None, str | None]] = []
        if periods:
            # Each period of the time-varying type (or types, or sign) is a tie interval.
            for start_value, end_value in periods:
                attrs = dict(static_values)
                attrs.update({title: text for title, text, start, end in dynamic
                              if (start, end) == (start_value, end_value)})
                spans.append((fields_of(attrs, edge), start_value, end_value))
        else:
            attrs = dict(static_values)
            seen: set[str] = set()
            for title, text, _, _ in dynamic:
                if title in seen:
                    report.warn(display, line, "dynamic attribute with several values over "
                                               "time: the last one is used", title)
                seen.add(title)
                attrs[title] = text
            fields = fields_of(attrs, edge)
            spells = _first(edge, "spells")
            for spell in _children(spells, "spell") if spells is not None else []:
                spans.append((fields, spell.get("start") or spell.get("startopen")
                              or spell.get("timestamp"),
                              spell.get("end") or spell.get("endopen")
                              or spell.get("timestamp")))
            if not spans:
                spans.append((fields,
                              edge.get("start") or edge.get("startopen") or edge.get("timestamp"),
                              edge.get("end") or edge.get("endopen") or edge.get("timestamp")))
        names = (edge.get("source") or "", edge.get("target") or "")
        if not _known(context, line, names):
            continue
        rows: list[dict[str, str]] = []
        for index, (fields, start_value, end_value) in enumerate(spans):
            if index:
                report.read += 1  # each further spell or period is a row of its own
            try:
                start = _time(start_value, timeformat) or _time(graph_start, timeformat)
                end = _time(end_value, timeformat) or (
                    _time(graph_end, timeformat) if not start_value else "")
            except ValueError as error:
                report.skip(display, line, f"a time cannot be read: {error}",
                            str(start_value or end_value or ""))
                continue
            if not start:
                start = fallback
                undated.append(line)
            if periods and closes_open and end and end == _time(graph_end, timeformat):
                end = ""
            values = dict(fields, start=start, end=end)
            if len(spans) > 1 and fields.get("id"):
                values["id"] = f"{fields['id']}-{index + 1}"
            split = _split_types(values)
            report.read += len(split) - 1  # and so is each further type of a dyad
            rows += split
        _add_rows(context, line, names, rows, touching=bool(periods))
    if undated:
        where = ("static_date" if static else "the file's lastmodifieddate"
                 if fallback == modified[:10] else "today's date")
        report.warn_many(display, f"no time on the edge or graph: dated {fallback} ({where}) "
                                  "and left open", len(undated), undated[:5])
    return modified[:10] if _valid(modified[:10]) else ""


def _text_of(element: ET.Element | None, local: str) -> str:
    child = _first(element, local) if element is not None else None
    return (child.text or "").strip() if child is not None else ""


def _valid(text: str) -> bool:
    try:
        parse_date(text)
    except ValueError:
        return False
    return bool(text)


def _graph_period(values: Mapping[str, str]) -> tuple[str, str]:
    """The date or window of a GraphML graph's data (``date``; ``window`` as this project's
    exports write it, JSON with ``first`` and ``last``; or ``start``/``end``).

    >>> _graph_period({"date": "2023-06-30"})
    ('2023-06-30', '2023-06-30')
    >>> _graph_period({"window": '{"first": "2023-01-01", "last": "2023-03-31"}'})
    ('2023-01-01', '2023-03-31')
    """
    if _valid(values.get("date", "")):
        return parse_date(values["date"]), parse_date(values["date"])
    window = values.get("window", "")
    if window:
        try:
            parsed = json.loads(window)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict) and _valid(str(parsed.get("first", ""))) and _valid(
                str(parsed.get("last", ""))):
            return parse_date(str(parsed["first"])), parse_date(str(parsed["last"]))
    if _valid(values.get("start", "")):
        end = values.get("end", "")
        return parse_date(values["start"]), parse_date(end) if _valid(end) else ""
    return "", ""


def _graphml(root: ET.Element, context: _Context) -> str:
    display, report, lines, static = context.display, context.report, context.lines, \
        context.static
    keys: dict[str, str] = {}
    defaults: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    for key in _children(root, "key"):
        key_id = key.get("id") or ""
        title = (key.get("attr.name") or key_id).casefold()
        keys[key_id] = title
        default = _first(key, "default")
        domain = (key.get("for") or "all").casefold()
        if default is not None and default.text:
            for target in ("node", "edge"):
                if domain in (target, "all"):
                    defaults[target][title] = default.text.strip()
    graph = _first(root, "graph")
    if graph is None:
        raise report.refuse(display, "the GraphML has no <graph> element", lines.get(root, 1))
    default_direction = (graph.get("edgedefault") or "").casefold()

    def values_of(element: ET.Element, target: str) -> dict[str, str]:
        values = dict(defaults.get(target, {}))
        for data in _children(element, "data"):
            values[keys.get(data.get("key") or "", (data.get("key") or "").casefold())] = (
                data.text or "").strip()
        return values

    nodes: dict[str, dict[str, str]] = {}
    for node in graph.iter():
        if _local(node.tag) == "node":
            values = values_of(node, "node")
            values["id"] = node.get("id") or ""
            nodes[values["id"]] = values
    if any(_local(element.tag) == "hyperedge" for element in graph.iter()):
        report.warn(display, 0, "hyperedges are not read: only edges between two nodes are")
    edge_elements = [edge for edge in graph.iter() if _local(edge.tag) == "edge"]
    _match_nodes(nodes, [edge.get(end) or "" for edge in edge_elements
                         for end in ("source", "target")], context)
    period = ("", "") if static else _graph_period(values_of(graph, "graph"))
    if period[0]:
        report.notes.append(f"edges without dates are dated by the graph's own date: "
                            f"{period[0]}{'..' + period[1] if period[1] != period[0] else ''}")
    undated: list[int] = []
    fallback = static or dt.date.today().isoformat()
    for edge in edge_elements:
        line = lines.get(edge, 0)
        report.read += 1
        attrs = values_of(edge, "edge")
        values = {key: _pick(attrs, options) for key, options in _FIELDS.items()}
        if edge.get("id"):
            values["id"] = edge.get("id") or ""
        directed = (edge.get("directed") or "").casefold()
        if directed in {"true", "false"}:
            values["directed"] = directed
        elif default_direction in {"directed", "undirected"}:
            values["directed"] = "true" if default_direction == "directed" else "false"
        if not values.get("start") and period[0]:
            values["start"], values["end"] = period
        elif not values.get("start"):
            values["start"] = fallback
            undated.append(line)
        else:
            try:
                values["start"] = _time(values["start"], "")
                values["end"] = _time(values.get("end"), "")
            except ValueError as error:
                report.skip(display, line, f"a time cannot be read: {error}", values["start"])
                continue
        names = (edge.get("source") or "", edge.get("target") or "")
        if not _known(context, line, names):
            continue
        split = _split_types(values)
        report.read += len(split) - 1  # each further type of a dyad is a row of its own
        _add_rows(context, line, names, split, touching=False)
    if undated:
        where = "static_date" if static else "today's date"
        report.warn_many(display, f"no time on the edge: dated {fallback} ({where}) and left "
                                  "open", len(undated), undated[:5])
    return ""
