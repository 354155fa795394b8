"""The timeline precomputed: every metric at every month, computed once per distinct snapshot
and cached on disk, keyed by the dataset's content hash.

Months whose active ties and countries are identical share one snapshot, so a dataset whose
ties change a few hundred times over 35 years costs a few hundred metric runs, not one per
month per request. The cache is JSON (never pickle) and written atomically; a cache that is
corrupted, stale or from another format version is ignored and recomputed.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from graph.balance import structural_balance
from graph.dataset import Dataset
from graph.metrics import METRIC_COLUMNS, compute_metrics
from graph.positions import force_positions
from graph.temporal import Window, active_countries, aggregate_dyads, data_span, monthly_windows

__all__ = [
    "CACHE_FORMAT",
    "Snapshot",
    "Timeline",
    "compute_timeline",
    "default_cache_dir",
    "load_or_compute_timeline",
]

CACHE_FORMAT = 3
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
    """Per month, the index of its snapshot in ``snapshots``."""

    dataset_hash: str
    months: list[str]
    snapshot_of_month: np.ndarray
    snapshots: list[Snapshot]
    force: dict[str, tuple[float, float]]

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
        """Graph-level metrics and the balance ratio per month."""
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


def compute_timeline(dataset: Dataset, *, today: dt.date | None = None) -> Timeline:
    """Compute every metric at every month of the dataset's span (see module docstring)."""
    first, last = data_span(dataset, today)
    windows = monthly_windows(first, last)
    ties = dataset.ties
    starts = ties["start_day"].to_numpy()
    ends = ties["end_day"].to_numpy()
    snapshot_index: dict[tuple[bytes, bytes], int] = {}
    snapshot_of_month = np.zeros(len(windows), dtype=np.int32)
    snapshots: list[Snapshot] = []
    previous: dict[str, int] | None = None
    for month, window in enumerate(windows):
        rows = np.flatnonzero((starts <= window.last_day) & (ends >= window.first_day))
        countries = active_countries(dataset.countries, window)["id"]
        key = (rows.tobytes(), "\x1f".join(countries).encode())
        if key not in snapshot_index:
            snapshot_index[key] = len(snapshots)
            snapshots.append(_snapshot(dataset, rows, list(countries), previous))
        snapshot = snapshots[snapshot_index[key]]
        snapshot_of_month[month] = snapshot_index[key]
        previous = snapshot.metrics["community"].to_dict()
    return Timeline(
        dataset_hash=dataset.content_hash,
        months=[window.label for window in windows],
        snapshot_of_month=snapshot_of_month,
        snapshots=snapshots,
        force=union_force_positions(dataset),
    )


def union_force_positions(dataset: Dataset) -> dict[str, tuple[float, float]]:
    """The force layout of every tie ever active (see ``graph.positions``)."""
    ties = dataset.ties
    swap = ties["source"] > ties["target"]
    pairs = pd.DataFrame(
        {
            "source": ties["source"].where(~swap, ties["target"]),
            "target": ties["target"].where(~swap, ties["source"]),
            "weight": ties["weight"].astype(float),
        }
    )
    return force_positions(list(dataset.countries["id"]), pairs)


def _snapshot(
    dataset: Dataset, rows: np.ndarray, countries: list[str], previous: dict[str, int] | None
) -> Snapshot:
    dyads = aggregate_dyads(dataset.ties.iloc[rows])
    metrics, graph = compute_metrics(countries, dyads, previous)
    balance = structural_balance(dyads)
    return Snapshot(
        tie_rows=rows,
        metrics=metrics,
        graph=graph,
        balance={key: value for key, value in balance.items() if key != "triads"},
    )


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
        "force": {node: list(point) for node, point in timeline.force.items()},
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
        metrics = pd.DataFrame(item["metrics"], index=pd.Index(item["ids"], name="id"))
        metrics = metrics[METRIC_COLUMNS]
        metrics["degree"] = metrics["degree"].astype(int)
        metrics["community"] = metrics["community"].astype(int)
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
    force = {str(node): (float(x), float(y)) for node, (x, y) in document["force"].items()}
    return Timeline(
        str(document["dataset_hash"]), list(document["months"]), of_month, snapshots, force
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
        except (OSError, ValueError, KeyError, TypeError, EOFError) as error:
            log.warning("timeline cache %s is unreadable (%s); recomputing", path, error)
    timeline = compute_timeline(dataset, today=day)
    if dataset.content_hash:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as raw, gzip.open(raw, "wt", encoding="utf-8") as out:
                json.dump(_to_json(timeline, day.isoformat()), out)
            os.replace(temporary, path)
        except OSError as error:
            log.warning("cannot write the timeline cache in %s: %s", folder, error)
    return timeline
