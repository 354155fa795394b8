"""Structural balance of the signed snapshot (Heider): "the enemy of my enemy is my friend".

A triangle is balanced when the product of its three signs is positive (+++ or +--), and
unbalanced otherwise (++- : two partners of one country hostile to each other; ---). Dyads
whose cooperation and hostility cancel (sign 0) carry no sign, so triangles through them are
left out of the count.
"""

from __future__ import annotations

from typing import TypedDict

import igraph as ig
import pandas as pd

__all__ = ["BalanceSummary", "Triad", "structural_balance"]


class Triad(TypedDict):
    countries: tuple[str, str, str]
    signs: tuple[int, int, int]
    balanced: bool
    kind: str


class BalanceSummary(TypedDict):
    triangles: int
    balanced: int
    unbalanced: int
    ratio: float | None
    triads: list[Triad]


_KINDS = {
    3: "+++ friends of friends",
    1: "++- two partners hostile to each other",
    -1: "+-- the enemy of my enemy is my friend",
    -3: "--- three mutual enemies",
}


def structural_balance(dyads: pd.DataFrame) -> BalanceSummary:
    """Count balanced and unbalanced triangles and list every triad.

    ``ratio`` is balanced / all signed triangles, None when there is no triangle. Each triad's
    countries are sorted; its signs are those of (a-b, a-c, b-c).

    >>> dyads = pd.DataFrame({"source": ["A", "A", "B"], "target": ["B", "C", "C"],
    ...                       "sign": [1, 1, -1]})
    >>> summary = structural_balance(dyads)
    >>> summary["unbalanced"], summary["ratio"], summary["triads"][0]["kind"]
    (1, 0.0, '++- two partners hostile to each other')
    """
    signed = dyads[dyads["sign"] != 0]
    empty: BalanceSummary = {
        "triangles": 0, "balanced": 0, "unbalanced": 0, "ratio": None, "triads": []
    }
    if len(signed) < 3:
        return empty
    nodes = sorted(set(signed["source"]) | set(signed["target"]))
    index = {node: position for position, node in enumerate(nodes)}
    sign_of = {
        (min(a, b), max(a, b)): int(s)
        for a, b, s in zip(signed["source"], signed["target"], signed["sign"], strict=True)
    }
    graph = ig.Graph(
        n=len(nodes),
        edges=[(index[a], index[b]) for a, b in sign_of],
        directed=False,
    )
    triads: list[Triad] = []
    for triangle in graph.list_triangles():
        a, b, c = sorted(nodes[vertex] for vertex in triangle)
        signs = (sign_of[(a, b)], sign_of[(a, c)], sign_of[(b, c)])
        product = signs[0] * signs[1] * signs[2]
        triads.append(
            {
                "countries": (a, b, c),
                "signs": signs,
                "balanced": product > 0,
                "kind": _KINDS[sum(signs)],
            }
        )
    triads.sort(key=lambda triad: (triad["balanced"], triad["countries"]))
    balanced = sum(1 for triad in triads if triad["balanced"])
    total = len(triads)
    return {
        "triangles": total,
        "balanced": balanced,
        "unbalanced": total - balanced,
        "ratio": balanced / total if total else None,
        "triads": triads,
    }
