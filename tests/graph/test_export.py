"""Exports of a view: filters, CSV safety, headers, round trips through every graph format,
the dynamic GEXF of the timeline and the citable bundle."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import json
import math
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest

from graph.citation import DATA_PERMALINK, Citation, citation_of, curated_citation
from graph.dataset import BUNDLED_DATA, CURATED_METADATA, Dataset, split_ids
from graph.export import (
    COUNTRY_ATTRIBUTES,
    EDGE_ATTRIBUTES,
    FORMATS,
    GEXF_NS,
    ExportView,
    ViewSnapshot,
    apply_view,
    bundle_bytes,
    countries_csv,
    dynamic_gexf,
    export_bundle,
    export_data,
    gexf,
    graphml,
    neutralise_cell,
    node_link_json,
    readme,
    safe_filename,
    snapshot_of,
    sources_csv,
    strip_xml_illegal,
    ties_csv,
)
from graph.metrics import METRIC_COLUMNS, compute_metrics
from graph.temporal import Window, active_countries, active_ties, aggregate_dyads
from graph.validate import load_dataset
from graph.view import ViewFilter

GENERATED = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
JUNE_30 = dt.date(2023, 6, 30)
Graph = tuple[dict[str, dict[str, Any]], dict[frozenset[str], dict[str, Any]]]


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load_dataset(BUNDLED_DATA)


@pytest.fixture(params=["tiny", "bundled"])
def any_dataset(request: pytest.FixtureRequest) -> Dataset:
    dataset: Dataset = request.getfixturevalue(request.param)
    return dataset


def _edit_csv(path: Path, changes: dict[str, dict[str, str]]) -> None:
    """Change cells of a dataset file: ``{row id: {column: new text}}``."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or [])
        table = [row | changes.get(row["id"], {}) for row in reader]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


@pytest.fixture
def hostile(dataset_dir: Path) -> Dataset:
    """The tiny data with right-to-left names, formula-like cells and a control character."""
    _edit_csv(dataset_dir / "countries.csv", {
        "IRN": {"name": "إيران"},
        "ISR": {"name": "יִשְׂרָאֵל"},
        "USA": {"name": '=HYPERLINK("http://evil.example","x")'},
        "BLR": {"name": "@Belarus"},
    })
    _edit_csv(dataset_dir / "ties.csv", {
        "t-usa-ukr-arms": {"description": "-2+3 aid\x07 with a bell", "sources": "s1;s3"},
    })
    _edit_csv(dataset_dir / "sources.csv", {"s3": {"title": "+Title; with a semicolon"}})
    return load_dataset(dataset_dir)


def on(day: dt.date = JUNE_30, **filters: Any) -> ExportView:
    """A view of ``day``; unless told otherwise it keeps untied countries and cuts to the
    focus's ego network, so that the tests see every country a filter lets through."""
    focus = filters.pop("focus", None)
    hops = filters.pop("hops", 1)
    focus_mode = filters.pop("focus_mode", "cut")
    hide_isolates = filters.pop("hide_isolates", False)
    return ExportView.on(day, ViewFilter(**filters), focus=focus, hops=hops,
                         focus_mode=focus_mode, hide_isolates=hide_isolates)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --------------------------------------------------------------------------------------------
# The view

ALL_JUNE_TIES = ["t-irn-hzb", "t-irn-rus-arms-2023", "t-rus-blr-union", "t-rus-ukr-war",
                 "t-usa-ukr-arms"]
ALL_JUNE_COUNTRIES = ["BLR", "HZB", "IRN", "ISR", "RUS", "UKR", "USA"]


