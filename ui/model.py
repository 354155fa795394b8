"""The data behind one view: which countries and dyads to draw, where, and how strongly.

``ExplorerData`` is built once when the app starts (dataset, precomputed timeline, layouts,
bundled layers, and the cache of computed networks, an explicit object the callbacks reach
through it) and never changed; :func:`build_scene` is a pure function of it and a
``ViewState``: it asks ``graph.view.select`` what the view selects, the same call the exports,
the panels and the command line make, and adds what only drawing needs (positions, colour
groups, the compare halo). Keeping this apart from plotly lets the tests check what is shown
without parsing figures.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from graph.dataset import Dataset
from graph.dates import month_end
from graph.memberships import main_organisations
from graph.positions import circle_positions, map_positions
from graph.stories import Story, load_stories
from graph.temporal import Window
from graph.timeline import Timeline, load_or_compute_timeline
from graph.validate import load_dataset
from graph.view import Selection, SelectionCache, View, ViewFilter, prime, select
from graph.view_state import ViewState, Vocabulary
from ui.layers import BuiltinLayer, load_builtin_layers

__all__ = ["ExplorerData", "Scene", "build_scene", "load_explorer_data", "view_of"]

#: Computed networks kept per process: every month of the bundled timeline unfiltered (about
#: 430) and the filtered views readers move between.
NETWORK_CACHE_SIZE = 2048
log = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class ExplorerData:
    dataset: Dataset
    timeline: Timeline
    vocabulary: Vocabulary
    map_xy: dict[str, tuple[float, float]]
    names: dict[str, str]
    regions: pd.Series
    #: The bundled reference layers (``data/layers/``), read once at start.
    layers: tuple[BuiltinLayer, ...] = ()
    #: The stories of the dataset's ``stories/`` folder (``graph.stories``).
    stories: tuple[Story, ...] = ()
    cache: SelectionCache = field(default_factory=lambda: SelectionCache(NETWORK_CACHE_SIZE))

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

    def select(self, view: View, layers: tuple[pd.DataFrame, ...] = (),
               curated: bool = True) -> Selection:
        """``graph.view.select`` with this app's timeline and cache."""
        return select(self.dataset, view, timeline=self.timeline, layers=layers,
                      curated=curated, cache=self.cache)

    def __hash__(self) -> int:
        return hash(self.dataset.content_hash)


def _month_start(label: str) -> dt.date:
    return dt.date.fromisoformat(label + "-01")


def load_explorer_data(
    folder: Path | None = None, *, cache_dir: Path | None = None
) -> ExplorerData:
    from graph.dataset import BUNDLED_DATA

    root = folder or BUNDLED_DATA
    dataset = load_dataset(root)
    timeline = load_or_compute_timeline(dataset, cache_dir=cache_dir)
    countries = dataset.countries
    stories, problems = load_stories(Path(root) / "stories", dataset)
    for problem in problems:
        log.warning("story left out: %s", problem)
    vocabulary = Vocabulary.of(dataset, timeline.months,
                               [(story.id, len(story.steps)) for story in stories])
    explorer = ExplorerData(
        dataset=dataset,
        timeline=timeline,
        vocabulary=vocabulary,
        map_xy=map_positions(countries),
        names=dict(zip(countries["id"], countries["name"], strict=True)),
        regions=pd.Series(countries["region"].to_numpy(), index=countries["id"].to_numpy()),
        layers=load_builtin_layers(),
        stories=stories,
    )
    # Aggregate every month's dyads now, once per process (a gunicorn master with preload
    # does it for all workers), so that no slider step pays for it.
    prime(dataset, timeline, explorer.cache)
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
    #: The pair the reader chose (``dyad=``), when both are drawn: highlighted on the graph.
    pair: tuple[str, ...] = ()


def view_filter(state: ViewState) -> ViewFilter:
    return ViewFilter(
        types=state.types,
        sign=state.sign,
        min_weight=state.min_weight,
        confidence=state.confidence,
        region=state.region,
        bloc=state.bloc,
    )


def view_of(data: ExplorerData, state: ViewState) -> View:
    """The core's view of a page state (the window of its month or months)."""
    return View(
        data.window_of(state),
        view_filter(state),
        focus=state.focus or None,
        hops=state.hops,
        focus_mode=state.focus_mode,
        hide_isolates=state.hide_isolates,
    )


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
    view = view_of(data, state)
    chosen = data.select(view, layers, curated)
    nodes = chosen.countries
    dyads = chosen.dyads
    focus_set = chosen.focus_set
    if highlight:
        focus_set = frozenset(highlight)
        nodes = nodes.assign(dim=~nodes.index.isin(list(focus_set)))
        dyads = dyads.assign(
            dim=~(dyads["source"].isin(list(focus_set)) & dyads["target"].isin(list(focus_set))))

    positions = _positions(data, state, nodes)
    nodes = nodes[nodes.index.isin(list(positions))].copy()
    nodes["x"] = [positions[node][0] for node in nodes.index]
    nodes["y"] = [positions[node][1] for node in nodes.index]
    nodes["group"] = _groups(data, state, nodes, view.window)

    drawn = list(nodes.index)
    dyads = dyads[dyads["source"].isin(drawn) & dyads["target"].isin(drawn)].copy()
    flows = chosen.flows
    flows = flows[flows["source"].isin(drawn) & flows["target"].isin(drawn)]
    ghosts = None
    if state.compare is not None:
        other_view = View(Window.month(_month_start(data.timeline.months[state.compare])),
                          view.filters, hide_isolates=False)
        other = data.select(other_view, layers, curated).dyads
        keys = set(zip(dyads["source"], dyads["target"], strict=True))
        other_keys = set(zip(other["source"], other["target"], strict=True))
        dyads["new"] = [
            key not in other_keys for key in zip(dyads["source"], dyads["target"], strict=True)
        ]
        present = set(drawn)
        ghosts = other[
            [
                key not in keys and key[0] in present and key[1] in present
                for key in zip(other["source"], other["target"], strict=True)
            ]
        ]

    message = ""
    if dyads.empty:
        label = html.escape(view.window.label)
        if chosen.ties.empty and view.filters == ViewFilter() and not view.focus:
            message = f"No ties are recorded for {label}. Move the timeline to see the network."
        else:
            message = (
                f"Nothing to draw for {label}: every tie is filtered out. Loosen the "
                "filters or reset the view."
            )
    pair = state.dyad if len(state.dyad) == 2 and set(state.dyad) <= set(drawn) else ()
    return Scene(view.window, nodes, dyads, flows, chosen.ties, view.filters, focus_set,
                 message, ghosts, pair)


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
        organisations = main_organisations(data.dataset.memberships, nodes.index, window)
        return np.array(organisations, dtype=object)
    return nodes["bloc"].astype(int).to_numpy()
