"""The timeline precomputed: every metric, bloc and force position at every month, computed
once per distinct snapshot and cached on disk, keyed by the dataset's content hash.

The force layout is signed and moves with time (``graph.positions.signed_layouts``): one
layout per month, started from the previous month's. Its input is each month's dyads' net
weight, plus co-membership in a military alliance (``blocs.csv`` kind ``military_alliance``:
NATO, CSTO) as a cooperation of ``ALLIANCE_MEMBERSHIP_WEIGHT`` between every two members,
because the dataset records those alliances as memberships rather than ties (data/README.md);
the metrics and blocs use the ties alone.

Months whose active ties and countries are identical share one snapshot, so a dataset whose
ties change a few hundred times over 35 years costs a few hundred metric runs, not one per
month per request. The cache is JSON (never pickle) and written atomically; a cache that is
corrupted, stale or from another format version is ignored and recomputed.
"""

from __future__ import annotations

import datetime as dt
import gzip
import itertools
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import igraph as ig
import numpy as np
import pandas as pd

from graph.dataset import Dataset
from graph.files import write_atomically
from graph.metrics import (
    INTEGER_COLUMNS,
    METRIC_COLUMNS,
    SignedEdges,
    centralities,
    with_blocs,
)
from graph.positions import signed_layouts
from graph.temporal import DyadIndex, data_span, dyad_sign, monthly_windows

__all__ = [
    "ALLIANCE_MEMBERSHIP_WEIGHT",
    "CACHE_FORMAT",
    "Snapshot",
    "Timeline",
    "compute_timeline",
    "default_cache_dir",
    "load_or_compute_timeline",
]

CACHE_FORMAT = 8
#: Attraction between two members of one military alliance in the force layout, per pair: on
#: the rubric a minor tie each, which adds up to a strong pull within NATO's 32.
ALLIANCE_MEMBERSHIP_WEIGHT = 0.2
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    """One distinct state of the network: which ties and countries are active, and metrics."""

    tie_rows: np.ndarray
    metrics: pd.DataFrame
    graph: Mapping[str, float]
    balance: Mapping[str, Any]


@dataclass(frozen=True)
class Timeline:
    """Per month, the index of its snapshot in ``snapshots``, and the force positions of
    every country (``positions[month]`` has one row per ``countries`` entry)."""

    dataset_hash: str
    months: list[str]
    snapshot_of_month: np.ndarray
    snapshots: list[Snapshot]
    countries: list[str]
    positions: np.ndarray

    def positions_at(self, month: int) -> dict[str, tuple[float, float]]:
        """The force layout of month number ``month`` (clamped to the timeline)."""
        month = max(0, min(month, len(self.months) - 1))
        points = self.positions[month].tolist()
        return {country: (float(x), float(y))
                for country, (x, y) in zip(self.countries, points, strict=True)}

    def month_index(self, day: dt.date) -> int:
        """Index of the month holding ``day``, clamped to the timeline's span."""
        label = day.strftime("%Y-%m")
        if label <= self.months[0]:
            return 0
        if label >= self.months[-1]:
            return len(self.months) - 1
        first = dt.date.fromisoformat(self.months[0] + "-01")
        return (day.year - first.year) * 12 + day.month - first.month

    def at(self, day: dt.date) -> Snapshot:
        return self.snapshots[int(self.snapshot_of_month[self.month_index(day)])]

    def trajectory(self, metric: str) -> pd.DataFrame:
        """One column per country, one row per month: ``metric`` over the whole timeline.

        Months where a country does not exist are NaN.
        """
        per_snapshot = [snapshot.metrics[metric] for snapshot in self.snapshots]
        frame = pd.DataFrame(per_snapshot).reset_index(drop=True)
        rows = frame.iloc[self.snapshot_of_month].reset_index(drop=True)
        rows.index = pd.Index(self.months, name="month")
        return rows

    def graph_series(self) -> pd.DataFrame:
        """Graph-level metrics, polarisation and the balance ratio per month."""
        per_snapshot = pd.DataFrame(
            [
                {**snapshot.graph, "balance_ratio": snapshot.balance["ratio"],
                 "unbalanced": snapshot.balance["unbalanced"]}
                for snapshot in self.snapshots
            ]
        )
        rows = per_snapshot.iloc[self.snapshot_of_month].reset_index(drop=True)
        rows.index = pd.Index(self.months, name="month")
        return rows