@pytest.mark.parametrize(
    ("view", "ties", "countries"),
    [
        pytest.param(on(), ALL_JUNE_TIES, ALL_JUNE_COUNTRIES, id="no-filter"),
        pytest.param(on(types=("arms_transfer",)), ["t-irn-rus-arms-2023", "t-usa-ukr-arms"],
                     ALL_JUNE_COUNTRIES, id="types"),
        pytest.param(on(sign=-1), ["t-rus-ukr-war"], ALL_JUNE_COUNTRIES, id="sign-hostile"),
        pytest.param(on(sign=1), ["t-irn-hzb", "t-irn-rus-arms-2023", "t-rus-blr-union",
                                  "t-usa-ukr-arms"], ALL_JUNE_COUNTRIES, id="sign-cooperative"),
        pytest.param(on(min_weight=0.9), ["t-rus-blr-union", "t-rus-ukr-war"],
                     ALL_JUNE_COUNTRIES, id="min-weight"),
        pytest.param(on(confidence=("medium", "low")), ["t-irn-hzb"], ALL_JUNE_COUNTRIES,
                     id="confidence"),
        pytest.param(on(region=("Europe",)), ["t-rus-blr-union", "t-rus-ukr-war"],
                     ["BLR", "RUS", "UKR"], id="region-both-ends"),
        pytest.param(on(region=("Asia", "Americas")), ["t-irn-hzb"],
                     ["HZB", "IRN", "ISR", "USA"], id="two-regions"),
        pytest.param(on(bloc="UNION_STATE"), ["t-rus-blr-union"], ["BLR", "RUS"],
                     id="bloc-members"),
        pytest.param(on(dt.date(1999, 6, 30), bloc="UNION_STATE"), [], [],
                     id="bloc-before-it-exists"),
        pytest.param(on(focus="IRN"), ["t-irn-hzb", "t-irn-rus-arms-2023"],
                     ["HZB", "IRN", "RUS"], id="focus-1-hop"),
        pytest.param(on(focus="IRN", hops=2), ["t-irn-hzb", "t-irn-rus-arms-2023",
                                              "t-rus-blr-union", "t-rus-ukr-war"],
                     ["BLR", "HZB", "IRN", "RUS", "UKR"], id="focus-2-hops"),
        pytest.param(on(focus="UKR", sign=1), ["t-usa-ukr-arms"], ["UKR", "USA"],
                     id="focus-on-filtered-ties"),
        pytest.param(on(focus="ISR"), [], ["ISR"], id="focus-without-ties"),
        pytest.param(on(focus="XXX"), ALL_JUNE_TIES, ALL_JUNE_COUNTRIES, id="focus-unknown"),
        pytest.param(on(focus="IRN", focus_mode="dim"), ALL_JUNE_TIES, ALL_JUNE_COUNTRIES,
                     id="focus-dims-as-the-page"),
        pytest.param(on(sign=-1, hide_isolates=True), ["t-rus-ukr-war"], ["RUS", "UKR"],
                     id="isolates-hidden-as-the-page"),
        pytest.param(ExportView.on(JUNE_30, ViewFilter(sign=-1), focus="RUS"),
                     ["t-rus-ukr-war"], ["RUS", "UKR"], id="defaults-are-the-pages"),
        pytest.param(on(types=("arms_transfer",), region=("Europe",)), [], ["BLR", "RUS", "UKR"],
                     id="filters-combine"),
        pytest.param(ExportView(Window.month(dt.date(2024, 4, 1)), ViewFilter(sign=-1)),
                     ["t-isr-hzb-war", "t-isr-irn-strike", "t-rus-ukr-war"],
                     ["HZB", "IRN", "ISR", "RUS", "UKR"], id="window-holds-one-day-strike"),
    ],
)
def test_apply_view_filters_as_the_page(tiny: Dataset, view: ExportView, ties: list[str],
                                         countries: list[str]) -> None:
    shown_countries, shown_ties = apply_view(tiny, view)
    assert sorted(shown_ties["id"]) == ties
    assert sorted(shown_countries["id"]) == countries


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(lambda: on(focus="IRN", hops=3), "hops", id="three-hops"),
        pytest.param(lambda: on(sign=2), "sign", id="bad-sign"),
        pytest.param(lambda: on(types=("hugs",)), "unknown tie type", id="unknown-type"),
        pytest.param(lambda: ExportView(Window(dt.date(2024, 1, 2), dt.date(2024, 1, 1))),
                     "ends before", id="reversed-window"),
    ],
)
def test_view_refuses_what_the_page_cannot_show(make: Callable[[], ExportView],
                                               message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_view_describes_itself() -> None:
    view = on(sign=-1, min_weight=0.5, focus="IRN", hops=2)
    assert view.describe() == "hostility only; weight >= 0.5; focus IRN (2 hops, ego network only)"
    assert view.filter_values()["hops"] == 2 and view.filter_values()["sign"] == -1
    assert on().describe() == "no filters" and on().filter_values()["hops"] is None


# --------------------------------------------------------------------------------------------
# CSV


def test_countries_csv_has_every_metric_at_the_view(tiny: Dataset) -> None:
    view = on(region=("Europe", "Asia"))
    table = rows(countries_csv(tiny, view))
    countries, ties = apply_view(tiny, view)
    # Metrics of every country of the date on the filtered network, as the page computes them.
    everyone = sorted(active_countries(tiny.countries, view.window)["id"])
    expected, _ = compute_metrics(everyone, aggregate_dyads(ties))
    assert [row["id"] for row in table] == sorted(countries["id"])
    assert set(METRIC_COLUMNS) <= set(table[0])
    for row in table:
        for column in METRIC_COLUMNS:
            assert float(row[column]) == pytest.approx(float(expected.loc[row["id"], column]))
    assert {row["id"]: row["name"] for row in table}["HZB"] == "Hezbollah"


def test_ties_csv_joins_every_source(hostile: Dataset) -> None:
    table = {row["id"]: row for row in rows(ties_csv(hostile, on()))}
    assert sorted(table) == ALL_JUNE_TIES
    arms = table["t-usa-ukr-arms"]
    assert arms["sources"] == "s1;s3"
    assert arms["source_publishers"] == "SIPRI | Test Publisher"
    assert arms["source_titles"] == ("SIPRI Arms Transfers Database: trade register | "
                                     "+Title; with a semicolon")
    assert arms["source_dates"] == "2026-02-12 | 2024"
    assert arms["source_urls"] == " | https://example.org/a"
    assert (arms["source_name"], arms["target_name"]) == (
        "'=HYPERLINK(\"http://evil.example\",\"x\")", "Ukraine")


def test_sources_csv_lists_each_source_behind_the_ties_shown_once(tiny: Dataset) -> None:
    manifest = rows(sources_csv(tiny, on()))
    assert [row["id"] for row in manifest] == ["s1", "s2", "s3"]
    by_id = {row["id"]: row for row in manifest}
    assert by_id["s1"]["ties"] == "t-irn-rus-arms-2023"
    assert by_id["s3"]["ties"].split(";") == ["t-rus-ukr-war", "t-usa-ukr-arms", "t-irn-hzb"]
    hostile_only = rows(sources_csv(tiny, on(sign=-1)))
    assert [row["id"] for row in hostile_only] == ["s3"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("=1+1", "'=1+1", id="equals"),
        pytest.param("+SUM(A1:A9)", "'+SUM(A1:A9)", id="plus"),
        pytest.param("-2+3", "'-2+3", id="minus"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
        pytest.param("\tcmd", "'\tcmd", id="tab"),
        pytest.param("\rcmd", "'\rcmd", id="carriage-return"),
        pytest.param("Iran", "Iran", id="plain"),
        pytest.param("", "", id="empty"),
        pytest.param("a=b", "a=b", id="equals-inside"),
        pytest.param("إيران", "إيران", id="right-to-left"),
    ],
)
def test_neutralise_cell(cell: str, expected: str) -> None:
    assert neutralise_cell(cell) == expected


def test_csv_neutralises_formulas_but_keeps_numbers(hostile: Dataset) -> None:
    countries = {row["id"]: row for row in rows(countries_csv(hostile, on()))}
    assert countries["USA"]["name"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert countries["BLR"]["name"] == "'@Belarus"
    assert countries["USA"]["lon"] == "-77.04"  # a negative number in a numeric column
    assert countries["IRN"]["name"] == "إيران" and countries["ISR"]["name"] == "יִשְׂרָאֵל"
    ties = {row["id"]: row for row in rows(ties_csv(hostile, on()))}
    assert ties["t-rus-ukr-war"]["sign"] == "-1"
    assert ties["t-rus-ukr-war"]["weight"] == "1.0"
    assert ties["t-usa-ukr-arms"]["description"] == "'-2+3 aid with a bell"
    sources = {row["id"]: row for row in rows(sources_csv(hostile, on()))}
    assert sources["s3"]["title"] == "'+Title; with a semicolon"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("../../etc/passwd", "etc_passwd", id="traversal"),
        pytest.param("C:\\Windows\\evil.exe", "C_Windows_evil.exe", id="windows-path"),
        pytest.param("Iran: ties 2023/06.csv", "Iran_-ties-2023_06.csv", id="reserved-chars"),
        pytest.param("إيران شبكة.png", "إيران-شبكة.png", id="right-to-left-kept"),
        pytest.param("ישראל.gexf", "ישראל.gexf", id="hebrew-kept"),
        pytest.param("photo\u202egnp.exe", "photognp.exe", id="bidi-override-dropped"),
        pytest.param("CON.txt", "_CON.txt", id="windows-device"),
        pytest.param("...", "export", id="only-dots"),
        pytest.param("", "export", id="empty"),
        pytest.param(".hidden", "hidden", id="hidden-file"),
        pytest.param("a\x00b\x1fc.zip", "abc.zip", id="control-chars"),
        pytest.param("ش" * 200 + ".png", "ش" * 58 + ".png", id="long-name-capped-in-bytes"),
    ],
)
def test_safe_filename(text: str, expected: str) -> None:
    assert safe_filename(text) == expected
    assert len(safe_filename(text).encode()) <= 120


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a\x00b\x08c\x0bd\x1fe", "abcde", id="c0-controls"),
        pytest.param("tab\tnew\nline\rok", "tab\tnew\nline\rok", id="whitespace-kept"),
        pytest.param("x\ufffey\uffff", "xy", id="non-characters"),
        pytest.param("\ud800lone", "lone", id="lone-surrogate"),
        pytest.param("יִשְׂרָאֵל 🇮🇱", "יִשְׂרָאֵל 🇮🇱", id="unicode-kept"),
    ],
)
def test_strip_xml_illegal(text: str, expected: str) -> None:
    assert strip_xml_illegal(text) == expected


