"""What changed between two dates: ties formed, ended, flipped in sign or changed in weight,
and the countries whose metrics moved most."""

from __future__ import annotations

from typing import TypedDict

import numpy as np
import pandas as pd

from graph.dataset import Dataset
from graph.memberships import bloc_members
from graph.metrics import METRIC_COLUMNS, compute_metrics
from graph.temporal import Window, active_countries, active_mask, aggregate_dyads
from graph.view import ViewFilter, filter_ties

__all__ = ["SnapshotDiff", "diff_snapshots", "dyad_changes"]

TIE_COLUMNS = ["id", "source", "target", "type", "sign", "weight", "start", "end", "confidence"]


class SnapshotDiff(TypedDict):
    formed: pd.DataFrame
    ended: pd.DataFrame
    sign_changed: pd.DataFrame
    weight_changed: pd.DataFrame
    metric_deltas: pd.DataFrame


def diff_snapshots(
    dataset: Dataset, before: Window, after: Window, filters: ViewFilter | None = None,
    *, metrics: tuple[pd.DataFrame, pd.DataFrame] | None = None,
) -> SnapshotDiff:
    """Compare the network in ``before`` with the network in ``after``, both seen through
    ``filters`` (a view's: the ties a reader filtered out neither form nor end).

    ``formed`` lists the ties (rows of ties.csv) that began after ``before`` and by the end of
    ``after``, with ``active_after`` saying whether they were still active then; ``ended`` the
    ties active in ``before`` that ended before ``after``; ``sign_changed`` and
    ``weight_changed`` list dyads with ``net_before`` and ``net_after``; ``metric_deltas`` has
    one row per country with ``<metric>_before``, ``<metric>_after`` and ``<metric>_delta``,
    sorted by the largest absolute change in strength. Given in reverse order, the two windows
    are compared in time order. ``metrics`` (before, after), when the caller has them (the
    page's timeline), spare computing them again.

    >>> import datetime as dt
    >>> from graph.example import example_dataset
    >>> change = diff_snapshots(example_dataset(), Window.on(dt.date(2024, 6, 1)),
    ...                         Window.on(dt.date(2025, 7, 1)))
    >>> sorted(change["formed"]["id"]), sorted(change["ended"]["id"])
    (['ex-rus-irn-friction', 'ex-rus-irn-treaty'], ['ex-irn-rus-drones'])
    >>> diff_snapshots(example_dataset(), Window.on(dt.date(2024, 6, 1)),
    ...     Window.on(dt.date(2025, 7, 1)), ViewFilter(sign=-1))["formed"]["id"].tolist()
    ['ex-rus-irn-friction']
    """
    swapped = after.first < before.first
    if swapped:
        # Compare in time order whichever way the dates were given.
        before, after = after, before
    ties = dataset.ties
    if filters is not None and filters != ViewFilter():
        # A bloc filter keeps the countries that were members at some day of either date.
        members = (bloc_members(dataset.memberships, filters.bloc, before)
                   | bloc_members(dataset.memberships, filters.bloc, after)
                   if filters.bloc else None)
        ids = dataset.countries["id"].to_numpy()
        ties = filter_ties(
            ties, filters, regions=pd.Series(dataset.countries["region"].to_numpy(), index=ids),
            subregions=pd.Series(dataset.countries["subregion"].to_numpy(), index=ids),
            members=members)
    mask_before = active_mask(ties, before)
    mask_after = active_mask(ties, after)
    starts = ties["start_day"].to_numpy()
    ends = ties["end_day"].to_numpy()
    # A tie that began and ended between the two dates changed the network too: it is listed
    # as formed (with active_after False), not hidden because neither snapshot shows it.
    began_between = (starts > before.last_day) & (starts <= after.last_day)
    stopped_between = (ends < after.first_day) & (ends >= before.first_day)
    formed = ties[~mask_before & (mask_after | began_between)][TIE_COLUMNS].assign(
        active_after=mask_after[~mask_before & (mask_after | began_between)]
    ).reset_index(drop=True)
    ended = ties[mask_before & ~mask_after & stopped_between][TIE_COLUMNS].reset_index(
        drop=True
    )

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

    if metrics is not None:
        first, second = metrics if not swapped else metrics[::-1]
    else:
        first = metrics_in(before, dyads_before)
        second = metrics_in(after, dyads_after)
    numeric = [column for column in METRIC_COLUMNS if column != "bloc"]
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


def dyad_changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """What changed between two sets of dyads (``graph.temporal.aggregate_dyads``): pairs
    that ``formed`` (no tie before), ``ended`` (no tie after) or ``flipped`` sign, the
    strongest change first, with ``net_before``, ``net_after`` and the types of either side.

    >>> one = pd.DataFrame({"source": ["A", "A"], "target": ["B", "C"], "net": [1.0, 0.5],
    ...                     "sign": [1, 1], "types": ["alliance", "friction"]})
    >>> two = pd.DataFrame({"source": ["A", "B"], "target": ["C", "D"], "net": [-0.4, 0.3],
    ...                     "sign": [-1, 1], "types": ["friction", "arms_transfer"]})
    >>> dyad_changes(one, two)[["source", "target", "change"]].values.tolist()
    [['A', 'B', 'ended'], ['A', 'C', 'flipped'], ['B', 'D', 'formed']]
    """
    columns = ["source", "target", "net", "sign", "types"]
    merged = before[columns].merge(after[columns], on=["source", "target"], how="outer",
                                   suffixes=("_before", "_after"), indicator=True)
    merged["change"] = np.select(
        [merged["_merge"] == "right_only", merged["_merge"] == "left_only",
         merged["sign_before"].fillna(0) * merged["sign_after"].fillna(0) < 0],
        ["formed", "ended", "flipped"], default="")
    changed = merged[merged["change"] != ""].copy()
    for column in ("net_before", "net_after"):
        changed[column] = changed[column].astype(float).fillna(0.0)
    changed["types"] = changed["types_after"].fillna(changed["types_before"]).fillna("")
    changed["size"] = (changed["net_after"] - changed["net_before"]).abs()
    changed = changed.sort_values(["size", "source", "target"], ascending=[False, True, True],
                                  kind="stable")
    return changed[["source", "target", "change", "net_before", "net_after", "types"]
                   ].reset_index(drop=True)