def compute_timeline(dataset: Dataset, *, today: dt.date | None = None,
                     workers: int | None = None) -> Timeline:
    """Compute every metric at every month of the dataset's span (see module docstring).

    The centralities of distinct snapshots are independent, so with many snapshots they are
    computed in ``workers`` processes (default: one per core); the communities then run in
    month order in this process, each started from the previous month's partition.
    """
    first, last = data_span(dataset, today)
    windows = monthly_windows(first, last)
    ties = dataset.ties
    starts = ties["start_day"].to_numpy()
    ends = ties["end_day"].to_numpy()
    at_war = (ties["type"] == "armed_conflict").to_numpy()
    # Coded once, so that each snapshot aggregates its dyads with a few numpy calls; the
    # per-snapshot path used to be aggregate_dyads, whose pandas work dominated the timeline.
    dyad_index = DyadIndex.of(ties)
    country_ids = dataset.countries["id"].tolist()
    row_of_country = {country: row for row, country in enumerate(country_ids)}
    row_of_code = np.array([row_of_country.get(name, -1) for name in dyad_index.names],
                           dtype=np.int64)
    born = dataset.countries["start_day"].to_numpy()
    gone = dataset.countries["end_day"].to_numpy()
    alliances = _alliance_memberships(dataset, row_of_country)
    snapshot_index: dict[tuple[bytes, bytes], int] = {}
    snapshot_of_month = np.zeros(len(windows), dtype=np.int32)
    inputs: list[_SnapshotInput] = []
    layout_inputs: list[tuple[np.ndarray, np.ndarray]] = []
    for month, window in enumerate(windows):
        rows = np.flatnonzero((starts <= window.last_day) & (ends >= window.first_day))
        present = (born <= window.last_day) & (gone >= window.first_day)
        key = (rows.tobytes(), present.tobytes())
        if key not in snapshot_index:
            snapshot_index[key] = len(inputs)
            countries = [country_ids[position] for position in np.flatnonzero(present)]
            inputs.append(_snapshot_input(dyad_index, rows, countries, at_war))
        snapshot_of_month[month] = snapshot_index[key]
        layout_inputs.append(_layout_input(inputs[snapshot_index[key]], row_of_code, alliances,
                                           window.first_day, window.last_day))
    columns = _all_centralities(inputs, workers)
    # Blocs run in month order: each starts from the previous month's partition.
    snapshots: list[Snapshot | None] = [None] * len(inputs)
    previous: dict[str, int] | None = None
    for index in snapshot_of_month.tolist():
        if snapshots[index] is None:
            item = inputs[index]
            metrics, graph = with_blocs(item.edges, columns[index], previous)
            snapshots[index] = Snapshot(tie_rows=item.rows, metrics=metrics, graph=graph,
                                        balance=item.balance)
        done = snapshots[index]
        assert done is not None
        blocs = done.metrics["bloc"]
        # Plain lists: iterating a pandas string index element by element is slow.
        previous = dict(zip(blocs.index.tolist(), blocs.tolist(), strict=True))
    finished = [snapshot for snapshot in snapshots if snapshot is not None]
    positions = np.round(np.asarray(signed_layouts(country_ids, layout_inputs)), 4).astype(
        np.float32)
    return Timeline(
        dataset_hash=dataset.content_hash,
        months=[window.label for window in windows],
        snapshot_of_month=snapshot_of_month,
        snapshots=finished,
        countries=country_ids,
        positions=positions.reshape(len(windows), len(country_ids), 2),
    )


@dataclass(frozen=True)
class _Alliances:
    """Memberships of military alliances: rows of countries, by alliance, with their days."""

    country: np.ndarray
    alliance: np.ndarray
    first_day: np.ndarray
    last_day: np.ndarray


def _alliance_memberships(dataset: Dataset, row_of_country: Mapping[str, int]) -> _Alliances:
    blocs = dataset.blocs
    military = set(blocs.loc[blocs["kind"] == "military_alliance", "id"])
    members = dataset.memberships
    members = members[members["bloc"].isin(military) & (members["status"] == "member")
                      & members["country"].isin(list(row_of_country))]
    return _Alliances(
        country=np.array([row_of_country[c] for c in members["country"]], dtype=np.int64),
        alliance=pd.factorize(members["bloc"])[0].astype(np.int64),
        first_day=members["start_day"].to_numpy(),
        last_day=members["end_day"].to_numpy(),
    )