# --------------------------------------------------------------------------------------------
# Readers for the round trips


def _own_gexf(data: bytes) -> Graph:
    """A reader written for the test: typed attvalues as declared, ``weight`` from the edge."""
    root = ET.fromstring(data)
    ns = {"g": GEXF_NS}
    cast: dict[str, Callable[[str], Any]] = {"double": float, "integer": int, "string": str}
    declared = {
        attributes.get("class"): {item.get("id"): item.get("type") for item in attributes}
        for attributes in root.iterfind("g:graph/g:attributes", ns)
    }

    def values(element: ET.Element, kind: str) -> dict[str, Any]:
        return {
            str(item.get("for")): cast[str(declared[kind][item.get("for")])](
                str(item.get("value")))
            for item in element.iterfind("g:attvalues/g:attvalue", ns)
        }

    nodes = {str(node.get("id")): values(node, "node")
             for node in root.iterfind("g:graph/g:nodes/g:node", ns)}
    edges = {
        frozenset((str(edge.get("source")), str(edge.get("target")))):
            values(edge, "edge") | {"weight": float(str(edge.get("weight")))}
        for edge in root.iterfind("g:graph/g:edges/g:edge", ns)
    }
    return nodes, edges


def _networkx(graph: nx.Graph) -> Graph:
    nodes = {str(node): dict(data) for node, data in graph.nodes(data=True)}
    edges = {frozenset((str(a), str(b))): dict(data) for a, b, data in graph.edges(data=True)}
    return nodes, edges


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


