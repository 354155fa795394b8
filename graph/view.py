"""A view of the dataset and what it selects: the one pipeline behind the page, its panels,
the exports and the command line, so that a file exported from a view holds what the page drew.

A :class:`View` is a window of time, filters on ties, an optional focus country with its ego
network, and two display rules (how the focus treats the rest, whether countries without a
tie are kept). :func:`select` turns it into a :class:`Selection`: countries with their metrics,
ties, dyads and directed flows. The rules, in order:

1. ties active in the window (uploaded layers added when given), then the tie filters
   (types, sign, weight, confidence; a region or bloc filter keeps a tie when both ends pass);
2. metrics of every country existing in the window, on the filtered network: the focus is a
   lens on the network, not a different network, so a country's brokerage or bloc does not
   change when the reader focuses on its neighbour;
3. countries: those existing in the window, narrowed to the region and the bloc's members
   when set, without the untied ones when ``hide_isolates`` (the focus country and a bloc's
   members always stay);
4. the focus: ``dim`` keeps everything and marks what lies outside the ego network, ``cut``
   keeps only the ego network;
5. dyads and flows: those whose two ends are kept.

Signed ties are never turned into closeness here: the ego network follows ties of either
sign (an adversary is one hop away), as the reader of "who is involved with Iran" expects.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

import networkx as nx
import pandas as pd

from graph.dataset import TIE_TYPES, Dataset
from graph.memberships import bloc_members
from graph.metrics import compute_metrics
from graph.temporal import Window, active_countries, active_ties, aggregate_dyads, directed_flows
from graph.timeline import Timeline

__all__ = [
    "DEFAULT_FOCUS_MODE",
    "FOCUS_MODES",
    "Selection",
    "SelectionCache",
    "View",
    "ViewFilter",
    "bloc_members",
    "ego_network",
    "filter_ties",
    "prime",
    "select",
]

FocusMode = Literal["dim", "cut"]
#: ``dim``: the page's way, the ego network stands out and the rest stays in view, faint;
#: ``cut``: only the ego network (a smaller file to hand to another tool).
FOCUS_MODES: tuple[FocusMode, ...] = ("dim", "cut")
DEFAULT_FOCUS_MODE: FocusMode = "dim"


@dataclass(frozen=True)
class ViewFilter:
    """Empty tuples and zero values mean "no filter"."""

    types: tuple[str, ...] = ()
    sign: int = 0
    min_weight: float = 0.0
    confidence: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    bloc: str = ""

    def describe(self) -> str:
        """A short human description, for captions and manifests.

        >>> ViewFilter(sign=-1, min_weight=0.5).describe()
        'hostility only; weight >= 0.5'
        """
        parts: list[str] = []
        if self.types:
            parts.append("types " + ", ".join(self.types))
        if self.sign:
            parts.append("cooperation only" if self.sign > 0 else "hostility only")
        if self.min_weight:
            parts.append(f"weight >= {self.min_weight:g}")
        if self.confidence:
            parts.append("confidence " + ", ".join(self.confidence))
        if self.region:
            parts.append("region " + ", ".join(self.region))
        if self.bloc:
            parts.append(f"bloc {self.bloc}")
        return "; ".join(parts) or "no filters"


@dataclass(frozen=True)
class View:
    """What a reader looks at: a window, filters, a focus and how it is shown.

    >>> import datetime as dt
    >>> view = View(Window.on(dt.date(2023, 6, 30)), ViewFilter(sign=-1), focus="IRN", hops=2)
    >>> view.describe()
    'hostility only; focus IRN (2 hops, others dimmed)'
    >>> View(Window.on(dt.date(2023, 6, 30)), hops=3)
    Traceback (most recent call last):
    ...
    ValueError: hops must be 1 or 2, not 3
    """

    window: Window
    filters: ViewFilter = field(default_factory=ViewFilter)
    focus: str | None = None
    hops: int = 1
    focus_mode: FocusMode = DEFAULT_FOCUS_MODE
    hide_isolates: bool = True

    def __post_init__(self) -> None:
        if self.window.last < self.window.first:
            raise ValueError("the window ends before it starts")
        if self.hops not in (1, 2):
            raise ValueError(f"hops must be 1 or 2, not {self.hops!r}")
        if self.focus_mode not in FOCUS_MODES:
            raise ValueError(
                f"focus mode must be {' or '.join(FOCUS_MODES)}, not {self.focus_mode!r}")
        if self.filters.sign not in (-1, 0, 1):
            raise ValueError(f"sign must be 1, -1 or 0 (no filter), not {self.filters.sign!r}")
        # "none" is the page's marker for "every box unchecked": nothing passes.
        unknown = sorted(set(self.filters.types) - set(TIE_TYPES) - {"none"})
        if unknown:
            raise ValueError(f"unknown tie type(s): {', '.join(unknown)}")
        if not self.focus:
            object.__setattr__(self, "focus", None)

    def describe(self) -> str:
        """The filters and the focus in one line (``no filters`` when there are none)."""
        text = self.filters.describe()
        if self.focus:
            rest = "others dimmed" if self.focus_mode == "dim" else "ego network only"
            focus = f"focus {self.focus} ({self.hops} hop{'s' if self.hops > 1 else ''}, {rest})"
            text = focus if text == "no filters" else f"{text}; {focus}"
        return text


@dataclass(frozen=True)
class Selection:
    """What a view selects. ``countries`` is indexed by country id and holds every metric of
    ``graph.metrics`` plus ``name``, ``region`` and ``dim``; ``dyads`` (one row per unordered
    pair, ``graph.temporal.aggregate_dyads``) has ``dim`` too; ``flows`` are the directed ties
    summed per ordered pair and type; ``graph`` the graph-level metrics (polarisation)."""

    view: View
    countries: pd.DataFrame
    ties: pd.DataFrame
    dyads: pd.DataFrame
    flows: pd.DataFrame
    focus_set: frozenset[str]
    graph: Mapping[str, float]


#: Ties, dyads, directed flows, every country's metrics, graph-level metrics.
Frames = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, Mapping[str, float]]
Value = TypeVar("Value")


class SelectionCache:
    """A bounded, thread-safe memo of computed networks, created by whoever serves views (the
    app creates one at start) and passed explicitly: no module-level cache.

    Values are handed out as shallow copies; with pandas' copy-on-write a caller that changes
    one changes its own copy, never what the next reader gets.

    >>> cache = SelectionCache(maxsize=1)
    >>> cache.get(("a",), lambda: 1), cache.get(("a",), lambda: 2), cache.get(("b",), lambda: 3)
    (1, 1, 3)
    >>> len(cache)
    1
    """

    def __init__(self, maxsize: int = 256) -> None:
        self._maxsize = maxsize
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._values)

    def get(self, key: Hashable, compute: Callable[[], Value]) -> Value:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return _shallow(self._values[key])  # type: ignore[return-value]
        value = compute()  # outside the lock: two readers may compute the same once each
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self._maxsize:
                self._values.popitem(last=False)
        return _shallow(value)  # type: ignore[return-value]


def _shallow(value: object) -> object:
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=False)
    if isinstance(value, tuple):
        return tuple(_shallow(item) for item in value)
    if isinstance(value, dict):
        return dict(value)
    return value


def filter_ties(
    ties: pd.DataFrame,
    view: ViewFilter,
    *,
    regions: pd.Series | None = None,
    members: Iterable[str] | None = None,
    subregions: pd.Series | None = None,
) -> pd.DataFrame:
    """Keep the ties that pass every filter of ``view``.

    ``regions`` (and ``subregions``) map country id to region (and subregion), needed for a
    region filter, whose values may be regions ("Asia") or subregions ("Western Asia");
    ``members`` is the bloc's membership at the date (needed for a bloc filter). A tie passes
    a region or bloc filter when both of its ends do.

    >>> ties = pd.DataFrame({"source": ["A", "A"], "target": ["B", "C"], "type": ["friction",
    ...     "alliance"], "sign": [-1, 1], "weight": [0.2, 0.9], "confidence": ["low", "high"]})
    >>> filter_ties(ties, ViewFilter(min_weight=0.5))["target"].tolist()
    ['C']
    """
    mask = pd.Series(True, index=ties.index)
    if view.types:
        mask &= ties["type"].isin(view.types)
    if view.sign:
        mask &= ties["sign"] == view.sign
    if view.min_weight:
        mask &= ties["weight"] >= view.min_weight
    if view.confidence:
        mask &= ties["confidence"].isin(view.confidence)
    if view.region and regions is not None:
        allowed = set(regions[regions.isin(view.region)].index)
        if subregions is not None:
            allowed |= set(subregions[subregions.isin(view.region)].index)
        mask &= ties["source"].isin(allowed) & ties["target"].isin(allowed)
    if view.bloc and members is not None:
        member_set = set(members)
        mask &= ties["source"].isin(member_set) & ties["target"].isin(member_set)
    return ties[mask]


def ego_network(dyads: pd.DataFrame, focus: str, hops: int) -> set[str]:
    """The focus country and everyone within ``hops`` ties of it (of either sign).

    >>> dyads = pd.DataFrame({"source": ["A", "B", "C"], "target": ["B", "C", "D"]})
    >>> sorted(ego_network(dyads, "A", 2))
    ['A', 'B', 'C']
    """
    graph = nx.from_pandas_edgelist(dyads, "source", "target")
    if focus not in graph:
        return {focus}
    return set(nx.single_source_shortest_path_length(graph, focus, cutoff=hops))


def _regions(dataset: Dataset, column: str = "region") -> pd.Series:
    countries = dataset.countries
    return pd.Series(countries[column].to_numpy(), index=countries["id"].to_numpy())


def _country_table(dataset: Dataset) -> pd.DataFrame:
    """Name, region and subregion of every actor, indexed by id."""
    return dataset.countries.set_index("id")[["name", "region", "subregion"]]


def _network_key(window: Window, filters: ViewFilter, timeline: Timeline | None,
                 curated: bool) -> tuple[object, ...]:
    """The cache key of a network: months that share a timeline snapshot share one entry."""
    if timeline is not None and curated and filters == ViewFilter():
        month = _timeline_month(timeline, window)
        if month is not None:
            return ("snapshot", id(timeline), int(timeline.snapshot_of_month[month]))
    return ("network", window, filters, id(timeline), curated)


def prime(dataset: Dataset, timeline: Timeline, cache: SelectionCache) -> None:
    """Fill ``cache`` with every snapshot of ``timeline`` unfiltered (its dyads aggregated
    once, at start, so that no slider step pays for it)."""
    first_month: dict[int, str] = {}
    for label, snapshot in zip(timeline.months, timeline.snapshot_of_month, strict=True):
        first_month.setdefault(int(snapshot), label)
    for label in first_month.values():
        window = Window.month(dt.date.fromisoformat(label + "-01"))

        def compute(window: Window = window) -> Frames:
            return _network(dataset, window, ViewFilter(), timeline, (), True)

        cache.get(_network_key(window, ViewFilter(), timeline, True), compute)


def _timeline_month(timeline: Timeline, window: Window) -> int | None:
    """The timeline's month when ``window`` is exactly one of its months, else None."""
    if window != Window.month(window.first):
        return None
    label = window.first.strftime("%Y-%m")
    if not timeline.months or not timeline.months[0] <= label <= timeline.months[-1]:
        return None
    return timeline.month_index(window.first)


