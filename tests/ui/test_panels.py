"""Panels as plain functions on the tiny fixture: what a reader sees, with sources."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.view_state import ViewState
from ui import panels
from ui.model import ExplorerData, build_scene, load_explorer_data


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ExplorerData:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from conftest import write_dataset  # type: ignore[import-not-found]

    folder = write_dataset(tmp_path_factory.mktemp("data") / "tiny")
    return load_explorer_data(folder, cache_dir=tmp_path_factory.mktemp("cache"))


def text_of(component: Any) -> str:
    """All the text and hrefs of a component tree, for assertions."""
    return json.dumps(
        component.to_plotly_json(), default=lambda item: item.to_plotly_json(), ensure_ascii=False
    )


def step(data: ExplorerData, month: str) -> int:
    return data.timeline.months.index(month)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//evil.example", None),
        ("ftp://example.org", None),
        ("", None),
        (None, None),
    ],
    ids=["https", "http", "javascript", "data", "protocol-relative", "ftp", "empty", "none"],
)
def test_only_http_links(url: object, expected: str | None) -> None:
    assert panels.safe_url(url) == expected


def test_country_panel_lists_ties_with_sources_and_ranks(data: ExplorerData) -> None:
    panel = panels.country_panel(data, ViewState(step=step(data, "2023-06"), focus="IRN"))
    text = text_of(panel)
    assert "Iran · 2023-06" in text
    assert "Russia" in text and "arms transfers" in text
    assert "SIPRI Arms Transfers Database" in text
    assert "https://example.org/a" in text and "noopener" in text
    assert "rank" in text and "#1 of" in text


def test_country_panel_without_a_country_explains_what_to_do(data: ExplorerData) -> None:
    assert "Click a country" in text_of(panels.country_panel(data, ViewState()))


def test_trajectory_marks_the_current_month(data: ExplorerData) -> None:
    figure = panels.trajectory_figure(data, "IRN", step(data, "2023-06"))
    markers = [trace for trace in figure["data"] if trace["name"] == "now"]
    assert len(markers) == len(panels.TRAJECTORY_METRICS)
    assert all(marker["x"] == ["2023-06-15"] for marker in markers)
    cooperation = next(trace for trace in figure["data"] if trace["name"] == "cooperation")
    months = data.timeline.months
    assert (cooperation["y"][months.index("2021-06")]
            < cooperation["y"][months.index("2023-06")])


def test_dyad_panel_holds_the_whole_history(data: ExplorerData) -> None:
    panel = panels.dyad_panel(data, ViewState(dyad=("RUS", "IRN")))
    text = text_of(panel)
    for tie in (
        "Shahed-136 drones",
        "Comprehensive Strategic Partnership Treaty",
        "Iran sidelined",
    ):
        assert tie in text
    figure = panels.dyad_timeline_figure(
        data, data.dataset.ties[data.dataset.ties["id"].str.contains("rus-irn|irn-rus")], 0
    )
    assert len(figure["data"]) == 4


def test_metric_rows_cover_every_country_at_the_date(data: ExplorerData) -> None:
    everyone = ViewState(step=step(data, "2023-06"), hide_isolates=False)
    rows = panels.metric_rows(data, everyone)
    assert {row["id"] for row in rows} == {"RUS", "IRN", "ISR", "USA", "BLR", "UKR", "HZB"}


def test_metric_rows_list_the_countries_the_graph_draws(data: ExplorerData) -> None:
    state = ViewState(step=step(data, "2023-06"), sign=-1)
    rows = panels.metric_rows(data, state)
    assert {row["id"] for row in rows} == set(build_scene(data, state).nodes.index)
    assert "ISR" not in {row["id"] for row in rows}  # no tie in June 2023: hidden, as drawn
    assert rows == sorted(rows, key=lambda row: -row["cooperation_strength"])


def test_balance_panel_lists_unbalanced_triads(data: ExplorerData) -> None:
    # 2024-04: Israel strikes Iran, Israel fights Hezbollah, Iran backs Hezbollah: balanced
    # (+ - -); a triangle of two partners hostile to each other would be listed.
    text = text_of(panels.balance_panel(data, ViewState(step=step(data, "2024-04"))))
    assert "signed triangles are balanced" in text


def test_compare_lists_ties_formed_between_the_dates(data: ExplorerData) -> None:
    state = ViewState(step=step(data, "2025-12"), compare=step(data, "2021-06"))
    text = text_of(panels.compare_panel(data, state))
    assert "From 2021-06 to 2025-12" in text
    stayed = text.split("Formed and still there")[1].split("Came and went")[0]
    passed = text.split("Came and went")[1].split("Ended between")[0]
    assert "Russia – Iran" in stayed or "Iran – Russia" in stayed  # the 2025 treaty
    assert "Iran → Russia" in passed  # the drone deliveries ended in 2024
    assert "over by 2025-12" in passed and "over by" not in stayed


@pytest.mark.parametrize(
    ("month", "since", "expected"),
    [
        ("2022-08", "2022-07", ["+ Iran – Russia (arms transfers)"]),
        ("2024-05", "2024-04", ["− Iran – Israel (military strikes)"]),
        ("2024-04", "2024-02", ["+ Iran – Israel (military strikes)"]),
    ],
    ids=["formed", "ended", "jump-of-two-months"],
)
def test_what_changed_lists_formed_and_ended_pairs(
    data: ExplorerData, month: str, since: str, expected: list[str]
) -> None:
    from ui.changes import changes_items

    state = ViewState(step=step(data, month))
    items = changes_items(data, state, step(data, since))
    texts = [item.children for item in items if getattr(item, "id", None)]
    assert texts == expected


@pytest.mark.parametrize(
    "column",
    [column for column in panels.metric_columns() if column["field"] != "name"],
    ids=lambda column: column["field"],
)
def test_every_metrics_table_header_explains_itself_on_hover(column: dict[str, Any]) -> None:
    assert column.get("headerTooltip"), column["field"]
