"""Polarisation: how divided a snapshot is, measured against its blocs.

Three numbers per snapshot, each with its method:

- **frustration** of the bloc partition: the weight of the ties that contradict it (hostility
  inside a bloc plus cooperation across blocs) as a share of all tie weight. 0 means every
  tie agrees with the blocs ("clusterable" in the sense of Davis 1967); it is the k-way
  frustration of Doreian & Mrvar (1996) with equal penalties, normalised by total weight.
- **blocs holding 80%** of the countries with ties: 1 for a world gathered in one camp, a
  handful for a world of camps, many for a fragmented one.
- **two-camp frustration**: the same share for the best split of the countries into two
  camps, as the frustration index of Aref & Wilson (2018, "Measuring partial balance in
  signed networks", J. Complex Networks 6) defines it for weighted signed graphs. Finding the
  best split is NP-hard; a greedy local search from several starts (the partition's own
  camps, the camps of the most entangled country's friends and enemies, and seeded random
  splits) finds a split at least as frustrated as the best one, so the figure is an **upper
  bound** on the index. It is high when the world does not fall into two camps.

A pair of countries can be both cooperative and hostile (Russia and Iran in 2025): its
cooperation counts against any split that separates them, its hostility against any bloc
that holds both.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["blocs_holding", "partition_frustration", "polarisation", "two_camp_frustration"]

POLARISATION_SEED = 1991
RANDOM_STARTS = 4


def partition_frustration(
    edges: Sequence[tuple[int, int]],
    cooperation: Sequence[float] | np.ndarray,
    hostility: Sequence[float] | np.ndarray,
    membership: Sequence[int],
) -> float:
    """Share of tie weight that contradicts ``membership`` (0 when there is no tie).

    >>> partition_frustration([(0, 1), (1, 2)], [1.0, 0.0], [0.0, 1.0], [0, 0, 1])
    0.0
    >>> partition_frustration([(0, 1), (1, 2)], [1.0, 0.0], [0.0, 1.0], [0, 1, 1])
    1.0
    """
    if not len(edges):
        return 0.0
    labels = np.asarray(membership)
    pairs = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    same = labels[pairs[:, 0]] == labels[pairs[:, 1]]
    positive = np.asarray(cooperation, dtype=float)
    negative = np.asarray(hostility, dtype=float)
    total = float(positive.sum() + negative.sum())
    if total <= 0:
        return 0.0
    return float((negative[same].sum() + positive[~same].sum()) / total)


def blocs_holding(membership: Sequence[int], share: float = 0.8) -> int:
    """How many blocs, largest first, hold ``share`` of the labelled countries (label >= 0).

    >>> blocs_holding([0, 0, 0, 0, 1, 2, -1])
    2
    >>> blocs_holding([-1, -1])
    0
    """
    labels = np.asarray(membership)
    labels = labels[labels >= 0]
    if not len(labels):
        return 0
    sizes = np.sort(np.bincount(labels))[::-1]
    return int(np.searchsorted(np.cumsum(sizes), share * len(labels) - 1e-9) + 1)


def _signed_matrix(n: int, edges: Sequence[tuple[int, int]], cooperation: np.ndarray,
                   hostility: np.ndarray) -> np.ndarray:
    matrix = np.zeros((n, n))
    pairs = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    net = cooperation - hostility
    np.add.at(matrix, (pairs[:, 0], pairs[:, 1]), net)
    np.add.at(matrix, (pairs[:, 1], pairs[:, 0]), net)
    return matrix


def _greedy(matrix: np.ndarray, sides: np.ndarray) -> np.ndarray:
    """Flip the country whose flip removes the most frustration until no flip helps."""
    sides = sides.copy()
    field = matrix @ sides
    for _ in range(10 * len(sides)):
        # Flipping i changes the agreement sum(W * s s') by -4 s_i (W s)_i.
        gain = -sides * field
        best = int(np.argmax(gain))
        if gain[best] <= 1e-12:
            break
        sides[best] = -sides[best]
        field += 2 * sides[best] * matrix[:, best]
    return sides


def two_camp_frustration(
    n: int,
    edges: Sequence[tuple[int, int]],
    cooperation: Sequence[float] | np.ndarray,
    hostility: Sequence[float] | np.ndarray,
    membership: Sequence[int] | None = None,
    *,
    seed: int = POLARISATION_SEED,
) -> float:
    """Share of tie weight frustrated by the best two-camp split found (an upper bound on the
    Aref & Wilson frustration index, see the module docstring).

    A triangle of mutual enemies cannot be split into two camps without one frustrated tie:

    >>> round(two_camp_frustration(3, [(0, 1), (0, 2), (1, 2)], [0, 0, 0], [1, 1, 1]), 3)
    0.333
    """
    positive = np.asarray(cooperation, dtype=float)
    negative = np.asarray(hostility, dtype=float)
    total = float(positive.sum() + negative.sum())
    if not len(edges) or total <= 0:
        return 0.0
    matrix = _signed_matrix(n, edges, positive, negative)
    starts = [np.ones(n)]
    if membership is not None:
        labels = np.asarray(membership)
        largest = np.bincount(labels[labels >= 0]).argmax() if (labels >= 0).any() else -1
        starts.append(np.where(labels == largest, 1.0, -1.0))
    # Each country on the side of the sign of its net ties to the best-tied country's camp.
    anchor = int(np.abs(matrix).sum(axis=1).argmax())
    starts.append(np.where(matrix[anchor] < 0, -1.0, 1.0))
    generator = np.random.default_rng(seed)
    starts.extend(generator.choice([-1.0, 1.0], size=n) for _ in range(RANDOM_STARTS))
    best = min(
        partition_frustration(edges, positive, negative, _greedy(matrix, start).tolist())
        for start in starts
    )
    return float(best)


def polarisation(
    n: int,
    edges: Sequence[tuple[int, int]],
    cooperation: Sequence[float] | np.ndarray,
    hostility: Sequence[float] | np.ndarray,
    membership: Sequence[int],
) -> dict[str, float]:
    """The three measures of the module docstring, by name.

    >>> polarisation(3, [(0, 1), (1, 2)], [1.0, 0.0], [0.0, 1.0], [0, 0, 1])
    {'frustration': 0.0, 'blocs_80': 2, 'two_camp_frustration': 0.0}
    """
    return {
        "frustration": partition_frustration(edges, cooperation, hostility, membership),
        "blocs_80": blocs_holding(membership),
        "two_camp_frustration": two_camp_frustration(n, edges, cooperation, hostility,
                                                     membership),
    }