READERS: dict[str, Callable[[Dataset, ExportView, Path], Graph]] = {
    # Default arguments: what a user of networkx types.
    "json-networkx": lambda d, v, tmp: _networkx(nx.node_link_graph(
        json.loads(node_link_json(d, v, generated_at=GENERATED)))),
    "graphml-networkx": lambda d, v, tmp: _networkx(nx.read_graphml(
        _write(tmp, "g.graphml", graphml(d, v, generated_at=GENERATED)))),
    "gexf-networkx": lambda d, v, tmp: _networkx(nx.read_gexf(
        _write(tmp, "g.gexf", gexf(d, v, generated_at=GENERATED)), version="1.3")),
    "gexf-own-reader": lambda d, v, tmp: _own_gexf(gexf(d, v, generated_at=GENERATED)),
}


def expected_graph(snapshot: ViewSnapshot) -> Graph:
    nodes: dict[str, dict[str, Any]] = {}
    for row in snapshot.countries.to_dict("records"):
        data: dict[str, Any] = {}
        for column in [*COUNTRY_ATTRIBUTES, *METRIC_COLUMNS]:
            value = row[column]
            if isinstance(value, float) and math.isnan(value):
                continue
            data[column] = value
        nodes[str(row["id"])] = data
    edges = {
        frozenset((str(row["source"]), str(row["target"]))):
            {key: row[key] for key in ["weight", *EDGE_ATTRIBUTES]}
        for row in snapshot.dyads.to_dict("records")
    }
    return nodes, edges


def assert_same_graph(got: Graph, expected: Graph) -> None:
    got_nodes, got_edges = got
    nodes, edges = expected
    assert sorted(got_nodes) == sorted(nodes)
    assert set(got_edges) == set(edges)
    for node, data in nodes.items():
        for key, value in data.items():
            assert_same_value(got_nodes[node].get(key), value, f"{node}.{key}")
        for missing in {*COUNTRY_ATTRIBUTES, *METRIC_COLUMNS} - set(data):
            assert got_nodes[node].get(missing) is None, f"{node}.{missing}"
    for pair, data in edges.items():
        for key, value in data.items():
            assert_same_value(got_edges[pair].get(key), value, f"{sorted(pair)}.{key}")


def assert_same_value(got: Any, expected: Any, where: str) -> None:
    if isinstance(expected, str):
        assert got == expected, where
    elif isinstance(expected, int) and not isinstance(expected, bool):
        assert got == expected and float(got).is_integer(), where
    else:
        assert got == pytest.approx(float(expected), rel=1e-12, abs=1e-15), where


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize(
    "view",
    [
        pytest.param(on(), id="2023-06-30"),
        pytest.param(on(sign=1, min_weight=0.5), id="filtered"),
        pytest.param(ExportView(Window.month(dt.date(2024, 4, 1))), id="window-2024-04"),
    ],
)
def test_round_trip_gives_the_same_graph(any_dataset: Dataset, view: ExportView, reader: str,
                                         tmp_path: Path) -> None:
    got = READERS[reader](any_dataset, view, tmp_path)
    assert_same_graph(got, expected_graph(snapshot_of(any_dataset, view)))


