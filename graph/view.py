"""Filters and focus of a view: the one definition the page, the exports and the command line
share, so a snapshot exported from the page shows exactly what the page showed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from graph.temporal import Window

__all__ = ["ViewFilter", "bloc_members", "ego_network", "filter_ties"]


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


def bloc_members(memberships: pd.DataFrame, bloc: str, window: Window) -> set[str]:
    """Countries that are members of ``bloc`` (status member) at some day of ``window``."""
    rows = memberships[
        (memberships["bloc"] == bloc)
        & (memberships["status"] == "member")
        & (memberships["start_day"] <= window.last_day)
        & (memberships["end_day"] >= window.first_day)
    ]
    return set(rows["country"])


def filter_ties(
    ties: pd.DataFrame,
    view: ViewFilter,
    *,
    regions: pd.Series | None = None,
    members: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Keep the ties that pass every filter of ``view``.

    ``regions`` maps country id to region (needed for a region filter); ``members`` is the
    bloc's membership at the date (needed for a bloc filter). A tie passes a region or bloc
    filter when both of its ends do.

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
        mask &= ties["source"].isin(allowed) & ties["target"].isin(allowed)
    if view.bloc and members is not None:
        member_set = set(members)
        mask &= ties["source"].isin(member_set) & ties["target"].isin(member_set)
    return ties[mask]


def ego_network(dyads: pd.DataFrame, focus: str, hops: int) -> set[str]:
    """The focus country and everyone within ``hops`` ties of it.

    >>> dyads = pd.DataFrame({"source": ["A", "B", "C"], "target": ["B", "C", "D"]})
    >>> sorted(ego_network(dyads, "A", 2))
    ['A', 'B', 'C']
    """
    graph = nx.from_pandas_edgelist(dyads, "source", "target")
    if focus not in graph:
        return {focus}
    return set(nx.single_source_shortest_path_length(graph, focus, cutoff=hops))
