"""The month pack (ui/month_pack.py): every month of a view, as the browser draws it.

A reference decoder here reads a pack as assets/timeline.js does (the format the module
documents) and checks, month by month, that it holds exactly the marks the server would draw:
the same countries where the server puts them, the same ties in the same classes, and the same
hover texts, character for character. The route is checked for what it refuses.
"""

from __future__ import annotations

import gzip
import html
import json
import struct
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from server_helpers import HOSTILE_NAMES, load_test_data, write_hostile_dataset

from graph.view_state import ViewState
from ui.export_media import caption_text
from ui.labels import POSITIONS
from ui.marks import fill, marks_of
from ui.model import ExplorerData, build_scene, load_explorer_data
from ui.month_pack import MAGIC, month_pack, pack_key, packable


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ExplorerData:
    folder = load_test_data().write_dataset(tmp_path_factory.mktemp("data") / "tiny")
    return load_explorer_data(folder, cache_dir=tmp_path_factory.mktemp("cache"))


def decode(payload: bytes) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """A pack as the browser reads it: header, and each array with its months summed up."""
    raw = gzip.decompress(payload)
    assert raw[:4] == MAGIC
    (length,) = struct.unpack("<I", raw[4:8])
    header = json.loads(raw[8 : 8 + length])
    start = 8 + length
    start += -start % 8
    arrays = {}
    for entry in header["arrays"]:
        dtype = np.dtype(entry["dtype"]).newbyteorder("<")
        count = int(np.prod(entry["shape"]))
        values = np.frombuffer(raw, dtype=dtype, count=count, offset=start + entry["offset"])
        values = values.reshape(entry["shape"])
        # Wrapping sums, as typed arrays wrap in the browser.
        arrays[entry["name"]] = np.cumsum(values, axis=0, dtype=dtype)
    return header, arrays


def month_of(header: dict[str, Any], arrays: dict[str, np.ndarray], month: int) -> dict[str, Any]:
    """What the browser draws at ``month``: countries with positions and hover texts, ties by
    key with their class and hover text."""
    countries = header["countries"]
    present = np.flatnonzero(arrays["present"][month])
    extent = header["extent"]
    scales = header["scales"]
    strings = header["strings"]
    nodes = {}
    for c in present:
        def at(name: str, c: int = c) -> Any:
            return arrays[name][month, c]

        strongest = []
        for rank in range(3):
            partner = int(at(f"strongest{rank}"))
            if not partner:
                break
            strongest.append(fill(header["templates"]["strongest"], (
                header["names"][partner - 1],
                int(at(f"strongest_net{rank}")) / scales["strongest_net"])))
        metrics = [int(at(name)) / scales[name] for name in header["metrics"]]
        hover = fill(header["templates"]["node"], (
            header["names"][c], header["regions"][c], strings[int(at("bloc_line"))],
            int(at("cooperation_degree")), metrics[0], int(at("hostility_degree")), *metrics[1:],
            header["templates"]["strongestPrefix"] + ", ".join(strongest) if strongest else "",
        ))
        label = int(at("label"))
        nodes[countries[c]] = {
            "x": extent["x"][0] + int(at("x")) * extent["x"][1],
            "y": extent["y"][0] + int(at("y")) * extent["y"][1],
            "size": int(at("size")) / 100,
            "hover": hover,
            "label": (header["names"][c], header["positions"][label - 1]) if label else None,
            "colour": header["colours"][int(at("colour"))],
        }
    ties = {}
    for d, (source, target) in enumerate(header["dyads"]):
        kind = int(arrays["dyad_class"][month, d])
        if not kind:
            continue
        names = dict(zip(countries, header["names"], strict=True))
        ties[f"{source},{target}"] = {
            "class": kind - 1,
            "hover": fill(header["templates"]["dyad"], (
                names[source], names[target], strings[int(arrays["dyad_types"][month, d])],
                int(arrays["dyad_cooperation"][month, d]) / scales["cooperation"],
                int(arrays["dyad_hostility"][month, d]) / scales["hostility"],
                int(arrays["dyad_net"][month, d]) / scales["net"],
                strings[int(arrays["dyad_confidence"][month, d])],
            )),
        }
    return {"nodes": nodes, "ties": ties, "layout": {**header["layout"],
                                                      **header["patches"][month]}}


def server_month(data: ExplorerData, state: ViewState, month: int) -> Any:
    at_month = replace(state, step=month)
    return marks_of(build_scene(data, at_month), layout=state.layout, size=state.size,
                    colour_by=state.color, flows=state.flows,
                    caption=caption_text(data, at_month), notes=False)


VIEWS = {
    "landing": ViewState(),
    "map": ViewState(layout="map"),
    "circle-by-region": ViewState(layout="circle", color="region", size="pagerank"),
    "focus-and-pair": ViewState(focus="IRN", hops=2, dyad=("IRN", "RUS")),
    "hostility-only-with-flows": ViewState(sign=-1, flows=True),
}


