"""The GEXF files follow the shape of the GEXF 1.3 schema (gexf.xsd and dynamics.xsd of
http://gexf.net/1.3): elements, their order where the schema fixes it, attributes and their
enumerations, typed values; and the rules Gephi relies on beyond the schema: declared
attributes, existing edge ends, counts, and intervals that never overlap."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest

from graph.dataset import Dataset
from graph.export import GEXF_NS, GEXF_VIZ_NS, ExportView, dynamic_gexf, gexf
from graph.temporal import Window
from graph.view import ViewFilter

G = f"{{{GEXF_NS}}}"
VIZ = f"{{{GEXF_VIZ_NS}}}"
XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
GENERATED = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)

ATTRIBUTE_TYPES = {
    "integer", "long", "double", "float", "boolean", "bigdecimal", "biginteger", "byte", "char",
    "short", "liststring", "listboolean", "listinteger", "listlong", "listfloat", "listdouble",
    "listbyte", "listshort", "listbigdecimal", "listbiginteger", "listchar", "string", "anyURI",
}
TIME = {"start", "end", "timestamp"}
DOUBLE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^(NaN|INF|-INF)$")
INTEGER = re.compile(r"^[+-]?\d+$")
ENUMS = {
    ("gexf", "version"): {"1.3"},
    ("graph", "defaultedgetype"): {"directed", "undirected", "mutual"},
    ("graph", "idtype"): {"integer", "string"},
    ("graph", "mode"): {"static", "dynamic", "slice"},
    ("graph", "timeformat"): {"integer", "double", "date", "dateTime"},
    ("graph", "timerepresentation"): {"interval", "timestamp"},
    ("attributes", "class"): {"node", "edge"},
    ("attributes", "mode"): {"static", "dynamic"},
    ("attribute", "type"): ATTRIBUTE_TYPES,
    ("edge", "type"): {"directed", "undirected", "mutual"},
}
ALLOWED = {
    "gexf": ({"version", "variant", f"{XSI}schemaLocation"}, {"version"}),
    "meta": ({"lastmodifieddate"}, set()),
    "graph": ({"defaultedgetype", "idtype", "mode", "timeformat", "timerepresentation",
               "timezone", *TIME}, set()),
    "attributes": ({"class", "mode"}, {"class"}),
    "attribute": ({"id", "title", "type"}, {"id", "title", "type"}),
    "nodes": ({"count"}, set()),
    "edges": ({"count"}, set()),
    "node": ({"id", "label", "pid", "intervals", "timestamps", *TIME}, {"id"}),
    "edge": ({"id", "type", "label", "source", "target", "weight", "kind", "intervals",
              "timestamps", *TIME}, {"source", "target"}),
    "attvalues": (set(), set()),
    "attvalue": ({"for", "value", *TIME}, {"for", "value"}),
    "spells": (set(), set()),
    "spell": (TIME, set()),
}
CHILDREN = {
    "gexf": {"meta", "graph"},
    "meta": {"creator", "keywords", "description"},
    "graph": {"attributes", "nodes", "edges"},
    "attributes": {"attribute"},
    "attribute": {"default", "options"},
    "nodes": {"node"},
    "edges": {"edge"},
    "node": {"attvalues", "spells", "nodes", "edges", "parents", "viz:color", "viz:position",
             "viz:size", "viz:shape"},
    "edge": {"attvalues", "spells", "viz:color", "viz:thickness", "viz:shape"},
    "attvalues": {"attvalue"},
    "spells": {"spell"},
}
# Sequences the schema fixes (xs:sequence): meta before graph; attributes, nodes, edges.
ORDER = {"gexf": ["meta", "graph"], "graph": ["attributes", "nodes", "edges"]}


def _name(element: ET.Element) -> str:
    if element.tag.startswith(G):
        return element.tag[len(G):]
    if element.tag.startswith(VIZ):
        return "viz:" + element.tag[len(VIZ):]
    return element.tag


def _time(text: str, timeformat: str) -> float | str:
    if timeformat == "date":
        return dt.date.fromisoformat(text).isoformat() if re.fullmatch(
            r"\d{4}-\d{2}-\d{2}", text) else _bad(f"{text!r} is not an xsd:date")
    if timeformat == "dateTime":
        return dt.datetime.fromisoformat(text).isoformat()
    return float(text)


def _bad(message: str) -> str:
    raise ValueError(message)


def _value_ok(kind: str, text: str) -> bool:
    if kind in {"integer", "long", "short", "byte", "biginteger"}:
        return bool(INTEGER.match(text))
    if kind in {"double", "float", "bigdecimal"}:
        return bool(DOUBLE.match(text))
    if kind == "boolean":
        return text in {"true", "false", "1", "0"}
    return True


def gexf_problems(data: bytes) -> list[str]:
    """Everything in ``data`` that breaks the GEXF 1.3 schema or Gephi's rules."""
    problems: list[str] = []
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        return [f"not well-formed XML: {error}"]
    if root.tag != f"{G}gexf":
        return [f"root is {root.tag}, not {{{GEXF_NS}}}gexf"]

    def walk(element: ET.Element, where: str) -> None:
        name = _name(element)
        if not (element.tag.startswith(G) or element.tag.startswith(VIZ)):
            problems.append(f"{where}: element {element.tag} outside the GEXF namespaces")
        allowed, required = ALLOWED.get(name, (None, set()))
        if allowed is not None:
            for attribute in element.attrib:
                if attribute not in allowed:
                    problems.append(f"{where}: attribute {attribute!r} not allowed on {name}")
            for attribute in required - set(element.attrib):
                problems.append(f"{where}: {name} lacks the required {attribute!r}")
        for (owner, attribute), values in ENUMS.items():
            if owner == name and attribute in element.attrib and \
                    element.get(attribute) not in values:
                problems.append(f"{where}: {name}/@{attribute}={element.get(attribute)!r}")
        children = [_name(child) for child in element]
        if name in CHILDREN:
            for child in children:
                if child not in CHILDREN[name]:
                    problems.append(f"{where}: {child} not allowed in {name}")
        elif children:
            problems.append(f"{where}: {name} must hold text only")
        if name in ORDER:
            ranks = [ORDER[name].index(child) for child in children if child in ORDER[name]]
            if ranks != sorted(ranks):
                problems.append(f"{where}: children of {name} out of order: {children}")
        if name == "spells" and not children:
            problems.append(f"{where}: spells needs at least one spell")
        for index, child in enumerate(element):
            walk(child, f"{where}/{_name(child)}[{index}]")

    walk(root, "gexf")
    graphs = root.findall(f"{G}graph")
    if len(graphs) != 1:
        return [*problems, f"{len(graphs)} graph elements"]
    graph = graphs[0]
    mode = graph.get("mode", "static")
    timeformat = graph.get("timeformat", "double")
    declared: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}
    for attributes in graph.findall(f"{G}attributes"):
        kind = attributes.get("class", "")
        for attribute in attributes.findall(f"{G}attribute"):
            key = attribute.get("id", "")
            if key in declared.get(kind, {}):
                problems.append(f"attribute {key!r} of {kind} declared twice")
            declared.setdefault(kind, {})[key] = (attribute.get("type", ""),
                                                  attributes.get("mode", "static"))
    for name, value in graph.attrib.items():
        if name in TIME:
            try:
                _time(value, timeformat)
            except ValueError as error:
                problems.append(f"graph/@{name}: {error}")

    def intervals(element: ET.Element, where: str) -> list[tuple[Any, Any]]:
        found = []
        for spell in element.findall(f"{G}spells/{G}spell"):
            try:
                start = _time(spell.get("start", ""), timeformat) if "start" in spell.attrib \
                    else None
                end = _time(spell.get("end", ""), timeformat) if "end" in spell.attrib else None
            except ValueError as error:
                problems.append(f"{where} spell: {error}")
                continue
            if start is not None and end is not None and start > end:  # type: ignore[operator]
                problems.append(f"{where}: spell starts after it ends")
            found.append((start, end))
        return found

    def no_overlap(spans: list[tuple[Any, Any]], where: str) -> None:
        ordered = sorted(spans, key=lambda span: (span[0] is not None, span[0] or ""))
        for (_, first_end), (second_start, _) in itertools.pairwise(ordered):
            if first_end is None or second_start is None or first_end >= second_start:
                problems.append(f"{where}: intervals overlap")

    def values(element: ET.Element, kind: str, where: str) -> None:
        per_key: dict[str, list[tuple[Any, Any]]] = {}
        for attvalue in element.findall(f"{G}attvalues/{G}attvalue"):
            key = attvalue.get("for", "")
            if key not in declared[kind]:
                problems.append(f"{where}: attvalue for undeclared {key!r}")
                continue
            type_, attribute_mode = declared[kind][key]
            if not _value_ok(type_, attvalue.get("value", "")):
                problems.append(f"{where}: {key}={attvalue.get('value')!r} is not {type_}")
            timed = TIME & set(attvalue.attrib)
            if timed and (mode != "dynamic" or attribute_mode != "dynamic"):
                problems.append(f"{where}: timed attvalue for static attribute {key!r}")
            if timed:
                try:
                    span = (_time(attvalue.get("start", ""), timeformat)
                            if "start" in attvalue.attrib else None,
                            _time(attvalue.get("end", ""), timeformat)
                            if "end" in attvalue.attrib else None)
                except ValueError as error:
                    problems.append(f"{where}: {key}: {error}")
                    continue
                per_key.setdefault(key, []).append(span)
        for key, spans in per_key.items():
            no_overlap(spans, f"{where} {key}")

    nodes = graph.findall(f"{G}nodes/{G}node")
    ids = [node.get("id", "") for node in nodes]
    if len(set(ids)) != len(ids):
        problems.append("node ids are not unique")
    for node in nodes:
        where = f"node {node.get('id')}"
        values(node, "node", where)
        no_overlap(intervals(node, where), where)
        for position in node.findall(f"{VIZ}position"):
            for axis in "xyz":
                if axis in position.attrib and not DOUBLE.match(position.get(axis, "")):
                    problems.append(f"{where}: viz:position {axis} is not a double")
    known = set(ids)
    edges = graph.findall(f"{G}edges/{G}edge")
    edge_ids = [edge.get("id") for edge in edges if edge.get("id") is not None]
    if len(set(edge_ids)) != len(edge_ids):
        problems.append("edge ids are not unique")
    for edge in edges:
        where = f"edge {edge.get('id')}"
        for end in ("source", "target"):
            if edge.get(end) not in known:
                problems.append(f"{where}: {end} {edge.get(end)!r} is not a node")
        if "weight" in edge.attrib and not DOUBLE.match(edge.get("weight", "")):
            problems.append(f"{where}: weight is not a double")
        values(edge, "edge", where)
        no_overlap(intervals(edge, where), where)
    for container, count in [("nodes", len(nodes)), ("edges", len(edges))]:
        element = graph.find(f"{G}{container}")
        if element is not None and "count" in element.attrib and \
                element.get("count") != str(count):
            problems.append(f"{container}/@count is {element.get('count')}, holds {count}")
    if mode != "dynamic" and (graph.findall(f".//{G}spells") or any(
            attributes.get("mode") == "dynamic" for attributes in graph.findall(f"{G}attributes"))):
        problems.append("dynamic content in a graph whose mode is not dynamic")
    return problems


