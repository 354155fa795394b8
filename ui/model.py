"""The data behind one view: which countries and dyads to draw, where, and how strongly.

``ExplorerData`` is built once when the app starts (dataset, precomputed timeline, layouts)
and never mutated; :func:`build_scene` is a pure function of it and a ``ViewState``. Keeping
this apart from plotly lets the tests check what is shown without parsing figures.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from graph.dataset import Dataset
from graph.dates import month_end
from graph.metrics import compute_metrics
from graph.positions import circle_positions, map_positions
from graph.temporal import Window, active_countries, active_ties, aggregate_dyads
from graph.timeline import Timeline, load_or_compute_timeline
from graph.validate import load_dataset
from graph.view import ViewFilter, bloc_members, ego_network, filter_ties
from ui.state import ViewState, Vocabulary

__all__ = ["ExplorerData", "Scene", "build_scene", "load_explorer_data"]


@dataclass(frozen=True, eq=False)
class ExplorerData:
    dataset: Dataset
    timeline: Timeline
    vocabulary: Vocabulary
    map_xy: dict[str, tuple[float, float]]
    names: dict[str, str]
    regions: pd.Series

    def window_of(self, state: ViewState) -> Window:
        months = self.timeline.months
        if state.window is not None:
            first, last = state.window
            return Window(_month_start(months[first]), month_end(_month_start(months[last])))
        step = self.step_of(state)
        return Window.month(_month_start(months[step]))

    def step_of(self, state: ViewState) -> int:
        last = len(self.timeline.months) - 1
        return last if state.step is None else max(0, min(state.step, last))

    def __hash__(self) -> int:
        return hash(self.dataset.content_hash)


def _month_start(label: str) -> dt.date:
    return dt.date.fromisoformat(label + "-01")


def load_explorer_data(
    folder: Path | None = None, *, cache_dir: Path | None = None
) -> ExplorerData:
    from graph.dataset import BUNDLED_DATA

    dataset = load_dataset(folder or BUNDLED_DATA)
    timeline = load_or_compute_timeline(dataset, cache_dir=cache_dir)
    countries = dataset.countries
    vocabulary = Vocabulary(
        months=tuple(timeline.months),
        countries=frozenset(countries["id"]),
        regions=tuple(sorted(set(countries["region"]) - {""})),
        blocs=tuple(dataset.blocs["id"]),
    )
    explorer = ExplorerData(
        dataset=dataset,
        timeline=timeline,
        vocabulary=vocabulary,
        map_xy=map_positions(countries),
        names=dict(zip(countries["id"], countries["name"], strict=True)),
        regions=pd.Series(countries["region"].to_numpy(), index=countries["id"].to_numpy()),
    )
    # Aggregate every snapshot's dyads now, once per process (a gunicorn master with preload
    # does it for all workers), so that no slider step pays for it.
    for index in range(len(timeline.snapshots)):
        _snapshot_frames(explorer, index)
    return explorer


@dataclass(frozen=True)
class Scene:
    """What one view draws. ``nodes`` is indexed by country id."""

    window: Window
    nodes: pd.DataFrame
    dyads: pd.DataFrame
    flows: pd.DataFrame
    ties: pd.DataFrame
    filters: ViewFilter
    focus_set: frozenset[str]
    message: str
    ghosts: pd.DataFrame | None = None


def view_filter(state: ViewState) -> ViewFilter:
    return ViewFilter(
        types=state.types,
        sign=state.sign,
        min_weight=state.min_weight,
        confidence=state.confidence,
        region=state.region,
        bloc=state.bloc,
    )


Frames = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]


@lru_cache(maxsize=2048)
def _snapshot_frames(data: ExplorerData, snapshot_index: int) -> Frames:
    """Ties, dyads and metrics of one precomputed snapshot (months share snapshots).

    The caches hold derived, immutable frames keyed by immutable inputs: they are shared by
    all users and never change what any of them sees.
    """
    snapshot = data.timeline.snapshots[snapshot_index]
    ties = data.dataset.ties.iloc[snapshot.tie_rows]
    return ties, aggregate_dyads(ties), snapshot.metrics


@lru_cache(maxsize=256)
def _metrics_for(
    data: ExplorerData, window: Window, filters: ViewFilter, month: int | None
) -> Frames:
    """Filtered ties, dyads and node metrics; unfiltered months reuse the precomputed timeline."""
    dataset = data.dataset
    if month is not None and filters == ViewFilter():
        return _snapshot_frames(data, int(data.timeline.snapshot_of_month[month]))
    ties = active_ties(dataset.ties, window)
    members = bloc_members(dataset.memberships, filters.bloc, window) if filters.bloc else None
    ties = filter_ties(ties, filters, regions=data.regions, members=members)
    dyads = aggregate_dyads(ties)
    countries = list(active_countries(dataset.countries, window)["id"])
    metrics, _ = compute_metrics(countries, dyads)
    return ties, dyads, metrics


def _layered(data: ExplorerData, window: Window, filters: ViewFilter,
             layers: tuple[pd.DataFrame, ...], curated: bool) -> Frames:
    """Curated and uploaded ties together, computed for this view (not precomputed)."""
    dataset = data.dataset
    parts = [active_ties(dataset.ties, window)] if curated else []
    known = set(data.names)
    for layer in layers:
        active = active_ties(layer, window)
        parts.append(active[active["source"].isin(known) & active["target"].isin(known)])
    ties = pd.concat(parts, ignore_index=True) if parts else dataset.ties.iloc[0:0]
    members = bloc_members(dataset.memberships, filters.bloc, window) if filters.bloc else None
    ties = filter_ties(ties, filters, regions=data.regions, members=members)
    dyads = aggregate_dyads(ties)
    countries = list(active_countries(dataset.countries, window)["id"])
    metrics, _ = compute_metrics(countries, dyads)
    return ties, dyads, metrics


def build_scene(
    data: ExplorerData,
    state: ViewState,
    *,
    highlight: tuple[str, ...] = (),
    layers: tuple[pd.DataFrame, ...] = (),
    curated: bool = True,
) -> Scene:
    """Nodes with positions and metrics, dyads and directed flows for ``state``.

    ``layers`` are typed ties of uploaded layers drawn with the curated ties (or alone when
    ``curated`` is False). ``highlight`` (a triad) dims everything else; with
    ``state.compare`` set, dyads absent at the other date are marked ``new`` and the other
    date's missing dyads become ``ghosts``.
    """
    window = data.window_of(state)
    filters = view_filter(state)
    month = None if state.window is not None else data.step_of(state)
    if layers or not curated:
        ties, dyads, metrics = _layered(data, window, filters, layers, curated)
    else:
        ties, dyads, metrics = _metrics_for(data, window, filters, month)

    nodes = metrics.copy()
    nodes["name"] = [data.names.get(node, node) for node in nodes.index]
    nodes["region"] = data.regions.reindex(nodes.index).fillna("").to_numpy()
    if state.hide_isolates:
        nodes = nodes[nodes["degree"] > 0]
    if state.region:
        nodes = nodes[nodes["region"].isin(state.region) | (nodes["degree"] > 0)]

    focus_set: frozenset[str] = frozenset()
    if highlight:
        focus_set = frozenset(highlight)
    elif state.focus and state.focus in metrics.index:
        focus_set = frozenset(ego_network(dyads, state.focus, state.hops))
        if state.focus not in nodes.index:
            nodes = pd.concat(
                [
                    nodes,
                    metrics.loc[[state.focus]].assign(
                        name=data.names.get(state.focus, state.focus),
                        region=data.regions.get(state.focus, ""),
                    ),
                ]
            )

    positions = _positions(data, state, nodes)
    nodes = nodes[nodes.index.isin(list(positions))].copy()
    nodes["x"] = [positions[node][0] for node in nodes.index]
    nodes["y"] = [positions[node][1] for node in nodes.index]
    nodes["dim"] = bool(focus_set) & ~nodes.index.isin(list(focus_set))
    nodes["group"] = _groups(data, state, nodes, window)

    drawn = set(nodes.index)
    dyads = dyads[dyads["source"].isin(drawn) & dyads["target"].isin(drawn)].copy()
    if focus_set:
        dyads["dim"] = ~(dyads["source"].isin(focus_set) & dyads["target"].isin(focus_set))
    else:
        dyads["dim"] = False
    ghosts = None
    if state.compare is not None:
        other_window = Window.month(_month_start(data.timeline.months[state.compare]))
        _, other, _ = _metrics_for(data, other_window, filters, state.compare)
        keys = set(zip(dyads["source"], dyads["target"], strict=True))
        other_keys = set(zip(other["source"], other["target"], strict=True))
        dyads["new"] = [
            key not in other_keys for key in zip(dyads["source"], dyads["target"], strict=True)
        ]
        ghosts = other[
            [
                key not in keys and key[0] in drawn and key[1] in drawn
                for key in zip(other["source"], other["target"], strict=True)
            ]
        ]
    directed = ties[ties["directed"].astype(bool)]
    flows = directed[directed["source"].isin(drawn) & directed["target"].isin(drawn)]

    message = ""
    if dyads.empty:
        label = html.escape(window.label)
        if ties.empty and filters == ViewFilter():
            message = f"No ties are recorded for {label}. Move the timeline to see the network."
        else:
            message = (
                f"Nothing to draw for {label}: every tie is filtered out. Loosen the "
                "filters or reset the view."
            )
    return Scene(window, nodes, dyads, flows, ties, filters, focus_set, message, ghosts)


def _positions(
    data: ExplorerData, state: ViewState, nodes: pd.DataFrame
) -> dict[str, tuple[float, float]]:
    if state.layout == "map":
        return data.map_xy
    if state.layout == "circle":
        key = "region" if state.color == "region" else "bloc"
        groups = dict(zip(nodes.index, nodes[key], strict=True))
        return circle_positions(list(nodes.index), groups, data.names)
    # A window is drawn where its last month stands.
    month = state.window[1] if state.window is not None else data.step_of(state)
    return data.timeline.positions_at(month)


def _groups(
    data: ExplorerData, state: ViewState, nodes: pd.DataFrame, window: Window
) -> np.ndarray:
    if state.color == "region":
        return nodes["region"].replace("", "Unknown").to_numpy(dtype=object)
    if state.color == "organisation":
        memberships = data.dataset.memberships
        active = memberships[
            (memberships["status"] == "member")
            & (memberships["start_day"] <= window.last_day)
            & (memberships["end_day"] >= window.first_day)
        ]
        blocs = active.groupby("country")["bloc"].agg(lambda values: sorted(values))
        priority = [
            "NATO",
            "CSTO",
            "UNION_STATE",
            "AXIS_RESISTANCE",
            "GCC",
            "EU",
            "SCO",
            "BRICS",
            "ASEAN",
            "AU",
            "EAEU",
            "CIS",
            "AUKUS",
            "QUAD",
        ]
        rank = {bloc: position for position, bloc in enumerate(priority)}

        def main_bloc(country: str) -> str:
            member_of = blocs.get(country, [])
            return min(member_of, key=lambda bloc: rank.get(bloc, 99)) if member_of else "None"

        return np.array([main_bloc(country) for country in nodes.index], dtype=object)
    return nodes["bloc"].astype(int).to_numpy()
