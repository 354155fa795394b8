"""Node positions for the three layouts: map (capitals), force (one layout of the union graph,
so nothing moves while the timeline plays) and circle (grouped).

Force positions are computed once for the whole timeline on the union of every tie ever
active, weighted by the strongest weight each dyad reaches: a country keeps its place from
one month to the next, and its place reflects all of its history. Countries that never have
a tie are set on an outer ring in alphabetical order so they neither crowd nor hide the graph.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import networkx as nx
import numpy as np
import pandas as pd

__all__ = ["circle_positions", "force_positions", "map_positions"]

Positions = dict[str, tuple[float, float]]
FORCE_SEED = 7


def map_positions(countries: pd.DataFrame) -> Positions:
    """(lon, lat) of each country's capital; countries without coordinates are left out.

    >>> frame = pd.DataFrame({"id": ["IRN", "XXX"], "lat": [35.69, None], "lon": [51.39, None]})
    >>> map_positions(frame)
    {'IRN': (51.39, 35.69)}
    """
    located = countries.dropna(subset=["lat", "lon"])
    return {
        str(country): (float(lon), float(lat))
        for country, lat, lon in zip(located["id"], located["lat"], located["lon"], strict=True)
    }


def force_positions(nodes: Sequence[str], dyads: pd.DataFrame, *, seed: int = FORCE_SEED
                    ) -> Positions:
    """A spring layout of the union graph within the unit disc; isolated nodes on a ring.

    ``dyads`` holds ``source``, ``target`` and ``weight`` (several rows per pair are reduced to
    their largest weight). The same input always gives the same positions.

    >>> dyads = pd.DataFrame({"source": ["A"], "target": ["B"], "weight": [1.0]})
    >>> positions = force_positions(["A", "B", "C"], dyads)
    >>> sorted(positions), positions == force_positions(["A", "B", "C"], dyads)
    (['A', 'B', 'C'], True)
    """
    graph = nx.Graph()
    strongest = (
        dyads.groupby(["source", "target"])["weight"].max().reset_index()
        if not dyads.empty else dyads
    )
    for source, target, weight in strongest[["source", "target", "weight"]].itertuples(
        index=False
    ):
        graph.add_edge(source, target, weight=float(weight))
    positions: Positions = {}
    if graph.number_of_nodes():
        # k a little above 1/sqrt(n) spreads the dense core of a world network legibly.
        k = 1.6 / math.sqrt(graph.number_of_nodes())
        layout = nx.spring_layout(graph, k=k, weight="weight", seed=seed, iterations=200)
        coordinates = np.array(list(layout.values()))
        offsets = coordinates - coordinates.mean(axis=0)
        radii = np.hypot(offsets[:, 0], offsets[:, 1])
        # A spring layout of a core-periphery network packs the core into a small disc and
        # leaves the rim empty; mapping each radius to its rank spreads the nodes over the
        # whole disc while keeping every node's direction and the order of distances.
        ranks = np.argsort(np.argsort(radii, kind="stable"), kind="stable")
        spread = 0.08 + 0.92 * np.sqrt((ranks + 1) / len(radii))
        scale = np.where(radii > 0, spread / np.where(radii > 0, radii, 1), 0)
        for node, (x, y) in zip(layout, offsets * scale[:, None], strict=True):
            positions[str(node)] = (float(x), float(y))
    loners = sorted(node for node in nodes if node not in positions)
    for position, node in enumerate(loners):
        angle = 2 * math.pi * position / max(len(loners), 1)
        positions[node] = (1.15 * math.cos(angle), 1.15 * math.sin(angle))
    return positions


def circle_positions(nodes: Sequence[str], groups: Mapping[str, object],
                     names: Mapping[str, str] | None = None) -> Positions:
    """Nodes on a circle, each group a contiguous arc, a gap between groups.

    Groups are ordered by size (largest first), nodes within a group by name.

    >>> positions = circle_positions(["A", "B", "C"], {"A": 1, "B": 0, "C": 1})
    >>> [round(value, 3) for value in positions["A"]]
    [1.0, 0.0]
    """
    label = names or {}
    members: dict[object, list[str]] = {}
    for node in nodes:
        members.setdefault(groups.get(node, ""), []).append(node)
    ordered = sorted(members.items(), key=lambda item: (-len(item[1]), str(item[0])))
    gap = 1 if len(ordered) > 1 else 0
    slots = len(nodes) + gap * len(ordered)
    positions: Positions = {}
    slot = 0
    for _, group in ordered:
        for node in sorted(group, key=lambda item: (label.get(item, item), item)):
            angle = 2 * math.pi * slot / max(slots, 1)
            positions[node] = (math.cos(angle), math.sin(angle))
            slot += 1
        slot += gap
    return positions