def _network(
    dataset: Dataset,
    window: Window,
    filters: ViewFilter,
    timeline: Timeline | None,
    layers: Sequence[pd.DataFrame],
    curated: bool,
) -> Frames:
    """Filtered ties, their dyads, every country's metrics and the graph-level metrics."""
    month = None if timeline is None or layers or not curated else _timeline_month(
        timeline, window)
    if month is not None and filters == ViewFilter():
        assert timeline is not None
        # The timeline computed this month already, with blocs that follow the previous
        # month's (stable colours); recomputing cold would relabel them.
        snapshot = timeline.snapshots[int(timeline.snapshot_of_month[month])]
        ties = dataset.ties.iloc[snapshot.tie_rows]
        return (ties, aggregate_dyads(ties), directed_flows(ties), snapshot.metrics,
                dict(snapshot.graph))
    parts = [active_ties(dataset.ties, window)] if curated else []
    known = set(dataset.countries["id"])
    for layer in layers:
        active = active_ties(layer, window)
        parts.append(active[active["source"].isin(known) & active["target"].isin(known)])
    ties = pd.concat(parts, ignore_index=True) if parts else dataset.ties.iloc[0:0]
    members = bloc_members(dataset.memberships, filters.bloc, window) if filters.bloc else None
    ties = filter_ties(ties, filters, regions=_regions(dataset), members=members,
                       subregions=_regions(dataset, "subregion"))
    dyads = aggregate_dyads(ties)
    countries = list(active_countries(dataset.countries, window)["id"])
    metrics, graph_metrics = compute_metrics(countries, dyads)
    return ties, dyads, directed_flows(ties), metrics, graph_metrics


