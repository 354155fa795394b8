"""What a view draws, and the callbacks' defence against forged payloads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.view_state import ViewState, parse_query
from ui.callbacks import CONTROL_INPUTS, controls_from_state, state_from_controls
from ui.figures import network_figure
from ui.model import ExplorerData, build_scene, load_explorer_data


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ExplorerData:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from conftest import write_dataset  # type: ignore[import-not-found]

    folder = write_dataset(tmp_path_factory.mktemp("data") / "tiny")
    return load_explorer_data(folder, cache_dir=tmp_path_factory.mktemp("cache"))


def step_of(data: ExplorerData, month: str) -> int:
    return data.timeline.months.index(month)


def dyads(scene: Any) -> set[tuple[str, str]]:
    return set(zip(scene.dyads["source"], scene.dyads["target"], strict=True))


@pytest.mark.parametrize(
    ("month", "present", "absent"),
    [
        ("2021-06", {("BLR", "RUS"), ("HZB", "IRN")}, {("IRN", "RUS")}),
        ("2023-06", {("IRN", "RUS"), ("RUS", "UKR")}, set()),
        ("2024-04", {("IRN", "ISR")}, set()),
        ("2024-05", set(), {("IRN", "ISR")}),
    ],
    ids=["before-drones", "drones", "strike-month", "month-after-strike"],
)
def test_scene_holds_the_ties_of_its_month(
    data: ExplorerData, month: str, present: set[tuple[str, str]], absent: set[tuple[str, str]]
) -> None:
    scene = build_scene(data, ViewState(step=step_of(data, month)))
    assert present <= dyads(scene)
    assert not absent & dyads(scene)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (ViewState(types=("arms_transfer",)), {("IRN", "RUS"), ("UKR", "USA")}),
        (ViewState(sign=-1), {("RUS", "UKR")}),
        (ViewState(min_weight=0.9), {("BLR", "RUS"), ("RUS", "UKR")}),
        (ViewState(region=("Europe",)), {("BLR", "RUS"), ("RUS", "UKR")}),
        (ViewState(confidence=("medium",)), {("HZB", "IRN")}),
    ],
    ids=["types", "sign", "min-weight", "region", "confidence"],
)
def test_filters(data: ExplorerData, state: ViewState, expected: set[tuple[str, str]]) -> None:
    from dataclasses import replace

    scene = build_scene(data, replace(state, step=step_of(data, "2023-06")))
    assert dyads(scene) == expected


def test_focus_dims_everything_outside_the_ego_network(data: ExplorerData) -> None:
    scene = build_scene(data, ViewState(step=step_of(data, "2023-06"), focus="BLR", hops=1))
    assert scene.focus_set == {"BLR", "RUS"}
    assert set(scene.nodes.index[~scene.nodes["dim"]]) == {"BLR", "RUS"}
    two_hops = build_scene(data, ViewState(step=step_of(data, "2023-06"), focus="BLR", hops=2))
    assert {"IRN", "UKR"} <= two_hops.focus_set


def test_an_empty_view_says_so_in_words(data: ExplorerData) -> None:
    scene = build_scene(
        data, ViewState(step=step_of(data, "2023-06"), sign=-1, types=("alliance",))
    )
    assert scene.dyads.empty
    assert "Nothing to draw" in scene.message
    figure = network_figure(
        scene, layout="force", size="pagerank", colour_by="bloc", flows=False
    )
    assert any("Nothing to draw" in note["text"] for note in figure["layout"]["annotations"])


def test_window_mode_counts_ties_active_at_any_time(data: ExplorerData) -> None:
    first, last = step_of(data, "2024-01"), step_of(data, "2024-12")
    scene = build_scene(data, ViewState(window=(first, last)))
    assert ("IRN", "ISR") in dyads(scene)


@pytest.mark.parametrize("layout", ["force", "map", "circle"])
def test_every_layout_places_every_drawn_node(data: ExplorerData, layout: str) -> None:
    scene = build_scene(data, ViewState(step=step_of(data, "2023-06"), layout=layout))
    assert scene.nodes[["x", "y"]].notna().all().all()
    figure = network_figure(scene, layout=layout, size="degree", colour_by="region", flows=True)
    kinds = {trace["type"] for trace in figure["data"]}
    assert kinds == ({"scattergeo"} if layout == "map" else {"scatter"})
    json.dumps(figure)  # serialisable as is


def test_names_are_escaped_in_the_figure(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from conftest import COUNTRIES, write_dataset  # type: ignore[import-not-found]

    hostile = "<img src=x onerror=alert(1)>"
    countries = [(row[0], hostile if row[0] == "IRN" else row[1], *row[2:]) for row in COUNTRIES]
    folder = write_dataset(tmp_path / "evil", countries=countries)
    evil = load_explorer_data(folder, cache_dir=tmp_path / "cache")
    scene = build_scene(evil, ViewState(step=evil.timeline.months.index("2023-06")))
    text = json.dumps(
        network_figure(scene, layout="force", size="degree", colour_by="bloc", flows=False)
    )
    assert "<img" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text


FORGED = [
    ["not-a-number"] * len(CONTROL_INPUTS),
    [None] * len(CONTROL_INPUTS),
    [
        10**9,
        [5, 1],
        ["on"],
        "3d",
        "wealth",
        {"x": 1},
        "arms_transfer",
        7,
        2,
        float("nan"),
        "high",
        "Asia",
        ["NATO"],
        ["IRN"],
        5,
        {"mode": "cut"},
        "on",
        "hide",
        "2021",
        7,
        ["RUS"],
        "russia-iran",
    ],
    [
        -1,
        [-5, 10**9],
        "on",
        None,
        None,
        None,
        [1, 2],
        [None],
        True,
        -3,
        [1],
        [None],
        3,
        4,
        "cut off",
        "2",
        ["on", 1],
        [["hide"]],
        -4,
        "IRN",
        "IRN",
        {"story": ["x"], "step": -1},
    ],
]


@pytest.mark.parametrize("values", FORGED, ids=["strings", "nulls", "wrong-types", "ranges"])
def test_forged_control_values_fall_back_to_defaults(data: ExplorerData, values: list[Any]) -> None:
    state = state_from_controls(values, data)
    scene = build_scene(data, state)
    network_figure(
        scene, layout=state.layout, size=state.size, colour_by=state.color, flows=state.flows
    )
    assert 0 <= data.step_of(state) < len(data.timeline.months)
    assert state.layout in {"force", "map", "circle"}


@pytest.mark.parametrize(
    "state",
    [
        ViewState(),
        ViewState(
            step=3,
            layout="circle",
            types=("friction",),
            sign=-1,
            min_weight=0.4,
            confidence=("low",),
            region=("Asia",),
            bloc="UNION_STATE",
            focus="IRN",
            hops=2,
            flows=True,
            hide_isolates=False,
        ),
        ViewState(window=(10, 20)),
    ],
    ids=["default", "everything", "window"],
)
def test_controls_round_trip(data: ExplorerData, state: ViewState) -> None:
    values = controls_from_state(state, data)
    restored = state_from_controls(values, data)
    expected = (
        state
        if state.step is not None or state.window
        else ViewState(step=len(data.timeline.months) - 1)
    )
    if state.window:
        expected = ViewState(step=state.window[1], window=state.window)
        expected = type(state)(**{**expected.__dict__, "step": state.window[1]})
    assert restored.window == expected.window
    assert (restored.layout, restored.types, restored.focus) == (
        state.layout,
        state.types,
        state.focus,
    )


def test_a_bloc_filter_shows_every_member_even_without_a_tie(data: ExplorerData) -> None:
    # No hostile tie inside the Union State: both members are still drawn, as rings.
    state = ViewState(step=step_of(data, "2023-06"), bloc="UNION_STATE", sign=-1)
    scene = build_scene(data, state)
    assert set(scene.nodes.index) == {"BLR", "RUS"}
    assert scene.dyads.empty
    figure = network_figure(scene, layout="force", size="degree", colour_by="bloc", flows=False)
    countries = next(trace for trace in figure["data"] if trace.get("name") == "countries")
    assert countries["marker"]["symbol"] == ["circle-open", "circle-open"]


def test_a_subregion_filters_like_a_region(data: ExplorerData) -> None:
    assert "Western Asia" in data.vocabulary.regions
    state = parse_query("?date=2024-04&region=Western Asia", data.vocabulary)
    assert state.region == ("Western Asia",) and not state.notices
    scene = build_scene(data, state)
    assert set(scene.nodes.index) == {"HZB", "ISR"}  # Iran is in Southern Asia
