"""How well the blocs and the force layout of a timeline separate allies from enemies, month by
month: the figures the signed analysis is judged by (printed by ``bench/signed.py`` and held
to their targets by ``tests/data/test_signed_analysis.py``).

Blocs (per month): the share of hostility weight inside a bloc (low is good), the share of
cooperation weight inside a bloc (high is good), and the pairs at war, or bitterly hostile
(net hostility of at least ``graph.blocs.HARD_SPLIT``), left in one bloc (should be none).

Layout (per month): the median distance between the two countries of a hostile dyad and of a
cooperative dyad, their ratio, and the median distance a country moved since the previous
month, as a share of the drawing's width.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from graph.blocs import HARD_SPLIT
from graph.dataset import Dataset
from graph.temporal import DyadIndex
from graph.timeline import Timeline

__all__ = ["bloc_separation", "layout_separation", "pair_distance"]


def bloc_separation(dataset: Dataset, timeline: Timeline) -> pd.DataFrame:
    """One row per month: ``hostility_inside``, ``cooperation_inside`` (shares of weight) and
    ``enemies_together`` (pairs at war or bitterly hostile in one bloc, ``A-B`` joined by
    ``;``)."""
    rows = []
    index = DyadIndex.of(dataset.ties)
    at_war_tie = (dataset.ties["type"] == "armed_conflict").to_numpy()
    done: dict[int, dict[str, object]] = {}
    for month, label in enumerate(timeline.months):
        key = int(timeline.snapshot_of_month[month])
        if key not in done:
            snapshot = timeline.snapshots[key]
            first, second, cooperation, hostility, dyad_of_tie = index.sums(snapshot.tie_rows)
            war = np.zeros(len(first), dtype=bool)
            war[dyad_of_tie[at_war_tie[snapshot.tie_rows]]] = True
            blocs = snapshot.metrics["bloc"]
            a = blocs.reindex(index.names[first]).to_numpy()
            b = blocs.reindex(index.names[second]).to_numpy()
            same = (a == b) & (a >= 0)
            bitter = war | (hostility - cooperation >= HARD_SPLIT - 1e-9)
            together = [f"{x}-{y}" for x, y in zip(index.names[first][same & bitter],
                                                   index.names[second][same & bitter],
                                                   strict=True)]
            done[key] = {
                "hostility_inside": float(hostility[same].sum() / hostility.sum())
                if hostility.sum() > 0 else 0.0,
                "cooperation_inside": float(cooperation[same].sum() / cooperation.sum())
                if cooperation.sum() > 0 else 1.0,
                "blocs": int(snapshot.graph.get("blocs", 0)),
                "enemies_together": ";".join(together),
            }
        rows.append({"month": label, **done[key]})
    return pd.DataFrame(rows).set_index("month")


def pair_distance(timeline: Timeline, month: int, first: str, second: str) -> float:
    """Distance between two countries in the force layout of ``month``."""
    row = {country: position for position, country in enumerate(timeline.countries)}
    points = timeline.positions[month]
    return float(np.hypot(*(points[row[first]] - points[row[second]])))


def layout_separation(dataset: Dataset, timeline: Timeline) -> pd.DataFrame:
    """One row per month: ``hostile_median`` and ``cooperative_median`` distances, their
    ``ratio``, and ``movement`` (median move of the countries with ties since the previous
    month, as a share of the drawing's width)."""
    index = DyadIndex.of(dataset.ties)
    row_of = {country: position for position, country in enumerate(timeline.countries)}
    codes = np.array([row_of.get(name, -1) for name in index.names])
    width = float(np.ptp(timeline.positions[..., 0]))
    rows = []
    for month, label in enumerate(timeline.months):
        snapshot = timeline.snapshots[int(timeline.snapshot_of_month[month])]
        first, second, cooperation, hostility, _ = index.sums(snapshot.tie_rows)
        net = np.round(cooperation - hostility, 9)
        points = timeline.positions[month].astype(float)
        a, b = codes[first], codes[second]
        distance = np.hypot(*(points[a] - points[b]).T)
        hostile = float(np.median(distance[net < 0])) if (net < 0).any() else np.nan
        friendly = float(np.median(distance[net > 0])) if (net > 0).any() else np.nan
        tied = np.unique(np.concatenate([a, b]))
        movement = 0.0
        if month and len(tied):
            moved = np.hypot(*(points[tied] - timeline.positions[month - 1][tied]).T)
            movement = float(np.median(moved)) / width
        rows.append({"month": label, "hostile_median": hostile, "cooperative_median": friendly,
                     "ratio": hostile / friendly if friendly else np.nan,
                     "movement": movement})
    return pd.DataFrame(rows).set_index("month")