def select(
    dataset: Dataset,
    view: View,
    *,
    timeline: Timeline | None = None,
    layers: Sequence[pd.DataFrame] = (),
    curated: bool = True,
    cache: SelectionCache | None = None,
) -> Selection:
    """The countries, ties, dyads and flows ``view`` shows, with every metric.

    ``timeline`` (``graph.timeline``), when given, supplies the metrics of unfiltered months
    it has computed; ``layers`` are extra ties (uploaded or reference layers) drawn with the
    curated ones, or alone when ``curated`` is False; ``cache`` memoises the filtered network
    per window and filters.

    >>> import datetime as dt
    >>> from graph.example import example_dataset
    >>> dataset = example_dataset()
    >>> view = View(Window.on(dt.date(2023, 6, 1)), focus="IRN", focus_mode="cut")
    >>> chosen = select(dataset, view)
    >>> sorted(chosen.countries.index), len(chosen.dyads)
    (['IRN', 'ISR', 'RUS'], 2)
    """
    filters = view.filters

    def compute() -> Frames:
        return _network(dataset, view.window, filters, timeline, layers, curated)

    # Uploaded layers are not memoised: their frames are the caller's, not keys to trust.
    cached = cache is not None and not layers
    ties, dyads, flows, metrics, graph_metrics = (
        cache.get(_network_key(view.window, filters, timeline, curated), compute)
        if cached and cache is not None else compute())
    table = (cache.get(("country table",), lambda: _country_table(dataset))
             if cache is not None else _country_table(dataset))

    countries = metrics.copy()
    known = table.reindex(countries.index)
    countries["name"] = known["name"].fillna(countries.index.to_series())
    countries["region"] = known["region"].fillna("").to_numpy()
    keep = pd.Series(True, index=countries.index)
    if filters.region:
        subregions = known["subregion"].fillna("")
        keep &= countries["region"].isin(filters.region) | subregions.isin(
            filters.region).to_numpy()
    members = pd.Series(False, index=countries.index)
    if filters.bloc:
        members = pd.Series(countries.index.isin(list(bloc_members(
            dataset.memberships, filters.bloc, view.window))), index=countries.index)
        keep &= members
    if view.hide_isolates:
        # A bloc's members all stay: membership is not a tie, and a member without a tie in
        # the view is part of the answer to "who is in NATO?".
        keep &= (countries["degree"] > 0) | members

    focus_set: frozenset[str] = frozenset()
    if view.focus and view.focus in countries.index:
        focus_set = frozenset(ego_network(dyads, view.focus, view.hops))
        keep[view.focus] = True
        if view.focus_mode == "cut":
            keep &= countries.index.isin(list(focus_set))
    countries = countries[keep.to_numpy()].copy()
    countries["dim"] = bool(focus_set) & ~countries.index.isin(list(focus_set))

    kept = list(countries.index)
    both_ends = ties["source"].isin(kept) & ties["target"].isin(kept)
    ties = ties[both_ends.to_numpy()]
    dyads = dyads[(dyads["source"].isin(kept) & dyads["target"].isin(kept)).to_numpy()].copy()
    if focus_set:
        inside = list(focus_set)
        dyads["dim"] = ~(dyads["source"].isin(inside) & dyads["target"].isin(inside))
    else:
        dyads["dim"] = False
    return Selection(
        view=view,
        countries=countries,
        ties=ties,
        dyads=dyads.reset_index(drop=True),
        flows=flows[(flows["source"].isin(kept) & flows["target"].isin(kept)).to_numpy()],
        focus_set=focus_set,
        graph=graph_metrics,
    )