@pytest.mark.parametrize("reader", list(READERS))
def test_round_trip_keeps_unicode_and_drops_xml_illegal_characters(
    hostile: Dataset, reader: str, tmp_path: Path
) -> None:
    nodes, edges = READERS[reader](hostile, on(), tmp_path)
    assert nodes["IRN"]["name"] == "إيران"
    assert nodes["ISR"]["name"] == "יִשְׂרָאֵל"
    assert nodes["USA"]["name"] == '=HYPERLINK("http://evil.example","x")'
    assert edges[frozenset(("UKR", "USA"))]["types"] == "arms_transfer"


def test_bundled_snapshot_has_the_expected_size(bundled: Dataset) -> None:
    view = on()
    snapshot = snapshot_of(bundled, view)
    countries = active_countries(bundled.countries, view.window)
    dyads = aggregate_dyads(active_ties(bundled.ties, view.window))
    assert len(snapshot.countries) == len(countries) > 150
    assert len(snapshot.dyads) == len(dyads) > 50
    assert snapshot.graph_metrics["edges"] == len(dyads)


# --------------------------------------------------------------------------------------------
# Headers


@pytest.mark.parametrize(
    ("view", "date", "window"),
    [
        pytest.param(on(), "2023-06-30", None, id="date"),
        pytest.param(ExportView(Window(dt.date(2023, 1, 1), dt.date(2023, 6, 30))), None,
                     {"first": "2023-01-01", "last": "2023-06-30"}, id="window"),
    ],
)
def test_json_header(tiny: Dataset, view: ExportView, date: str | None,
                     window: dict[str, str] | None) -> None:
    document = json.loads(node_link_json(tiny, view, generated_at=GENERATED,
                                         permalink="https://x.example/?d=1"))
    header = document["header"]
    assert header == document["graph"]
    assert header["dataset"] == "Tiny test data" and header["version"] == "0.0.1"
    assert header["content_hash"] == tiny.content_hash and len(tiny.content_hash) == 16
    assert (header["date"], header["window"]) == (date, window)
    assert header["generated_at"] == "2026-01-02T03:04:05Z"
    assert header["filters"]["sign"] == 0 and header["filters"]["focus"] is None
    assert header["permalink"] == "https://x.example/?d=1"
    assert header["citation"] == "Tiny test data, version 0.0.1 [data set]. View: https://x.example/?d=1"
    assert document["directed"] is False and document["multigraph"] is False


def test_networkx_reads_the_json_with_default_arguments(tiny: Dataset) -> None:
    document = json.loads(node_link_json(tiny, on(), generated_at=GENERATED))
    graph = nx.node_link_graph(document)
    dyads = snapshot_of(tiny, on()).dyads
    assert type(graph) is nx.Graph
    assert {frozenset(edge) for edge in graph.edges} == {
        frozenset(pair) for pair in zip(dyads["source"], dyads["target"], strict=True)}
    assert graph.edges["IRN", "RUS"]["id"] == "IRN-RUS"
    # networkx 3.2 to 3.5 read "links" by default, 3.6 on "edges": both hold every edge.
    assert document["links"] == document["edges"]


def test_graph_files_carry_the_header(tiny: Dataset, tmp_path: Path) -> None:
    view = on(region=("Europe",), focus="RUS")
    read = nx.read_graphml(_write(tmp_path, "g.graphml", graphml(tiny, view,
                                                                  generated_at=GENERATED)))
    assert read.graph["dataset"] == "Tiny test data"
    assert read.graph["content_hash"] == tiny.content_hash
    assert json.loads(read.graph["filters"])["region"] == ["Europe"]
    root = ET.fromstring(gexf(tiny, view, generated_at=GENERATED))
    assert root.get("version") == "1.3" and root.tag == f"{{{GEXF_NS}}}gexf"
    description = root.findtext(f"{{{GEXF_NS}}}meta/{{{GEXF_NS}}}description") or ""
    assert "Tiny test data, version 0.0.1" in description
    assert tiny.content_hash in description and "region Europe" in description
    assert "focus RUS (1 hop, ego network only)" in description


# --------------------------------------------------------------------------------------------
# Dynamic GEXF of the timeline


def _dynamic(data: bytes) -> tuple[dict[str, list[tuple[str, str]]],
                                  dict[str, dict[str, Any]]]:
    """Node spells, and per edge its spells and its attvalues as (key, value, start, end)."""
    root = ET.fromstring(data)
    ns = {"g": GEXF_NS}
    nodes = {
        str(node.get("id")): [(str(s.get("start")), str(s.get("end")))
                              for s in node.iterfind("g:spells/g:spell", ns)]
        for node in root.iterfind("g:graph/g:nodes/g:node", ns)
    }
    edges = {
        str(edge.get("id")): {
            "spells": [(str(s.get("start")), str(s.get("end")))
                       for s in edge.iterfind("g:spells/g:spell", ns)],
            "values": [(str(a.get("for")), str(a.get("value")), str(a.get("start")),
                        str(a.get("end"))) for a in edge.iterfind("g:attvalues/g:attvalue", ns)],
        }
        for edge in root.iterfind("g:graph/g:edges/g:edge", ns)
    }
    return nodes, edges