def on(**filters: Any) -> ExportView:
    focus = filters.pop("focus", None)
    return ExportView.on(dt.date(2023, 6, 30), ViewFilter(**filters), focus=focus)


WRITERS: dict[str, Callable[[Dataset], bytes]] = {
    "snapshot": lambda d: gexf(d, on(), generated_at=GENERATED),
    "snapshot-filtered": lambda d: gexf(d, on(sign=-1, region=("Europe", "Asia")),
                                        generated_at=GENERATED),
    "snapshot-window": lambda d: gexf(d, ExportView(Window.month(dt.date(2024, 4, 1))),
                                      generated_at=GENERATED),
    "snapshot-empty": lambda d: gexf(d, on(focus="XXX"), generated_at=GENERATED),
    "dynamic": lambda d: dynamic_gexf(d, generated_at=GENERATED),
    "dynamic-filtered": lambda d: dynamic_gexf(d, on(types=("armed_conflict", "alliance")),
                                               generated_at=GENERATED),
}


@pytest.mark.parametrize("writer", list(WRITERS))
def test_gexf_follows_the_1_3_schema(any_dataset: Dataset, writer: str) -> None:
    data = WRITERS[writer](any_dataset)
    assert gexf_problems(data) == []
    root = ET.fromstring(data)
    assert root.get("version") == "1.3"
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://gexf.net/1.3"')