def _layout_input(item: _SnapshotInput, row_of_code: np.ndarray, alliances: _Alliances,
                  first_day: int, last_day: int) -> tuple[np.ndarray, np.ndarray]:
    """Edges (rows of the country table) and net weights the force layout takes for a month:
    the dyads' net weight plus the alliance co-memberships (see the module docstring)."""
    pairs: dict[tuple[int, int], float] = {}
    firsts = row_of_code[item.dyad_codes[0]].tolist()
    seconds = row_of_code[item.dyad_codes[1]].tolist()
    for first, second, net in zip(firsts, seconds, item.net.tolist(), strict=True):
        if first >= 0 and second >= 0:
            pairs[(min(first, second), max(first, second))] = net
    active = (alliances.first_day <= last_day) & (alliances.last_day >= first_day)
    for alliance in np.unique(alliances.alliance[active]).tolist():
        members = sorted(alliances.country[active & (alliances.alliance == alliance)].tolist())
        for position, first in enumerate(members):
            for second in members[position + 1:]:
                pairs[(first, second)] = pairs.get((first, second), 0.0) + (
                    ALLIANCE_MEMBERSHIP_WEIGHT)
    if not pairs:
        return np.zeros((0, 2), dtype=np.int64), np.zeros(0)
    ordered = sorted(pairs)
    return (np.array(ordered, dtype=np.int64),
            np.round(np.array([pairs[pair] for pair in ordered]), 9))


@dataclass(frozen=True)
class _SnapshotInput:
    rows: np.ndarray
    edges: SignedEdges
    balance: dict[str, Any]
    dyad_codes: tuple[np.ndarray, np.ndarray]
    net: np.ndarray


def _snapshot_input(dyad_index: DyadIndex, rows: np.ndarray, countries: list[str],
                    at_war: np.ndarray) -> _SnapshotInput:
    """The graph of one snapshot as the metrics take it, and its balance counts (the same
    numbers as ``compute_metrics(countries, aggregate_dyads(ties))`` and
    ``structural_balance``: the tests compare the two paths)."""
    first, second, cooperation, hostility, dyad_of_tie = dyad_index.sums(rows)
    sources = dyad_index.names[first].tolist()
    targets = dyad_index.names[second].tolist()
    known = list(dict.fromkeys([*countries, *sources, *targets]))
    position = {node: index for index, node in enumerate(known)}
    edges = [(position[source], position[target])
             for source, target in zip(sources, targets, strict=True)]
    war = np.zeros(len(first), dtype=bool)
    war[dyad_of_tie[at_war[rows]]] = True
    balance = balance_counts(first, second, dyad_sign(cooperation, hostility))
    signed = SignedEdges(known, edges, cooperation, hostility, war)
    return _SnapshotInput(rows, signed, balance, (first, second),
                          np.round(cooperation - hostility, 9))


#: Below this many distinct snapshots, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 64


def _centralities_of(item: SignedEdges) -> dict[str, np.ndarray]:
    return centralities(item)