def _at(values: list[tuple[str, str, str, str]], key: str, day: str) -> str | None:
    found = [value for name, value, start, end in values if name == key and start <= day <= end]
    assert len(found) <= 1, f"{key} has overlapping values on {day}"
    return found[0] if found else None


def test_dynamic_gexf_widens_partial_dates(tiny: Dataset) -> None:
    root = ET.fromstring(dynamic_gexf(tiny, generated_at=GENERATED))
    graph = root.find(f"{{{GEXF_NS}}}graph")
    assert graph is not None
    assert (graph.get("mode"), graph.get("timeformat"), graph.get("timerepresentation")) == (
        "dynamic", "date", "interval")
    nodes, edges = _dynamic(dynamic_gexf(tiny, generated_at=GENERATED))
    irn_rus = edges["IRN-RUS"]
    # 2022-08..2022-12 (0.5), then 2023..2024 (0.8): one spell, two weights; the 2025 treaty
    # is open and closed at the export date.
    assert irn_rus["spells"] == [("2022-08-01", "2024-12-31"), ("2025-01-17", "2026-01-02")]
    assert _at(irn_rus["values"], "weight", "2022-08-01") == "0.5"
    assert _at(irn_rus["values"], "weight", "2022-12-31") == "0.5"
    assert _at(irn_rus["values"], "weight", "2023-01-01") == "0.8"
    assert _at(irn_rus["values"], "weight", "2024-12-31") == "0.8"
    assert _at(irn_rus["values"], "weight", "2025-01-16") is None
    assert float(str(_at(irn_rus["values"], "net", "2025-07-01"))) == pytest.approx(0.2)
    assert _at(irn_rus["values"], "types", "2025-07-01") == "friction;strategic_partnership"
    assert edges["IRN-ISR"]["spells"] == [("2024-04-19", "2024-04-19")]
    assert nodes["SUN"] == [(nodes["SUN"][0][0], "1991-12-26")]
    assert nodes["RUS"] == [("1991-12-26", "2026-01-02")]


@pytest.mark.parametrize(
    "day", ["1991-06-30", "2001-03-12", "2014-03-18", "2022-02-24", "2023-06-30",
            "2024-04-19", "2025-06-30"],
)
def test_dynamic_gexf_matches_the_snapshot_at_every_date(any_dataset: Dataset,
                                                          day: str) -> None:
    nodes, edges = _dynamic(dynamic_gexf(any_dataset, generated_at=GENERATED))
    window = Window.on(dt.date.fromisoformat(day))
    dyads = aggregate_dyads(active_ties(any_dataset.ties, window))
    expected = {f"{row.source}-{row.target}": row for row in dyads.itertuples()}
    shown = {edge for edge, data in edges.items()
             if any(start <= day <= end for start, end in data["spells"])}
    assert shown == set(expected)
    for edge, row in expected.items():
        values = edges[edge]["values"]
        assert float(str(_at(values, "weight", day))) == pytest.approx(row.weight)
        assert float(str(_at(values, "net", day))) == pytest.approx(row.net)
        assert int(str(_at(values, "sign", day))) == row.sign
        assert _at(values, "types", day) == row.types
        assert int(str(_at(values, "ties", day))) == row.ties
    existing = set(active_countries(any_dataset.countries, window)["id"])
    alive = {node for node, spells in nodes.items()
             if any(start <= day <= end for start, end in spells)}
    assert existing <= alive


def test_dynamic_gexf_values_never_overlap_and_stay_in_spells(any_dataset: Dataset) -> None:
    _, edges = _dynamic(dynamic_gexf(any_dataset, generated_at=GENERATED))
    for edge, data in edges.items():
        spells = data["spells"]
        assert spells == sorted(spells) and all(start <= end for start, end in spells)
        assert all(a[1] < b[0] for a, b in itertools.pairwise(spells)), edge
        by_key: dict[str, list[tuple[str, str]]] = {}
        for key, _, start, end in data["values"]:
            by_key.setdefault(key, []).append((start, end))
            assert any(s <= start and end <= e for s, e in spells), (edge, key, start)
        for key, intervals in by_key.items():
            intervals.sort()
            assert all(a[1] < b[0] for a, b in itertools.pairwise(intervals)), (
                edge, key)


def test_dynamic_gexf_applies_the_time_independent_filters(tiny: Dataset) -> None:
    view = on(sign=-1, bloc="UNION_STATE", focus="IRN")
    _, edges = _dynamic(dynamic_gexf(tiny, view, generated_at=GENERATED))
    assert sorted(edges) == ["HZB-ISR", "IRN-ISR", "IRN-RUS", "RUS-UKR"]
    assert {value for key, value, *_ in edges["IRN-RUS"]["values"] if key == "sign"} == {"-1"}
    nodes, _ = _dynamic(dynamic_gexf(tiny, on(region=("Europe",)), generated_at=GENERATED))
    assert sorted(nodes) == ["BLR", "RUS", "SUN", "UKR"]


