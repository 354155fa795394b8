"""What changed between two dates: ties formed, ended, flipped in sign or changed in weight,
and the countries whose metrics moved most."""

from __future__ import annotations

from typing import TypedDict

import pandas as pd

from graph.dataset import Dataset
from graph.metrics import METRIC_COLUMNS, compute_metrics
from graph.temporal import Window, active_countries, active_mask, aggregate_dyads

__all__ = ["SnapshotDiff", "diff_snapshots"]

TIE_COLUMNS = ["id", "source", "target", "type", "sign", "weight", "start", "end", "confidence"]


class SnapshotDiff(TypedDict):
    formed: pd.DataFrame
    ended: pd.DataFrame
    sign_changed: pd.DataFrame
    weight_changed: pd.DataFrame
    metric_deltas: pd.DataFrame


def diff_snapshots(dataset: Dataset, before: Window, after: Window) -> SnapshotDiff:
    """Compare the network in ``before`` with the network in ``after``.

    ``formed`` and ``ended`` list ties (rows of ties.csv); ``sign_changed`` and
    ``weight_changed`` list dyads with ``net_before`` and ``net_after``; ``metric_deltas`` has
    one row per country with ``<metric>_before``, ``<metric>_after`` and ``<metric>_delta``,
    sorted by the largest absolute change in strength.
    """
    ties = dataset.ties
    mask_before = active_mask(ties, before)
    mask_after = active_mask(ties, after)
    formed = ties[mask_after & ~mask_before][TIE_COLUMNS].reset_index(drop=True)
    ended = ties[mask_before & ~mask_after][TIE_COLUMNS].reset_index(drop=True)

    dyads_before = aggregate_dyads(ties[mask_before])
    dyads_after = aggregate_dyads(ties[mask_after])
    merged = dyads_before[["source", "target", "net", "sign", "types"]].merge(
        dyads_after[["source", "target", "net", "sign", "types"]],
        on=["source", "target"], how="outer", suffixes=("_before", "_after"),
    )
    for column in ("net_before", "net_after"):
        merged[column] = merged[column].astype(float).fillna(0.0)
    for column in ("sign_before", "sign_after"):
        merged[column] = merged[column].fillna(0).astype(int)
    sign_changed = merged[
        (merged["sign_before"] != 0) & (merged["sign_after"] != 0)
        & (merged["sign_before"] != merged["sign_after"])
    ].reset_index(drop=True)
    weight_changed = merged[
        ((merged["net_before"] - merged["net_after"]).abs() > 1e-9)
    ].assign(change=lambda frame: frame["net_after"] - frame["net_before"])
    weight_changed = weight_changed.reindex(
        weight_changed["change"].abs().sort_values(ascending=False).index
    ).reset_index(drop=True)

    def metrics_in(window: Window, dyads: pd.DataFrame) -> pd.DataFrame:
        countries = list(active_countries(dataset.countries, window)["id"])
        return compute_metrics(countries, dyads)[0]

    first = metrics_in(before, dyads_before)
    second = metrics_in(after, dyads_after)
    numeric = [column for column in METRIC_COLUMNS if column != "community"]
    deltas = first[numeric].add_suffix("_before").join(
        second[numeric].add_suffix("_after"), how="outer"
    ).fillna(0.0)
    for column in numeric:
        deltas[f"{column}_delta"] = deltas[f"{column}_after"] - deltas[f"{column}_before"]
    deltas = deltas.reindex(
        deltas["strength_delta"].abs().sort_values(ascending=False, kind="stable").index
    )
    return {
        "formed": formed,
        "ended": ended,
        "sign_changed": sign_changed,
        "weight_changed": weight_changed,
        "metric_deltas": deltas,
    }
