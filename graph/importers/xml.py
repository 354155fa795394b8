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
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any, Literal

from .crosswalk import Crosswalk, default_crosswalk
from .edgelist import DEFAULT_WEIGHT, EdgeParser, parse_date
from .ids import safe_id
from .reading import Source, load_input
from .report import ImportReport
from .result import ImportResult, ResultBuilder

__all__ = ["XmlKind", "import_gexf", "import_graphml", "import_xml", "parse_safely",
           "xml_kind"]

XmlKind = Literal["gexf", "graphml"]

_NODE_KEYS = ("iso3", "iso", "code", "country", "name", "id", "label")
_FIELDS = {
    "type": ("type", "tie_type", "relation", "relationship", "kind"),
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
               default_weight: float = DEFAULT_WEIGHT,
               crosswalk: Crosswalk | None = None) -> ImportResult:
    """Import a GEXF or GraphML network (``kind`` checks which; None accepts either)."""
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
    if found == "gexf":
        dated_from = _gexf(root, lines, display, report, walk, parser, static)
    else:
        dated_from = _graphml(root, lines, display, report, walk, parser, static)
    builder = ResultBuilder(found, report, walk, {
        "id": safe_id(found, "src", display.rsplit(".", 1)[0]),
        "publisher": "Imported network",
        "title": f"{'GEXF' if found == 'gexf' else 'GraphML'} network {display}",
        "date": dated_from,
        "url": "",
    })
    parser.finish(builder)
    return builder.build(display, {"description": f"Ties imported from the network {display}."})


def _resolve_node(values: Mapping[str, str], when: str, walk: Crosswalk) -> str | None:
    # A node id that is an actor id (as this project's own exports write) wins over its name:
    # a country named "2" must not become the United States (COW code 2). Other ids (numbers,
    # "n0") are tried last, after the names.
    node_id = values.get("id", "").strip()
    if node_id:
        actor = walk.resolve(node_id, "iso3", when or None)
        if actor is not None:
            return actor
    for key in _NODE_KEYS:
        value = values.get(key, "").strip()
        if value:
            actor = walk.resolve(value, "any", when or None)
            if actor is not None:
                return actor
    return None


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


def _add_edge(parser: EdgeParser, report: ImportReport, display: str, line: int,
              source: str | None, target: str | None, names: tuple[str, str],
              values: dict[str, str]) -> None:
    for actor, node in ((source, names[0]), (target, names[1])):
        if actor is None:
            report.skip(display, line, "the edge's node is not a known country or actor (add "
                                       "it to data/country_codes.csv)", node)
            return
    values["source"], values["target"] = source or "", target or ""
    parser.add(values, line)