BROKEN = [
    pytest.param('version="1.3"', 'version="1.2"', "gexf/@version", id="wrong-version"),
    pytest.param('<attvalue for="region"', '<attvalue for="continent"', "undeclared",
                 id="undeclared-attribute"),
    pytest.param('mode="dynamic"', 'mode="moving"', "graph/@mode", id="bad-mode"),
    pytest.param('type="double"', 'type="decimal"', "attribute/@type", id="bad-type"),
    pytest.param('source="IRN"', 'source="XXX"', "is not a node", id="dangling-edge"),
    pytest.param('<nodes count="', '<nodes count="1', "count", id="wrong-count"),
    pytest.param('start="2022-08-01"', 'start="2022-8-1"', "xsd:date", id="bad-date"),
    pytest.param('end="2022-12-31"', 'end="2023-01-15"', "overlap", id="overlapping-values"),
    pytest.param("<spells>", "<spells><spell start=\"2000-01-01\" end=\"2030-01-01\"/>",
                 "overlap", id="overlapping-spells"),
    pytest.param('<attvalue for="lat" value="', '<attvalue for="lat" value="north', "double",
                 id="bad-number"),
    pytest.param("<meta", "<bogus/><meta", "not allowed", id="unknown-element"),
]


@pytest.mark.parametrize(("old", "new", "problem"), BROKEN)
def test_the_shape_check_catches_broken_files(tiny: Dataset, old: str, new: str,
                                              problem: str) -> None:
    text = dynamic_gexf(tiny, generated_at=GENERATED).decode()
    assert gexf_problems(text.encode()) == []
    assert old in text, old
    broken = gexf_problems(text.replace(old, new, 1).encode())
    assert any(problem in line for line in broken), broken