@pytest.fixture(scope="module")
def packs(data: ExplorerData) -> dict[str, tuple[dict[str, Any], dict[str, np.ndarray]]]:
    return {name: decode(month_pack(data, state, key=name)) for name, state in VIEWS.items()}


@pytest.mark.parametrize("view", list(VIEWS), ids=list(VIEWS))
def test_every_month_of_the_pack_is_the_month_the_server_draws(
    data: ExplorerData, packs: dict[str, Any], view: str
) -> None:
    header, arrays = packs[view]
    state = VIEWS[view]
    assert header["months"] == len(data.timeline.months)
    checked = 0
    for month in range(0, header["months"], 7):
        drawn = month_of(header, arrays, month)
        marks = server_month(data, state, month)
        assert set(drawn["nodes"]) == set(marks.ids), month
        hovers = dict(zip(marks.ids, marks.node_hover(), strict=True))
        tolerance = 1e-3 * max(1.0, float(np.ptp(marks.x)) if len(marks.x) else 1.0)
        for position, country in enumerate(marks.ids):
            node = drawn["nodes"][country]
            assert node["hover"] == hovers[country]
            assert abs(node["x"] - float(marks.x[position])) <= tolerance * 2
            assert abs(node["y"] - float(marks.y[position])) <= tolerance * 2
            assert node["size"] == pytest.approx(float(marks.size[position]), abs=0.01)
            assert node["colour"] == marks.colour[position]
            text, where = marks.label[position], marks.label_position[position]
            assert node["label"] == ((text, where) if text else None)
        keys = [f"{marks.ids[s]},{marks.ids[t]}"
                for s, t in zip(marks.dyad_source, marks.dyad_target, strict=True)]
        assert set(drawn["ties"]) == set(keys), month
        for key, kind, hover in zip(keys, marks.edge_class, marks.dyad_hover(), strict=True):
            assert drawn["ties"][key] == {"class": int(kind), "hover": hover}
        assert drawn["layout"] == marks.layout
        checked += 1
    assert checked >= 5


def test_the_labels_positions_are_the_label_placers() -> None:
    header_positions = list(POSITIONS)
    assert header_positions == ["top center", "bottom center", "middle right", "middle left"]


@pytest.mark.parametrize(
    ("state", "highlight", "uploaded", "expected"),
    [
        (ViewState(), False, False, True),
        (ViewState(step=12, focus="IRN"), False, False, True),
        (ViewState(window=(3, 9)), False, False, False),
        (ViewState(compare=4), False, False, False),
        (ViewState(), True, False, False),
        (ViewState(), False, True, False),
    ],
    ids=["landing", "focus", "window", "compare-dates", "triad-highlighted", "uploaded-layer"],
)
def test_which_views_the_browser_draws_alone(
    state: ViewState, highlight: bool, uploaded: bool, expected: bool
) -> None:
    assert packable(state, highlight=highlight, uploaded=uploaded) is expected


def test_a_packs_name_ignores_the_month_and_the_story(data: ExplorerData) -> None:
    base = pack_key(ViewState(step=3), data, ("curated",))
    assert pack_key(ViewState(step=40, story="x", story_step=2), data, ("curated",)) == base
    assert pack_key(ViewState(step=3, sign=-1), data, ("curated",)) != base
    assert pack_key(ViewState(step=3), data, ("curated", "sipri")) != base


def test_hostile_names_reach_the_pack_escaped(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = write_hostile_dataset(tmp_path_factory.mktemp("data") / "evil")
    hostile = load_explorer_data(folder, cache_dir=tmp_path_factory.mktemp("cache"))
    header, _ = decode(month_pack(hostile, ViewState()))
    text = json.dumps(header, ensure_ascii=False)
    for name in HOSTILE_NAMES.values():
        if "<" in name:
            assert name not in text
            assert html.escape(name) in header["names"]
    assert "<script>" not in text


@pytest.fixture(scope="module")
def client(data: ExplorerData, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    import dash

    from ui.month_server import register_month_route

    app = dash.Dash(__name__)
    app.layout = dash.html.Div()
    register_month_route(app, data, folder=tmp_path_factory.mktemp("packs"))
    yield app.server.test_client()


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 200),
        ("sign=-1&layers=curated", 200),
        ("from=2020-01&to=2021-06", 400),
        ("compare=2020-01", 400),
        ("layers=curated,somebody-elses-upload", 400),
        ("layout=<script>", 400),
    ],
    ids=["landing", "hostility-only", "window", "compare", "unknown-layer", "malformed"],
)
def test_the_route_serves_packable_views_and_refuses_the_rest(
    client: Any, query: str, status: int
) -> None:
    response = client.get(f"/_realpolitik/months?{query}")
    assert response.status_code == status, response.data[:200]
    if status == 200:
        assert response.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.data)[:4] == MAGIC
    else:
        assert b"<script>" not in response.data
