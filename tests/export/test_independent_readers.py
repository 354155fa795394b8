"""Readers this project did not write read the exports as we meant them: python-igraph's
GraphML reader, and graphology-gexf / graphology-graphml (the parsers behind Gephi Lite), run
with node from tests/export/js."""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import igraph as ig
import pytest

from graph.dataset import Dataset
from graph.export import (
    COUNTRY_ATTRIBUTES,
    EDGE_ATTRIBUTES,
    GEXF_NS,
    ExportView,
    ViewSnapshot,
    dynamic_gexf,
    gexf,
    graphml,
    snapshot_of,
)
from graph.metrics import METRIC_COLUMNS
from graph.temporal import Window
from graph.view import ViewFilter

GENERATED = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
Reader = Callable[[str, Path], dict[str, Any]]

VIEWS = [
    pytest.param(ExportView.on(dt.date(2023, 6, 30)), id="2023-06-30"),
    pytest.param(ExportView.on(dt.date(2023, 6, 30), ViewFilter(sign=-1)), id="hostile-only"),
    pytest.param(ExportView(Window.month(dt.date(2022, 2, 1)), focus="RUS", hops=2),
                 id="ego-2022-02"),
]


def expected_nodes(snapshot: ViewSnapshot) -> dict[str, dict[str, Any]]:
    nodes = {}
    for row in snapshot.countries.to_dict("records"):
        nodes[str(row["id"])] = {
            key: row[key] for key in [*COUNTRY_ATTRIBUTES, *METRIC_COLUMNS]
            if not (isinstance(row[key], float) and math.isnan(row[key]))
        }
    return nodes


def expected_edges(snapshot: ViewSnapshot) -> dict[frozenset[str], dict[str, Any]]:
    return {
        frozenset((str(row["source"]), str(row["target"]))):
            {key: row[key] for key in ["weight", *EDGE_ATTRIBUTES]}
        for row in snapshot.dyads.to_dict("records")
    }


def same(got: Any, expected: Any) -> bool:
    if isinstance(expected, str):
        return bool(got == expected)
    return bool(got == pytest.approx(float(expected), rel=1e-12, abs=1e-15))


@pytest.mark.parametrize("view", VIEWS)
def test_igraph_reads_our_graphml(any_dataset: Dataset, view: ExportView,
                                  tmp_path: Path) -> None:
    path = tmp_path / "snapshot.graphml"
    path.write_bytes(graphml(any_dataset, view, generated_at=GENERATED))
    graph = ig.Graph.Read_GraphML(str(path))
    snapshot = snapshot_of(any_dataset, view)
    nodes, edges = expected_nodes(snapshot), expected_edges(snapshot)
    assert not graph.is_directed()
    assert (graph.vcount(), graph.ecount()) == (len(nodes), len(edges))
    assert graph["dataset"] == any_dataset.name and graph["version"] == any_dataset.version
    assert graph["content_hash"] == any_dataset.content_hash
    ids = graph.vs["id"]
    for vertex in graph.vs:
        expected = nodes[vertex["id"]]
        for key, value in expected.items():
            assert same(vertex[key], value), (vertex["id"], key)
        for key in {*COUNTRY_ATTRIBUTES} - set(expected):
            assert vertex[key] is None or (isinstance(vertex[key], float)
                                           and math.isnan(vertex[key]))
    # python-igraph 1.0 fills the edge "id" attribute with vertex ids: the pair is read from
    # the ends instead.
    for edge in graph.es:
        pair = frozenset((ids[edge.source], ids[edge.target]))
        for key, value in edges[pair].items():
            assert same(edge[key], value), (sorted(pair), key)
    assert {frozenset((ids[e.source], ids[e.target])) for e in graph.es} == set(edges)


def test_igraph_keeps_right_to_left_names(tiny: Dataset, tmp_path: Path) -> None:
    countries = tiny.countries.copy()
    countries.loc[countries["id"] == "IRN", "name"] = "إيران"
    countries.loc[countries["id"] == "ISR", "name"] = "יִשְׂרָאֵל\x07"
    dataset = Dataset(countries, tiny.ties, tiny.sources, tiny.blocs, tiny.memberships,
                      tiny.events, tiny.metadata, tiny.content_hash)
    path = tmp_path / "rtl.graphml"
    path.write_bytes(graphml(dataset, ExportView.on(dt.date(2023, 6, 30), hide_isolates=False),
                             generated_at=GENERATED))
    graph = ig.Graph.Read_GraphML(str(path))
    names = dict(zip(graph.vs["id"], graph.vs["name"], strict=True))
    assert names["IRN"] == "إيران" and names["ISR"] == "יִשְׂרָאֵל"


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
@pytest.mark.parametrize("view", VIEWS)
def test_graphology_reads_our_snapshot(any_dataset: Dataset, view: ExportView, fmt: str,
                                       graphology: Reader, tmp_path: Path) -> None:
    path = tmp_path / f"snapshot.{fmt}"
    writer = gexf if fmt == "gexf" else graphml
    path.write_bytes(writer(any_dataset, view, generated_at=GENERATED))
    read = graphology(fmt, path)
    snapshot = snapshot_of(any_dataset, view)
    nodes, edges = expected_nodes(snapshot), expected_edges(snapshot)
    assert read["type"] == "undirected" and read["multi"] is False
    assert (read["order"], read["size"]) == (len(nodes), len(edges))
    assert set(read["nodes"]) == set(nodes)
    for node, expected in nodes.items():
        for key, value in expected.items():
            assert same(read["nodes"][node][key], value), (node, key)
    got_edges = {frozenset((edge["source"], edge["target"])): edge for edge in read["edges"]}
    assert set(got_edges) == set(edges)
    for pair, expected in edges.items():
        edge = got_edges[pair]
        a, b = sorted(pair)
        assert edge["key"] == f"{a}-{b}"
        for key, value in expected.items():
            assert same(edge["attributes"][key], value), (sorted(pair), key)
    if fmt == "gexf":
        assert any_dataset.content_hash in read["attributes"]["description"]
        assert read["attributes"]["creator"] == "Realpolitik"
    else:
        assert read["attributes"]["content_hash"] == any_dataset.content_hash
        assert read["attributes"].get("date") == (view.date.isoformat() if view.date else None)
        assert read["attributes"]["label"] == view.label


def test_graphology_reads_the_dynamic_timeline(any_dataset: Dataset, graphology: Reader,
                                               tmp_path: Path) -> None:
    """graphology-gexf reads a dynamic file as static: it keeps every node and edge and, of a
    dynamic attribute, the value of the last interval written (spells it ignores)."""
    data = dynamic_gexf(any_dataset, generated_at=GENERATED)
    path = tmp_path / "timeline.gexf"
    path.write_bytes(data)
    read = graphology("gexf", path)
    root = ET.fromstring(data)
    ns = {"g": GEXF_NS}
    nodes = root.findall("g:graph/g:nodes/g:node", ns)
    edges = root.findall("g:graph/g:edges/g:edge", ns)
    assert (read["order"], read["size"]) == (len(nodes), len(edges))
    assert len(edges) > 0
    for node in nodes:
        assert read["nodes"][node.get("id")]["name"] == node.get("label")
    got = {edge["key"]: edge["attributes"] for edge in read["edges"]}
    for edge in edges:
        last = {value.get("for"): value.get("value")
                for value in edge.findall("g:attvalues/g:attvalue", ns)}
        attributes = got[str(edge.get("id"))]
        assert attributes["weight"] == pytest.approx(float(str(last["weight"])))
        assert attributes["types"] == last["types"]
        assert attributes["sign"] == int(str(last["sign"]))