# --------------------------------------------------------------------------------------------
# The bundle

BUNDLE_FILES = ["README.md", "countries.csv", "ties.csv", "sources.csv", "network.json",
                "network.graphml", "network.gexf", "timeline.gexf"]


def _bundle(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def test_bundle_holds_data_images_manifest_and_readme(tiny: Dataset, tmp_path: Path) -> None:
    images = {"network.png": b"\x89PNG fake", "../../evil map.svg": b"<svg/>",
              "network.png ": b"second"}
    path = export_bundle(tiny, on(), tmp_path / "out" / "bundle.zip", images,
                         "https://realpolitik.example/?date=2023-06-30",
                         generated_at=GENERATED)
    assert path == tmp_path / "out" / "bundle.zip"
    files = _bundle(path.read_bytes())
    folder = "tiny-2023-06-30"
    assert sorted(files) == sorted(
        [f"{folder}/{name}" for name in BUNDLE_FILES]
        + [f"{folder}/images/network.png", f"{folder}/images/evil-map.svg",
           f"{folder}/images/network-2.png"])
    assert files[f"{folder}/images/network.png"] == b"\x89PNG fake"
    text = files[f"{folder}/README.md"].decode()
    for needle in ["Tiny test data", "0.0.1", tiny.content_hash, "2023-06-30",
                   "Filters: no filters", "https://realpolitik.example/?date=2023-06-30",
                   "> Tiny test data, version 0.0.1 [data set].",
                   "is at https://realpolitik.example/?date=2023-06-30: cite that permalink",
                   "CC-BY-4.0", "Creative Commons Attribution 4.0",
                   "> Information from the SIPRI Arms Transfers Database"]:
        assert needle in text, needle
    for name, data in files.items():
        if name.endswith("README.md"):
            continue
        assert hashlib.sha256(data).hexdigest() in text, name
    manifest = rows(files[f"{folder}/sources.csv"].decode())
    assert [row["id"] for row in manifest] == ["s1", "s2", "s3"]
    assert list(tmp_path.joinpath("out").iterdir()) == [path]  # no temporary left behind


def test_bundle_is_reproducible(tiny: Dataset) -> None:
    first = bundle_bytes(tiny, on(), {"a.png": b"x"}, "p", generated_at=GENERATED)
    assert first == bundle_bytes(tiny, on(), {"a.png": b"x"}, "p", generated_at=GENERATED)


@pytest.mark.parametrize(
    ("view", "credit"),
    [
        pytest.param(on(), True, id="arms-from-sipri"),
        pytest.param(on(sign=-1), False, id="no-sipri-source-shown"),
    ],
)
def test_readme_credits_sipri_only_when_shown(tiny: Dataset, view: ExportView,
                                              credit: bool) -> None:
    text = readme(tiny, view, "https://x.example", generated_at=GENERATED)
    assert ("> Information from the SIPRI Arms Transfers Database" in text) is credit
    assert "Information from the SIPRI Arms Transfers Database" in text


def test_readme_window_and_filters(tiny: Dataset) -> None:
    view = ExportView(Window.month(dt.date(2024, 4, 1)), ViewFilter(region=("Asia",)),
                      focus="IRN", hops=2)
    text = readme(tiny, view, generated_at=GENERATED)
    assert "- Window: 2024-04-01 to 2024-04-30" in text
    assert "- Filters: region Asia; focus IRN (2 hops, others dimmed)" in text
    assert "- Permalink: (none given)" in text


# --------------------------------------------------------------------------------------------
# Every format through the one entry point


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize(
    "view",
    [pytest.param(on(), id="full"), pytest.param(on(focus="XXX"), id="empty-view"),
     pytest.param(on(types=("diplomatic_rupture",)), id="no-tie")],
)
def test_every_format_writes_valid_output(tiny: Dataset, view: ExportView, fmt: str) -> None:
    name, data = export_data(tiny, view, fmt, generated_at=GENERATED)
    assert name.startswith("tiny-2023-06-30") and name.endswith(FORMATS[fmt].suffix)
    assert data
    if name.endswith((".gexf", ".graphml")):
        ET.fromstring(data)
    elif name.endswith(".json"):
        json.loads(data)
    elif name.endswith(".csv"):
        header = next(csv.reader(io.StringIO(data.decode())))
        assert header[0] == "id" and len(header) == len(set(header))
        # One row per country, tie or source the view selects: none lost, none made up.
        _, ties = apply_view(tiny, view)
        expected = {
            "countries-csv": len(snapshot_of(tiny, view).countries),
            "ties-csv": len(ties),
            "sources-csv": len({one for ids in ties["sources"] for one in split_ids(ids)}),
        }[fmt]
        assert len(rows(data.decode())) == expected
    else:
        assert len(_bundle(data)) >= len(BUNDLE_FILES)


def test_unknown_format_is_refused(tiny: Dataset) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export_data(tiny, on(), "xlsx")


def test_countries_without_coordinates_have_no_position(tiny: Dataset) -> None:
    countries = tiny.countries.copy()
    countries.loc[countries["id"] == "HZB", ["lat", "lon"]] = float("nan")
    dataset = Dataset(countries, tiny.ties, tiny.sources, tiny.blocs, tiny.memberships,
                      tiny.events, tiny.metadata, tiny.content_hash)
    nodes, _ = _own_gexf(gexf(dataset, on(), generated_at=GENERATED))
    assert "lat" not in nodes["HZB"] and nodes["IRN"]["lat"] == 35.69
    document = json.loads(node_link_json(dataset, on(), generated_at=GENERATED))
    hzb = next(node for node in document["nodes"] if node["id"] == "HZB")
    assert hzb["lat"] is None
    table = pd.read_csv(io.StringIO(countries_csv(dataset, on())))
    assert table.set_index("id").loc["HZB", "lat"] != table.set_index("id").loc["HZB", "lat"]


# --------------------------------------------------------------------------------------------
# One citation: graph.citation, quoted alike by data/README.md, the bundle and the headers


def test_bundle_readme_and_data_readme_quote_one_citation(bundled: Dataset) -> None:
    cite = curated_citation()
    text = readme(bundled, on(), "http://127.0.0.1:8050/?date=2023-06-30", generated_at=GENERATED)
    data_readme = (BUNDLED_DATA / "README.md").read_text(encoding="utf-8")
    quoted = f"> {cite.text()}"
    assert quoted in text
    assert quoted in data_readme
    assert cite.bibtex() in text
    assert cite.bibtex() in data_readme
    assert citation_of(bundled.metadata) == cite


def test_the_citation_names_authors_year_version_and_the_data_not_the_view() -> None:
    cite = curated_citation()
    version = str(CURATED_METADATA["version"])
    assert (cite.authors, cite.version, cite.year) == (
        "Realpolitik contributors",
        version,
        version[:4],
    )
    assert cite.permalink == DATA_PERMALINK
    assert "127.0.0.1" not in cite.text() and "127.0.0.1" not in cite.bibtex()


def test_headers_give_the_citation_and_the_view_permalink_apart(bundled: Dataset) -> None:
    permalink = "http://127.0.0.1:8050/?date=2023-06-30"
    document = node_link_json(bundled, on(), generated_at=GENERATED, permalink=permalink)
    header = json.loads(document)["header"]
    assert header["citation"] == f"{curated_citation().text()} View: {permalink}"
    assert header["permalink"] == permalink


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        pytest.param(dict(CURATED_METADATA), curated_citation().text(), id="curated"),
        pytest.param(
            {"name": "tiny", "title": "Tiny test data", "version": "0.0.1"},
            "Tiny test data, version 0.0.1 [data set].",
            id="no-author",
        ),
        pytest.param(
            {
                "name": "x",
                "title": "Imported",
                "version": "2026-02-01",
                "created": "2026-02-01T10:00:00+00:00",
                "contributors": [{"title": "A. Analyst", "roles": ["author"]}],
            },
            "A. Analyst (2026). Imported, version 2026-02-01 [data set].",
            id="contributor-and-created-year",
        ),
        pytest.param(
            {
                "name": "x",
                "title": "Old",
                "contributors": [
                    {"title": "B. Author", "role": "author"},
                    {"title": "C. Editor", "role": "editor"},
                ],
            },
            "B. Author (n.d.). Old [data set].",
            id="v1-role-no-year",
        ),
        pytest.param(
            {"name": "x", "title": "Line\nbreak {x}", "version": "1"},
            "Line break (x), version 1 [data set].",
            id="hostile-title",
        ),
        pytest.param({}, "dataset [data set].", id="empty-metadata"),
    ],
)
def test_citation_of_a_descriptor(metadata: dict[str, Any], expected: str) -> None:
    assert citation_of(metadata).text() == expected


def test_bibtex_entry_is_one_record() -> None:
    entry = Citation(
        "Realpolitik contributors",
        "Realpolitik curated alliance network",
        "2026.12.0",
        "2026",
        DATA_PERMALINK,
        "CC BY 4.0",
    ).bibtex()
    assert entry.startswith("@misc{realpolitik_curated_alliance_network_2026,")
    assert entry.count("{") == entry.count("}") and entry.endswith("}")
    assert "author  = {{Realpolitik contributors}}," in entry