def _gexf(root: ET.Element, lines: dict[ET.Element, int], display: str, report: ImportReport,
          walk: Crosswalk, parser: EdgeParser, static: str) -> str:
    graph = _first(root, "graph")
    if graph is None:
        raise report.refuse(display, "the GEXF has no <graph> element", lines.get(root, 1))
    meta = _first(root, "meta")
    modified = meta.get("lastmodifieddate", "") if meta is not None else ""
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

    def values_of(element: ET.Element, target: str) -> dict[str, str]:
        values = dict(defaults[target])
        box = _first(element, "attvalues")
        dynamic: dict[str, str] = {}
        for value in _children(box, "attvalue") if box is not None else []:
            key = value.get("for") or value.get("id") or ""
            title = attributes[target].get(key, key.casefold())
            text = value.get("value") or ""
            if value.get("start") or value.get("end") or value.get("timestamp"):
                if title in dynamic:
                    report.warn(display, lines.get(value, 0), "dynamic attribute with several "
                                "values over time: the last one is used", title)
                dynamic[title] = text
            else:
                values[title] = text
        values.update(dynamic)
        return values

    nodes: dict[str, dict[str, str]] = {}
    holder = _first(graph, "nodes")
    for node in holder.iter() if holder is not None else []:
        if _local(node.tag) != "node":
            continue
        node_id = node.get("id") or ""
        values = values_of(node, "node")
        values["id"] = node_id
        values["label"] = node.get("label") or ""
        nodes[node_id] = values

    graph_start = graph.get("start") or ""
    graph_end = graph.get("end") or ""
    undated: list[int] = []
    fallback = static or (modified[:10] if _valid(modified[:10]) else "") or \
        dt.date.today().isoformat()
    edges = _first(graph, "edges")
    for edge in _children(edges, "edge") if edges is not None else []:
        line = lines.get(edge, 0)
        report.read += 1
        attrs = values_of(edge, "edge")
        fields = {key: _pick(attrs, options) for key, options in _FIELDS.items()
                  if key not in ("start", "end")}
        if edge.get("weight"):
            fields["weight"] = edge.get("weight") or ""
        if not fields.get("description") and edge.get("label"):
            fields["description"] = edge.get("label") or ""
        if edge.get("id"):
            fields["id"] = edge.get("id") or ""
        direction = (edge.get("type") or default_direction).casefold()
        if direction in {"directed", "undirected", "mutual"}:
            fields["directed"] = "true" if direction == "directed" else "false"
        spans: list[tuple[str | None, str | None]] = []
        spells = _first(edge, "spells")
        if spells is not None:
            for spell in _children(spells, "spell"):
                spans.append((spell.get("start") or spell.get("startopen")
                              or spell.get("timestamp"),
                              spell.get("end") or spell.get("endopen") or spell.get("timestamp")))
        if not spans:
            start = edge.get("start") or edge.get("startopen") or edge.get("timestamp")
            end = edge.get("end") or edge.get("endopen") or edge.get("timestamp")
            spans.append((start, end))
        source_id, target_id = edge.get("source") or "", edge.get("target") or ""
        for index, (start_value, end_value) in enumerate(spans):
            if index:
                report.read += 1  # each further spell is a row of its own
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
            values = dict(fields, start=start, end=end)
            if len(spans) > 1 and fields.get("id"):
                values["id"] = f"{fields['id']}-{index + 1}"
            _add_edge(parser, report, display, line,
                      _resolve_node(nodes.get(source_id, {"id": source_id}), start, walk),
                      _resolve_node(nodes.get(target_id, {"id": target_id}), start, walk),
                      (source_id, target_id), values)
    if undated:
        where = ("static_date" if static else "the file's lastmodifieddate"
                 if fallback == modified[:10] else "today's date")
        report.warn_many(display, f"no time on the edge or graph: dated {fallback} ({where}) "
                                  "and left open", len(undated), undated[:5])
    return modified[:10] if _valid(modified[:10]) else ""


def _valid(text: str) -> bool:
    try:
        parse_date(text)
    except ValueError:
        return False
    return bool(text)


def _graphml(root: ET.Element, lines: dict[ET.Element, int], display: str,
             report: ImportReport, walk: Crosswalk, parser: EdgeParser, static: str) -> str:
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
        values = dict(defaults[target])
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
    undated: list[int] = []
    fallback = static or dt.date.today().isoformat()
    for edge in graph.iter():
        if _local(edge.tag) != "edge":
            continue
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
        if not values.get("start"):
            values["start"] = fallback
            undated.append(line)
        else:
            try:
                values["start"] = _time(values["start"], "")
                values["end"] = _time(values.get("end"), "")
            except ValueError as error:
                report.skip(display, line, f"a time cannot be read: {error}", values["start"])
                continue
        source_id, target_id = edge.get("source") or "", edge.get("target") or ""
        _add_edge(parser, report, display, line,
                  _resolve_node(nodes.get(source_id, {"id": source_id}), values["start"], walk),
                  _resolve_node(nodes.get(target_id, {"id": target_id}), values["start"], walk),
                  (source_id, target_id), values)
    if undated:
        where = "static_date" if static else "today's date"
        report.warn_many(display, f"no time on the edge: dated {fallback} ({where}) and left "
                                  "open", len(undated), undated[:5])
    return ""
