"""Tie types in plain words: every declared type has a reader's label, and the page's tie
hover shows it instead of the machine name."""

from __future__ import annotations

import re

import pytest
from server_helpers import load_test_data

from graph.dataset import TIE_TYPES, tie_type_label
from graph.view_state import ViewState
from ui.figures import network_figure
from ui.model import ExplorerData, build_scene, load_explorer_data


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ExplorerData:
    folder = load_test_data().write_dataset(tmp_path_factory.mktemp("data") / "tiny")
    return load_explorer_data(folder, cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.mark.parametrize("name", list(TIE_TYPES), ids=list(TIE_TYPES))
def test_every_tie_type_has_a_label_in_plain_words(name: str) -> None:
    label = tie_type_label(name)
    assert label == TIE_TYPES[name].label
    assert re.fullmatch(r"[a-z][a-z ]*[a-z]", label), label


def test_labels_tell_the_types_apart() -> None:
    labels = [tie_type.label for tie_type in TIE_TYPES.values()]
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("trade_embargo", "trade embargo"),
        ("cyber_attack_campaign", "cyber attack campaign"),
        ("", ""),
    ],
    ids=["uploaded-type", "several-underscores", "empty"],
)
def test_an_undeclared_type_reads_as_its_name_with_spaces(name: str, expected: str) -> None:
    assert tie_type_label(name) == expected


def _tie_hovers(data: ExplorerData, month: str) -> list[str]:
    state = ViewState(step=data.timeline.months.index(month))
    figure = network_figure(
        build_scene(data, state),
        layout=state.layout,
        size=state.size,
        colour_by=state.color,
        flows=state.flows,
    )
    return [
        text
        for trace in figure["data"]
        if trace.get("name") == "ties"
        for text in trace["hovertext"]
    ]


@pytest.mark.parametrize(
    ("month", "pair", "name"),
    [
        ("2022-10", ("Iran", "Russia"), "arms_transfer"),
        ("2024-04", ("Israel", "Iran"), "military_strike"),
        ("2023-06", ("Russia", "Ukraine"), "armed_conflict"),
        ("2025-03", ("Russia", "Iran"), "strategic_partnership"),
    ],
    ids=["arms-transfer", "military-strike", "armed-conflict", "strategic-partnership"],
)
def test_the_tie_hover_names_types_in_plain_words(
    data: ExplorerData, month: str, pair: tuple[str, str], name: str
) -> None:
    hovers = [text for text in _tie_hovers(data, month) if all(who in text for who in pair)]
    assert len(hovers) == 1, hovers
    assert TIE_TYPES[name].label in hovers[0]
    assert name not in hovers[0]
