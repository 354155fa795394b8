"""Property-based tests (hypothesis, modest example counts, no deadline).

- every importer, fed arbitrary bytes, CSV-like or XML-like text, returns a dataset (an
  ``ImportResult`` whose report accounts for every row) or raises ``ImportRefused``, nothing
  else;
- a snapshot exported as GraphML or GEXF (graph/export.py) and imported back
  (graph/importers/xml.py) is the same graph: the same pairs, signs and weights;
- whatever the country names and dataset title, no ``<`` reaches the figure's text except the
  figure's own ``<b>`` and ``<br>`` (ui/figures.py escapes with html.escape).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import itertools
import json
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.dataset import TABLES, TIE_TYPES, datapackage_descriptor
from graph.importers import (
    ImportRefused,
    ImportResult,
    import_atop,
    import_edgelist,
    import_gdelt,
    import_sipri,
    import_upload,
    import_xml,
)

SETTINGS = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# --- inputs ------------------------------------------------------------------------------------

CODES = ["IRN", "RUS", "USA", "UKR", "ISR", "Iran", "Russia", "365", "2", "XXX", "", "SUN",
         "<script>", "=SUM(A1)", "\u202eNAR", "Côte d'Ivoire"]
CELLS = st.one_of(
    st.sampled_from(CODES),
    st.sampled_from(["2022", "2022-08", "2022-02-30", "1", "9999", "22/08/2022", "-1", "0.5",
                     "1.5", "NaN", "inf", "-0.7", "arms_transfer", "friction", "true", "x"]),
    st.text(max_size=12),
)
HEADERS = ["source", "target", "start", "end", "type", "sign", "weight", "from", "to", "year",
           "Supplier", "Recipient", "Delivery year", "SIPRI AT Database ID", "mem1", "mem2",
           "atopally", "dyad", "GLOBALEVENTID", "junk"]


@st.composite
def csv_like(draw: st.DrawFn) -> bytes:
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=len(header) + 2), max_size=8))
    text = delimiter.join(header) + "\n" + "\n".join(delimiter.join(row) for row in rows)
    if draw(st.booleans()):
        text = text.replace(",", '"', 1)  # an unbalanced quote somewhere
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    return text.encode(encoding, errors="replace")


ATTRIBUTE = st.one_of(st.sampled_from([*CODES, "2022-08-01", "0.8", "NaN", "-1"]),
                      st.text(max_size=8))


@st.composite
def xml_like(draw: st.DrawFn) -> bytes:
    def quoted(value: str) -> str:
        return html.escape(value, quote=True)

    nodes = draw(st.lists(st.sampled_from(CODES), min_size=0, max_size=5, unique=True))
    edges = draw(st.lists(st.tuples(ATTRIBUTE, ATTRIBUTE, ATTRIBUTE, ATTRIBUTE), max_size=5))
    if draw(st.booleans()):
        body = "".join(f'<node id="{quoted(n)}" label="{quoted(n)}"/>' for n in nodes)
        links = "".join(
            f'<edge id="e{i}" source="{quoted(a)}" target="{quoted(b)}" weight="{quoted(w)}">'
            f'<spells><spell start="{quoted(s)}"/></spells></edge>'
            for i, (a, b, w, s) in enumerate(edges))
        text = ('<?xml version="1.0"?><gexf xmlns="http://gexf.net/1.3" version="1.3">'
                f'<graph mode="dynamic" timeformat="date"><nodes>{body}</nodes>'
                f"<edges>{links}</edges></graph></gexf>")
    else:
        body = "".join(f'<node id="{quoted(n)}"/>' for n in nodes)
        links = "".join(
            f'<edge source="{quoted(a)}" target="{quoted(b)}"><data key="w">{quoted(w)}</data>'
            f'<data key="s">{quoted(s)}</data></edge>' for a, b, w, s in edges)
        text = ('<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
                '<key id="w" for="edge" attr.name="weight"/><key id="s" for="edge" '
                f'attr.name="start"/><graph edgedefault="undirected">{body}{links}</graph>'
                "</graphml>")
    cut = draw(st.integers(0, 3))
    return text.encode()[: len(text) - cut * 7] if cut else text.encode()


ANY_INPUT = st.one_of(st.binary(max_size=600), csv_like(), xml_like())

Importer = Callable[[bytes], ImportResult]
IMPORTERS: list[tuple[str, Importer]] = [
    ("edgelist", lambda data: import_edgelist(data, name="x.csv")),
    ("sipri", lambda data: import_sipri(data, name="x.csv")),
    ("gdelt", lambda data: import_gdelt(data, names=["x.export.CSV"])),
    ("atop", lambda data: import_atop(data, name="x.csv")),
    ("xml", lambda data: import_xml(data, name="x.gexf")),
    ("upload", lambda data: import_upload("x.csv", data)),
]


@pytest.mark.parametrize("importer", [i[1] for i in IMPORTERS], ids=[i[0] for i in IMPORTERS])
@SETTINGS
@given(data=ANY_INPUT)
def test_every_importer_returns_a_dataset_or_refuses(importer: Importer, data: bytes) -> None:
    try:
        result = importer(data)
    except ImportRefused as refused:
        assert refused.report.refused
        assert str(refused)
        return
    assert isinstance(result, ImportResult)
    assert result.report.balanced, result.report.summary()
    assert list(result.ties.columns) == TABLES["ties"].column_names
    assert not result.ties.empty


# --- export, then import -----------------------------------------------------------------------

# Countries the crosswalk knows today under their ISO code.
POOL = ["USA", "FRA", "GBR", "CHN", "IND", "BRA", "JPN", "IRN", "TUR", "EGY", "NGA", "ZAF",
        "MEX", "CAN", "AUS"]
NAME = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(
    lambda text: text.strip() == text and text.strip() != "")


@st.composite
def networks(draw: st.DrawFn) -> tuple[dict[str, str], list[tuple[str, str, str, float, int,
                                                                    int | None]]]:
    countries = draw(st.lists(st.sampled_from(POOL), min_size=2, max_size=8, unique=True))
    names = {country: draw(NAME) for country in countries}
    pairs = draw(st.lists(st.sampled_from(list(itertools.combinations(countries, 2))),
                          min_size=1, max_size=10, unique=True))
    ties = []
    for first, second in pairs:
        source, target = (first, second) if draw(st.booleans()) else (second, first)
        kind = draw(st.sampled_from(sorted(TIE_TYPES)))
        weight = draw(st.integers(1, 20)) / 20
        start = draw(st.integers(1995, 2020))
        end = draw(st.one_of(st.none(), st.integers(start, 2030)))
        ties.append((source, target, kind, weight, start, end))
    return names, ties


def write_network(folder: Path, names: dict[str, str],
                  ties: list[tuple[str, str, str, float, int, int | None]]) -> Path:
    rows = {
        "countries": [[c, name, "state", "Asia", "", "10", "20", "", "", ""]
                      for c, name in names.items()],
        "ties": [[f"t{i}", s, t, kind, str(TIE_TYPES[kind].sign), str(w),
                  "true" if TIE_TYPES[kind].directed else "false", str(start),
                  "" if end is None else str(end), "", "s1", "high"]
                 for i, (s, t, kind, w, start, end) in enumerate(ties)],
        "sources": [["s1", "Test", "A test source", "2024", ""]],
        "blocs": [], "memberships": [], "events": [],
    }
    folder.mkdir(parents=True)
    for table, spec in TABLES.items():
        with (folder / spec.filename).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(spec.column_names)
            writer.writerows(rows[table])
    descriptor = datapackage_descriptor({"name": "prop", "title": "Property test",
                                         "version": "1"})
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


def graph_of_import(result: ImportResult) -> set[tuple[frozenset[str], int, float]]:
    return {(frozenset((row.source, row.target)), int(row.sign), round(float(row.weight), 6))
            for row in result.ties.itertuples()}


@pytest.mark.parametrize("writer", ["graphml", "gexf"])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network=networks())
def test_export_then_import_gives_the_same_graph(
    writer: str, network: tuple[dict[str, str], list[Any]]
) -> None:
    from graph import export
    from graph.temporal import Window, active_ties, aggregate_dyads
    from graph.validate import load_dataset

    names, ties = network
    day = dt.date(2021, 6, 15)
    with tempfile.TemporaryDirectory() as folder:
        dataset = load_dataset(write_network(Path(folder) / "net", names, ties))
    dyads = aggregate_dyads(active_ties(dataset.ties, Window.on(day)))
    expected = {(frozenset((row.source, row.target)), int(row.sign), round(float(row.weight), 6))
                for row in dyads.itertuples()}
    data = getattr(export, writer)(dataset, export.ExportView.on(day))
    if not expected:
        with pytest.raises(ImportRefused):
            import_xml(data, name=f"snapshot.{writer}")
        return
    assert graph_of_import(import_xml(data, name=f"snapshot.{writer}")) == expected


# --- escaping ----------------------------------------------------------------------------------

OWN_MARKUP = re.compile(r"</?b>|<br>")


@pytest.fixture(scope="module")
def explorer(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from ui.model import load_explorer_data

    names = {country: country for country in POOL[:6]}
    ties = [(POOL[i], POOL[i + 1], "alliance" if i % 2 else "friction", 0.5, 2000, None)
            for i in range(5)]
    folder = write_network(tmp_path_factory.mktemp("data") / "net", names, ties)
    return load_explorer_data(folder, cache_dir=tmp_path_factory.mktemp("cache"))


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _strings(value)


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(names=st.lists(st.text(max_size=30), min_size=6, max_size=6),
       title=st.text(max_size=30), layout=st.sampled_from(["force", "map", "circle"]),
       colour=st.sampled_from(["bloc", "region", "organisation"]))
def test_no_markup_from_names_survives_into_the_figure(
    explorer: Any, names: list[str], title: str, layout: str, colour: str
) -> None:
    from dataclasses import replace

    from graph.view_state import ViewState
    from ui.callbacks import caption_of
    from ui.figures import network_figure
    from ui.model import build_scene

    saved = dict(explorer.names)
    metadata = dict(explorer.dataset.metadata)
    try:
        explorer.names.update(zip(POOL[:6], (f"<{name}" for name in names), strict=True))
        explorer.dataset.metadata["title"] = "<" + title
        state = replace(ViewState(), layout=layout, color=colour, hide_isolates=False)
        scene = build_scene(explorer, state)
        figure = network_figure(scene, layout=layout, size="degree", colour_by=colour,
                                flows=True, caption=caption_of(explorer, state))
    finally:
        explorer.names.clear()
        explorer.names.update(saved)
        explorer.dataset.metadata.clear()
        explorer.dataset.metadata.update(metadata)
    texts = [OWN_MARKUP.sub("", text) for text in _strings(figure)]
    assert not any("<" in text for text in texts)
    assert any("&lt;" in text for text in texts)  # the names are there, escaped


@SETTINGS
@given(text=st.text())
def test_html_escape_leaves_no_angle_bracket(text: str) -> None:
    escaped = html.escape(text)
    assert "<" not in escaped and ">" not in escaped
    assert html.unescape(escaped) == text
