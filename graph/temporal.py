"""The temporal model: which ties are active when, where the active set changes, and the
aggregated snapshot graph at a date or over a window.

A tie with partial dates is read at its widest: ``start=2022-08`` is active from 2022-08-01 and
``end=2024`` through 2024-12-31. A window ``(first, last)`` holds every tie active on at least
one of its days, so a one-day strike shows in the month it happened.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from graph.dataset import Dataset
from graph.dates import OPEN_END, month_end, month_starts

__all__ = [
    "DYAD_COLUMNS",
    "Window",
    "active_countries",
    "active_mask",
    "active_ties",
    "aggregate_dyads",
    "change_points",
    "data_span",
    "directed_flows",
    "monthly_windows",
    "snapshot_graph",
]

CONFIDENCE_RANK = {"low": 0, "medium": 1, "high": 2}
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
    """First and last day the timeline covers: earliest tie start to today (or the last end)."""
    ties = dataset.ties
    if ties.empty:
        day = today or dt.date.today()
        return day, day
    first = dt.date.fromordinal(int(ties["start_day"].min()))
    ends = ties["end_day"].to_numpy()
    closed = ends[ends < OPEN_END]
    last_end = dt.date.fromordinal(int(closed.max())) if closed.size else first
    open_ended = bool((ends >= OPEN_END).any())
    last = max(today or dt.date.today(), last_end) if open_ended else last_end
    return first, last


def monthly_windows(first: dt.date, last: dt.date) -> list[Window]:
    """One window per calendar month from ``first`` to ``last``."""
    return [Window.month(start) for start in month_starts(first, last)]


def aggregate_dyads(ties: pd.DataFrame) -> pd.DataFrame:
    """Aggregate parallel ties per unordered pair of countries.

    ``cooperation`` sums the weights of positive ties, ``hostility`` those of negative ties,
    ``net`` is their difference and ``sign`` its sign (0 when they cancel); ``weight`` is
    ``cooperation + hostility``, the strength of the entanglement, used by the centrality
    metrics. ``confidence`` is the best confidence among the dyad's ties.

    >>> ties = pd.DataFrame({"id": ["a", "b"], "source": ["RUS", "IRN"],
    ...     "target": ["IRN", "RUS"], "type": ["arms_transfer", "friction"], "sign": [1, -1],
    ...     "weight": [0.8, 0.3], "confidence": ["high", "medium"]})
    >>> row = aggregate_dyads(ties).iloc[0]
    >>> row.source, row.target, round(row.net, 2), row.sign, row.types
    ('IRN', 'RUS', 0.5, 1, 'arms_transfer;friction')
    """
    if ties.empty:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in DYAD_COLUMNS})
    sources = ties["source"].to_numpy(dtype=object)
    targets = ties["target"].to_numpy(dtype=object)
    swap = sources > targets
    frame = pd.DataFrame(
        {
            "source": np.where(swap, targets, sources),
            "target": np.where(swap, sources, targets),
            "cooperation": np.where(ties["sign"].to_numpy() > 0, ties["weight"].to_numpy(), 0.0),
            "hostility": np.where(ties["sign"].to_numpy() < 0, ties["weight"].to_numpy(), 0.0),
            "type": ties["type"].to_numpy(dtype=object),
            "id": ties["id"].to_numpy(dtype=object),
            "confidence_rank": ties["confidence"].map(CONFIDENCE_RANK).fillna(0).to_numpy(),
        }
    )
    grouped = frame.groupby(["source", "target"], sort=True)
    dyads = grouped.agg(
        cooperation=("cooperation", "sum"),
        hostility=("hostility", "sum"),
        types=("type", lambda values: ";".join(sorted(set(values)))),
        tie_ids=("id", lambda values: ";".join(values)),
        ties=("id", "size"),
        confidence_rank=("confidence_rank", "max"),
    ).reset_index()
    dyads["net"] = dyads["cooperation"] - dyads["hostility"]
    dyads["sign"] = np.sign(dyads["net"].round(9)).astype(int)
    dyads["weight"] = dyads["cooperation"] + dyads["hostility"]
    names = {rank: name for name, rank in CONFIDENCE_RANK.items()}
    dyads["confidence"] = dyads["confidence_rank"].astype(int).map(names)
    return dyads[DYAD_COLUMNS]


def directed_flows(ties: pd.DataFrame) -> pd.DataFrame:
    """Directed ties (arms transfers, sanctions, strikes) summed per ordered pair and type."""
    directed = ties[ties["directed"].astype(bool)]
    if directed.empty:
        return pd.DataFrame(columns=["source", "target", "type", "sign", "weight", "tie_ids"])
    return (
        directed.groupby(["source", "target", "type"], sort=True)
        .agg(sign=("sign", "first"), weight=("weight", "sum"),
             tie_ids=("id", lambda values: ";".join(values)))
        .reset_index()
    )


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
        graph.add_edge(row.pop("source"), row.pop("target"), **row)
    return graph
