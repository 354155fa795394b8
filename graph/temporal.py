"""The temporal model: which ties are active when, where the active set changes, and the
aggregated snapshot graph at a date or over a window.

A tie with partial dates is read at its widest: ``start=2022-08`` is active from 2022-08-01 and
``end=2024`` through 2024-12-31. A window ``(first, last)`` holds every tie active on at least
one of its days, so a one-day strike shows in the month it happened.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from graph.dataset import CONFIDENCE_RANK, Dataset
from graph.dates import OPEN_END, DateParseError, month_end, month_starts, parse_day

__all__ = [
    "CONFIDENCE_RANK",
    "DYAD_COLUMNS",
    "DyadIndex",
    "Window",
    "active_countries",
    "active_mask",
    "active_ties",
    "aggregate_dyads",
    "change_points",
    "data_span",
    "directed_flows",
    "dyad_sign",
    "group_sums",
    "monthly_windows",
    "pair_history",
    "snapshot_graph",
]

DYAD_COLUMNS = [
    "source", "target", "cooperation", "hostility", "net", "sign", "weight", "types",
    "tie_ids", "ties", "confidence",
]


@dataclass(frozen=True, order=True)
class Window:
    """An inclusive range of days; a single date is a window of one day.

    >>> Window.on(dt.date(2023, 6, 30)).label
    '2023-06-30'
    >>> Window.month(dt.date(2023, 6, 10)).label
    '2023-06'
    """

    first: dt.date
    last: dt.date

    @classmethod
    def on(cls, day: dt.date) -> Window:
        return cls(day, day)

    @classmethod
    def month(cls, day: dt.date) -> Window:
        return cls(day.replace(day=1), month_end(day))

    @property
    def first_day(self) -> int:
        return self.first.toordinal()

    @property
    def last_day(self) -> int:
        return self.last.toordinal()

    @property
    def label(self) -> str:
        if self.first == self.last:
            return self.first.isoformat()
        if self.first.day == 1 and self.last == month_end(self.first):
            return self.first.strftime("%Y-%m")
        return f"{self.first.isoformat()}..{self.last.isoformat()}"


def active_mask(ties: pd.DataFrame, window: Window) -> np.ndarray:
    """Boolean mask of the ties active on at least one day of ``window``."""
    starts = ties["start_day"].to_numpy()
    ends = ties["end_day"].to_numpy()
    return (starts <= window.last_day) & (ends >= window.first_day)


def active_ties(ties: pd.DataFrame, window: Window) -> pd.DataFrame:
    """The ties active in ``window``.

    >>> from graph.dataset import TIE_TYPES
    >>> ties = pd.DataFrame({"start_day": [dt.date(2022, 8, 1).toordinal()],
    ...                      "end_day": [dt.date(2024, 12, 31).toordinal()]})
    >>> len(active_ties(ties, Window.on(dt.date(2021, 6, 30)))), len(
    ...     active_ties(ties, Window.on(dt.date(2023, 6, 30))))
    (0, 1)
    """
    return ties[active_mask(ties, window)]


def active_countries(countries: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Countries that exist on at least one day of ``window``."""
    starts = countries["start_day"].to_numpy()
    ends = countries["end_day"].to_numpy()
    return countries[(starts <= window.last_day) & (ends >= window.first_day)]


def change_points(ties: pd.DataFrame) -> list[dt.date]:
    """The days on which the set of active ties changes, in order.

    A tie starting on day s and ending on day e changes the set on s and on e + 1.

    >>> ties = pd.DataFrame({"start_day": [738000, 738000], "end_day": [738010, OPEN_END]})
    >>> [d.toordinal() for d in change_points(ties)]
    [738000, 738011]
    """
    starts = ties["start_day"].to_numpy()
    ends = ties["end_day"].to_numpy()
    days = np.unique(np.concatenate([starts, ends[ends < OPEN_END] + 1]))
    return [dt.date.fromordinal(int(day)) for day in days if day < OPEN_END]