def _all_centralities(inputs: list[_SnapshotInput], workers: int | None
                      ) -> list[dict[str, np.ndarray]]:
    jobs = [item.edges for item in inputs]
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count > 1 and len(jobs) >= PARALLEL_THRESHOLD:
        try:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context(
                "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
            with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
                return list(pool.map(_centralities_of, jobs,
                                     chunksize=max(1, len(jobs) // (count * 8))))
        except (OSError, RuntimeError) as error:  # no processes here: compute in this one
            log.warning("timeline computed in one process (%s)", error)
    return [_centralities_of(job) for job in jobs]


def balance_counts(first: np.ndarray, second: np.ndarray, sign: np.ndarray) -> dict[str, Any]:
    """The counts of ``graph.balance.structural_balance`` (without the list of triads) for
    dyads given as integer country codes.

    >>> balance_counts(np.array([0, 0, 1]), np.array([1, 2, 2]), np.array([1, 1, -1]))
    {'triangles': 1, 'balanced': 0, 'unbalanced': 1, 'ratio': 0.0}
    """
    signed = sign != 0
    first, second, sign = first[signed], second[signed], sign[signed]
    if len(sign) < 3:
        return {"triangles": 0, "balanced": 0, "unbalanced": 0, "ratio": None}
    n = int(max(first.max(), second.max())) + 1
    graph = ig.Graph(n=n, edges=list(zip(first.tolist(), second.tolist(), strict=True)))
    found = graph.list_triangles()
    # fromiter over the flattened tuples: np.asarray on a list of tuples is several times slower
    triangles = np.fromiter(itertools.chain.from_iterable(found), dtype=np.int64,
                            count=3 * len(found)).reshape(-1, 3)
    signs = np.zeros((n, n), dtype=np.int8)
    signs[first, second] = sign
    signs[second, first] = sign
    a, b, c = triangles[:, 0], triangles[:, 1], triangles[:, 2]
    balanced = int(np.count_nonzero(signs[a, b] * signs[a, c] * signs[b, c] > 0))
    total = len(triangles)
    return {
        "triangles": total,
        "balanced": balanced,
        "unbalanced": total - balanced,
        "ratio": balanced / total if total else None,
    }


def default_cache_dir() -> Path:
    """``$REALPOLITIK_CACHE``, else ``$XDG_CACHE_HOME/realpolitik``, else ``~/.cache/...``."""
    configured = os.environ.get("REALPOLITIK_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "realpolitik"


def _to_json(timeline: Timeline, today: str) -> dict[str, Any]:
    return {
        "format": CACHE_FORMAT,
        "dataset_hash": timeline.dataset_hash,
        "today": today,
        "months": timeline.months,
        "snapshot_of_month": timeline.snapshot_of_month.tolist(),
        "countries": timeline.countries,
        # Four decimals: a ten-thousandth of the drawing's unit, far below a pixel.
        "positions": np.round(timeline.positions.astype(float), 4).tolist(),
        "snapshots": [
            {
                "tie_rows": snapshot.tie_rows.tolist(),
                "ids": snapshot.metrics.index.tolist(),
                "metrics": {
                    column: snapshot.metrics[column].tolist() for column in METRIC_COLUMNS
                },
                "graph": dict(snapshot.graph),
                "balance": dict(snapshot.balance),
            }
            for snapshot in timeline.snapshots
        ],
    }


def _from_json(document: Mapping[str, Any]) -> Timeline:
    snapshots = []
    for item in document["snapshots"]:
        # pandas would broadcast a one-element list over every country: check lengths first.
        if any(len(item["metrics"][column]) != len(item["ids"]) for column in METRIC_COLUMNS):
            raise ValueError("metrics and ids differ in length")
        metrics = pd.DataFrame(item["metrics"], index=pd.Index(item["ids"], name="id"))
        metrics = metrics[METRIC_COLUMNS]
        for column in INTEGER_COLUMNS:
            metrics[column] = metrics[column].astype(int)
        snapshots.append(
            Snapshot(
                tie_rows=np.asarray(item["tie_rows"], dtype=np.int64),
                metrics=metrics,
                graph=dict(item["graph"]),
                balance=dict(item["balance"]),
            )
        )
    of_month = np.asarray(document["snapshot_of_month"], dtype=np.int32)
    if len(of_month) != len(document["months"]) or (
        len(of_month) and (of_month.max() >= len(snapshots) or of_month.min() < 0)
    ):
        raise ValueError("snapshot index out of range")
    countries = [str(country) for country in document["countries"]]
    positions = np.asarray(document["positions"], dtype=np.float32)
    if positions.shape != (len(of_month), len(countries), 2):
        raise ValueError("positions do not match the months and countries")
    return Timeline(
        str(document["dataset_hash"]), list(document["months"]), of_month, snapshots,
        countries, positions,
    )


def load_or_compute_timeline(
    dataset: Dataset, *, cache_dir: Path | None = None, today: dt.date | None = None
) -> Timeline:
    """The cached timeline of ``dataset``, computed and stored when missing or unusable."""
    day = today or dt.date.today()
    folder = cache_dir or default_cache_dir()
    path = folder / f"timeline-{dataset.content_hash}-{day.strftime('%Y-%m')}.json.gz"
    if dataset.content_hash and path.is_file():
        try:
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                document = json.load(handle)
            if not isinstance(document, dict):
                raise ValueError("the cache does not hold a JSON object")
            if (
                document.get("format") == CACHE_FORMAT
                and document.get("dataset_hash") == dataset.content_hash
            ):
                timeline = _from_json(document)
                if len(timeline.snapshots) and timeline.snapshots[-1].tie_rows.size <= len(
                    dataset.ties
                ):
                    return timeline
            log.warning("timeline cache %s is stale; recomputing", path)
        except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError) as error:
            log.warning("timeline cache %s is unreadable (%s); recomputing", path, error)
    timeline = compute_timeline(dataset, today=day)
    if dataset.content_hash:
        try:
            text = json.dumps(_to_json(timeline, day.isoformat()))
            write_atomically(path, gzip.compress(text.encode("utf-8"), mtime=0))
        except OSError as error:
            log.warning("cannot write the timeline cache in %s: %s", folder, error)
    return timeline