def data_span(dataset: Dataset, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """First and last day the timeline covers: earliest tie start (or the ``temporalCoverage``
    start of datapackage.json, when later) to today (or the last end)."""
    ties = dataset.ties
    if ties.empty:
        day = today or dt.date.today()
        return day, day
    first = dt.date.fromordinal(int(ties["start_day"].min()))
    # Ties may start long before the period a dataset covers (a 1961 treaty still in force);
    # the timeline starts where the curators say their coverage starts.
    coverage = dataset.metadata.get("temporalCoverage")
    if isinstance(coverage, dict) and isinstance(coverage.get("start"), str):
        with contextlib.suppress(DateParseError):  # a malformed coverage date is ignored
            first = max(first, parse_day(coverage["start"]))
    ends = ties["end_day"].to_numpy()
    closed = ends[ends < OPEN_END]
    last_end = dt.date.fromordinal(int(closed.max())) if closed.size else first
    open_ended = bool((ends >= OPEN_END).any())
    last = max(today or dt.date.today(), last_end) if open_ended else last_end
    return first, last


def monthly_windows(first: dt.date, last: dt.date) -> list[Window]:
    """One window per calendar month from ``first`` to ``last``."""
    return [Window.month(start) for start in month_starts(first, last)]


def group_sums(groups: np.ndarray, values: np.ndarray, count: int) -> np.ndarray:
    """Sum ``values`` per group label (``0 <= label < count``) in row order, NaN skipped.

    Kahan-compensated, as pandas' groupby ``sum`` is, so that sums do not move by an ulp
    whichever way a snapshot was aggregated (a last-bit change can flip a tie-break in the
    community search).

    >>> group_sums(np.array([1, 0, 1]), np.array([0.1, 0.5, 0.2]), 3).tolist()
    [0.5, 0.30000000000000004, 0.0]
    """
    total = np.zeros(count)
    present = ~np.isnan(values)
    groups, values = groups[present], values[present]
    if not len(groups):
        return total
    order = np.argsort(groups, kind="stable")
    groups, values = groups[order], values[order]
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    rank = np.arange(len(groups)) - np.repeat(starts, np.diff(np.r_[starts, len(groups)]))
    compensation = np.zeros(count)
    # One vectorised Kahan step per position within a group: parallel ties are few per dyad.
    for position in range(int(rank.max()) + 1):
        chosen = rank == position
        label, value = groups[chosen], values[chosen]
        y = value - compensation[label]
        t = total[label] + y
        error = t - total[label] - y
        compensation[label] = np.where(np.isnan(error), 0.0, error)  # an infinite value
        total[label] = t
    return total


@dataclass(frozen=True)
class DyadIndex:
    """Every tie's unordered pair coded once, so that many subsets of the ties aggregate fast.

    Country codes follow the sorted ids, so dyads sorted by code are sorted by
    ``(source, target)``, the order :func:`aggregate_dyads` returns.
    """

    names: np.ndarray
    first: np.ndarray
    second: np.ndarray
    cooperation: np.ndarray
    hostility: np.ndarray

    @classmethod
    def of(cls, ties: pd.DataFrame) -> DyadIndex:
        sources = ties["source"].to_numpy(dtype=object)
        targets = ties["target"].to_numpy(dtype=object)
        swap = sources > targets
        codes, names = pd.factorize(
            np.concatenate([np.where(swap, targets, sources), np.where(swap, sources, targets)]),
            sort=True,
        )
        signs = ties["sign"].to_numpy()
        weights = ties["weight"].to_numpy(dtype=float)
        return cls(
            names=np.asarray(names, dtype=object),
            first=codes[: len(ties)].astype(np.int64),
            second=codes[len(ties):].astype(np.int64),
            cooperation=np.where(signs > 0, weights, 0.0),
            hostility=np.where(signs < 0, weights, 0.0),
        )

    def group(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For the ties at positions ``rows``: each dyad's two country codes (sorted), and
        the dyad of each tie."""
        pairs = self.first[rows] * len(self.names) + self.second[rows]
        unique, dyad_of_tie = np.unique(pairs, return_inverse=True)
        return unique // len(self.names), unique % len(self.names), dyad_of_tie.ravel()

    def sums(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                               np.ndarray]:
        """Country codes, cooperation and hostility of each dyad of the ties at ``rows``, and
        the dyad of each tie."""
        first, second, dyad_of_tie = self.group(rows)
        count = len(first)
        return (
            first,
            second,
            group_sums(dyad_of_tie, self.cooperation[rows], count),
            group_sums(dyad_of_tie, self.hostility[rows], count),
            dyad_of_tie,
        )


def dyad_sign(cooperation: np.ndarray, hostility: np.ndarray) -> np.ndarray:
    """The sign of ``cooperation - hostility``, 0 when they cancel to nine decimals."""
    signs: np.ndarray = np.sign(np.round(cooperation - hostility, 9)).astype(int)
    return signs


def aggregate_dyads(ties: pd.DataFrame) -> pd.DataFrame:
    """Aggregate parallel ties per unordered pair of countries.

    ``cooperation`` sums the weights of positive ties, ``hostility`` those of negative ties,
    ``net`` is their difference and ``sign`` its sign (0 when they cancel); ``weight`` is
    ``cooperation + hostility``, the strength of the entanglement, used by the centrality
    metrics. ``confidence`` is the best confidence among the dyad's ties. Rows are sorted by
    ``(source, target)``; ``tie_ids`` keeps the ties' order.

    >>> ties = pd.DataFrame({"id": ["a", "b"], "source": ["RUS", "IRN"],
    ...     "target": ["IRN", "RUS"], "type": ["arms_transfer", "friction"], "sign": [1, -1],
    ...     "weight": [0.8, 0.3], "confidence": ["high", "medium"]})
    >>> row = aggregate_dyads(ties).iloc[0]
    >>> row.source, row.target, round(float(row.net), 2), int(row.sign), row.types
    ('IRN', 'RUS', 0.5, 1, 'arms_transfer;friction')
    """
    if ties.empty:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in DYAD_COLUMNS})
    index = DyadIndex.of(ties)
    first, second, cooperation, hostility, dyad_of_tie = index.sums(np.arange(len(ties)))
    count = len(first)
    ranks = ties["confidence"].map(CONFIDENCE_RANK).fillna(0).to_numpy(dtype=float)
    best = np.full(count, -np.inf)
    np.maximum.at(best, dyad_of_tie, ranks)
    # Python-level string joins, but one per dyad over plain lists rather than a pandas
    # lambda per group, which made this the timeline's bottleneck.
    order = np.argsort(dyad_of_tie, kind="stable")
    bounds = np.r_[0, np.flatnonzero(np.diff(dyad_of_tie[order])) + 1, len(order)].tolist()
    ids = ties["id"].to_numpy(dtype=object)[order].tolist()
    types = ties["type"].to_numpy(dtype=object)[order].tolist()
    spans = list(itertools.pairwise(bounds))
    names = {rank: name for name, rank in CONFIDENCE_RANK.items()}
    dyads = pd.DataFrame(
        {
            "source": index.names[first],
            "target": index.names[second],
            "cooperation": cooperation,
            "hostility": hostility,
            "net": cooperation - hostility,
            "sign": dyad_sign(cooperation, hostility),
            "weight": cooperation + hostility,
            "types": [";".join(sorted(set(types[a:b]))) for a, b in spans],
            "tie_ids": [";".join(ids[a:b]) for a, b in spans],
            "ties": np.diff(bounds).astype(np.int64),
            "confidence": [names[int(rank)] for rank in best],
        }
    )
    return dyads[DYAD_COLUMNS]


def directed_flows(ties: pd.DataFrame) -> pd.DataFrame:
    """Directed ties (arms transfers, sanctions, strikes) summed per ordered pair and type.

    >>> ties = pd.DataFrame({"id": ["a", "b", "c"], "source": ["IRN", "IRN", "USA"],
    ...     "target": ["RUS", "RUS", "IRN"], "type": ["arms_transfer"] * 2 + ["sanctions"],
    ...     "sign": [1, 1, -1], "weight": [0.5, 0.8, 1.0], "directed": [True, True, True]})
    >>> directed_flows(ties).values.tolist()
    [['IRN', 'RUS', 'arms_transfer', 1, 1.3, 'a;b'], ['USA', 'IRN', 'sanctions', -1, 1.0, 'c']]
    """
    columns = ["source", "target", "type", "sign", "weight", "tie_ids"]
    directed = ties[ties["directed"].astype(bool)]
    if directed.empty:
        return pd.DataFrame(columns=columns)
    # Sorted once, grouped by where the key changes: a pandas groupby with a Python
    # aggregation cost ~30 ms a month, paid at every step of the page.
    ordered = directed.sort_values(["source", "target", "type"], kind="stable")
    keys = ordered[["source", "target", "type"]].to_numpy(dtype=object)
    changes = np.flatnonzero((keys[1:] != keys[:-1]).any(axis=1)) + 1
    starts = np.concatenate([[0], changes])
    ids = ordered["id"].to_numpy(dtype=object)
    bounds = [*starts[1:], len(ids)]
    return pd.DataFrame({
        "source": keys[starts, 0], "target": keys[starts, 1], "type": keys[starts, 2],
        "sign": ordered["sign"].to_numpy()[starts],
        "weight": np.add.reduceat(ordered["weight"].to_numpy(dtype=float), starts),
        "tie_ids": [";".join(ids[first:last]) for first, last in zip(starts, bounds,
                                                                        strict=True)],
    }, columns=columns)


def snapshot_graph(dataset: Dataset, window: Window) -> nx.Graph:
    """The aggregated, undirected snapshot of ``dataset`` in ``window``.

    Nodes are the countries that exist in the window (with their attributes), edges the dyads
    of the active ties (with the columns of :func:`aggregate_dyads`).
    """
    graph = nx.Graph(window=window.label)
    for row in active_countries(dataset.countries, window).to_dict("records"):
        graph.add_node(row["id"], name=row["name"], kind=row["kind"], region=row["region"])
    dyads = aggregate_dyads(active_ties(dataset.ties, window))
    for row in dyads.to_dict("records"):
        attributes = {str(key): value for key, value in row.items()}
        graph.add_edge(attributes.pop("source"), attributes.pop("target"), **attributes)
    return graph


def pair_history(ties: pd.DataFrame, first: str, second: str,
                 windows: list[Window]) -> pd.DataFrame:
    """How two countries stood in each window: the cooperation and hostility of their active
    ties (summed weights, as :func:`aggregate_dyads` sums them) and the net score, one row per
    window, indexed by its label.

    >>> ties = pd.DataFrame({"source": ["A", "B"], "target": ["B", "A"], "sign": [1, -1],
    ...     "weight": [0.8, 0.5], "start_day": [dt.date(2022, 1, 1).toordinal()] * 2,
    ...     "end_day": [OPEN_END, dt.date(2022, 2, 28).toordinal()]})
    >>> months = [Window.month(dt.date(2022, month, 1)) for month in (1, 3)]
    >>> pair_history(ties, "A", "B", months)["net"].round(2).tolist()
    [0.3, 0.8]
    """
    pair = ties[((ties["source"] == first) & (ties["target"] == second))
                | ((ties["source"] == second) & (ties["target"] == first))]
    starts = pair["start_day"].to_numpy()[None, :]
    ends = pair["end_day"].to_numpy()[None, :]
    firsts = np.array([window.first_day for window in windows])[:, None]
    lasts = np.array([window.last_day for window in windows])[:, None]
    active = (starts <= lasts) & (ends >= firsts)
    weights = pair["weight"].to_numpy(dtype=float)[None, :]
    positive = (pair["sign"].to_numpy() > 0)[None, :]
    cooperation = (active & positive) @ weights.T if len(pair) else np.zeros((len(windows), 1))
    hostility = (active & ~positive) @ weights.T if len(pair) else np.zeros((len(windows), 1))
    frame = pd.DataFrame(
        {"cooperation": cooperation[:, 0], "hostility": hostility[:, 0]},
        index=pd.Index([window.label for window in windows], name="window"),
    )
    frame["net"] = frame["cooperation"] - frame["hostility"]
    return frame
