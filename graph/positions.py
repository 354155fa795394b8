"""Node positions for the three layouts: map (capitals), force (a signed layout that moves
with time) and circle (grouped).

Force positions come from a signed spring model (:func:`signed_layout_step`): cooperation
attracts, hostility repels, so allies sit together and enemies apart. They are computed with
the timeline, one layout per distinct snapshot, each started from the previous one and
anchored to it (:func:`signed_layouts`), so a country drifts as its alignments change (Finland
and Sweden toward NATO) but never jumps, and nothing moves when nothing changed. Countries
without ties wait on an outer ring in alphabetical order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "circle_positions", "map_positions", "ring_positions", "signed_layout_step",
    "signed_layouts",
]

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


#: The signed force model (see :func:`signed_layout_step`), in the model's own units; the
#: result is scaled once for the whole timeline to the unit disc (:func:`_normalised`), with
#: countries that never had a tie on a ring at 1.15.
REPULSION = 0.0006
ATTRACTION = 1.0
HOSTILE_REACH = 0.8
HOSTILITY = 2.0
GRAVITY = 0.08
ANCHOR = 0.05
FIRST_ITERATIONS = 400
STEP_ITERATIONS = 20
FIRST_STEP_LIMIT = 0.012
STEP_LIMIT = 0.007
RING = 1.15
SCALE_PERCENTILE = 75
DISC = 1.1


def ring_positions(nodes: Sequence[str]) -> Positions:
    """Countries on the outer ring, in alphabetical order: where a country without ties waits.

    >>> ring_positions(["B", "A"])["A"]
    (1.15, 0.0)
    """
    ordered = sorted(nodes)
    return {
        node: (RING * math.cos(2 * math.pi * position / max(len(ordered), 1)),
               RING * math.sin(2 * math.pi * position / max(len(ordered), 1)))
        for position, node in enumerate(ordered)
    }


def signed_layout_step(
    points: np.ndarray,
    edges: np.ndarray,
    net: np.ndarray,
    tied: np.ndarray,
    *,
    iterations: int,
    step_limit: float,
    anchored: bool,
) -> np.ndarray:
    """Move the ``tied`` rows of ``points`` under the signed force model; others stay.

    The model (a Fruchterman & Reingold 1991 spring embedder made signed, as in the signed
    spring layouts of Kunegis et al. 2010, "Spectral analysis of signed graphs for
    clustering, prediction and visualization"): every pair of tied countries repels weakly
    (``REPULSION / d``), a cooperative dyad attracts with its net weight (``ATTRACTION * w *
    d``), a hostile dyad repels with its net weight until the two are ``HOSTILE_REACH`` apart
    (``HOSTILITY * |w| * (reach - d)``), a weak gravity keeps the drawing round, and with
    ``anchored`` each country is held to where it stood (``ANCHOR``), so the layout of a month
    is the previous month's, moved only as far as the change in ties asks. No step moves a
    country by more than ``step_limit``; the limit decreases linearly to zero (cooling).
    """
    moved = points.copy()
    if not tied.any():
        return moved
    index = np.flatnonzero(tied)
    count = len(index)
    local = -np.ones(len(points), dtype=np.int64)
    local[index] = np.arange(count)
    # Complex numbers for 2-D points: a third of the array operations of (x, y) pairs.
    start = moved[index, 0] + 1j * moved[index, 1]
    current = start.copy()
    first, second = local[edges[:, 0]], local[edges[:, 1]]
    weight = np.where(net > 0, -ATTRACTION * net, HOSTILITY * -net)
    hostile = net < 0
    for iteration in range(iterations):
        delta = current[:, None] - current[None, :]
        squared = delta.real**2 + delta.imag**2 + 1e-8
        force = REPULSION * (delta / squared).sum(axis=1)
        edge_delta = current[first] - current[second]
        distance = np.abs(edge_delta) + 1e-9
        # Cooperation pulls in proportion to the distance; hostility pushes until the reach.
        magnitude = weight * np.where(hostile, np.maximum(HOSTILE_REACH - distance, 0.0),
                                      distance)
        along = (magnitude / distance) * edge_delta
        force += (np.bincount(first, along.real, count) - np.bincount(second, along.real, count)
                  + 1j * (np.bincount(first, along.imag, count)
                          - np.bincount(second, along.imag, count)))
        force -= GRAVITY * current
        if anchored:
            force -= ANCHOR * (current - start)
        length = np.abs(force) + 1e-12
        limit = step_limit * (1 - iteration / iterations)
        current += force * (np.minimum(length, limit) / length)
    moved[index, 0] = current.real
    moved[index, 1] = current.imag
    return moved


def signed_layouts(
    countries: Sequence[str],
    snapshots: Sequence[tuple[np.ndarray, np.ndarray]],
    *,
    seed: int = FORCE_SEED,
) -> list[np.ndarray]:
    """Positions of ``countries`` (rows) for each snapshot, in time order.

    Each snapshot is ``(edges, net)``: pairs of row numbers and the dyad's net weight
    (cooperation minus hostility). The first snapshot is laid out from a seeded random start;
    every later one starts from its predecessor, anchored, and moves at most
    ``STEP_LIMIT * (STEP_ITERATIONS + 1) / 2`` model units per country, so the drawing drifts
    as alignments change but never jumps. A country without ties stays where it was (on the
    outer ring until its first tie). Two equal consecutive snapshots give equal positions.

    >>> edges = np.array([[0, 1], [1, 2]])
    >>> first, = signed_layouts(["A", "B", "C"], [(edges, np.array([1.0, -1.0]))])
    >>> ally, enemy = (float(np.hypot(*(first[0] - first[1]))),
    ...                float(np.hypot(*(first[1] - first[2]))))
    >>> enemy > 1.5 * ally
    True
    """
    ring = ring_positions(countries)
    points = np.array([ring[country] for country in countries], dtype=float)
    generator = np.random.default_rng(seed)
    layouts: list[np.ndarray] = []
    ever_tied: list[np.ndarray] = []
    previous_key: bytes | None = None
    laid_out = np.zeros(len(countries), dtype=bool)
    for edges, net in snapshots:
        key = edges.tobytes() + net.tobytes()
        if key == previous_key:
            layouts.append(layouts[-1])
            ever_tied.append(ever_tied[-1])
            continue
        tied = np.zeros(len(countries), dtype=bool)
        live = net != 0
        tied[edges[live].ravel()] = True
        if not laid_out.any() and tied.any():
            # The first drawing: a seeded random start in the disc, then a full annealing.
            count = int(tied.sum())
            angles = generator.uniform(0, 2 * math.pi, count)
            radii = 0.8 * np.sqrt(generator.uniform(0, 1, count))
            points[tied] = np.column_stack([radii * np.cos(angles), radii * np.sin(angles)])
            points = signed_layout_step(points, edges[live], net[live], tied,
                                        iterations=FIRST_ITERATIONS, step_limit=FIRST_STEP_LIMIT,
                                        anchored=False)
        elif tied.any():
            points = signed_layout_step(points, edges[live], net[live], tied,
                                        iterations=STEP_ITERATIONS, step_limit=STEP_LIMIT,
                                        anchored=True)
        laid_out |= tied
        layouts.append(points.copy())
        ever_tied.append(laid_out.copy())
        previous_key = key
    return _normalised(layouts, ever_tied, ring, countries)


def _normalised(layouts: list[np.ndarray], ever_tied: list[np.ndarray], ring: Positions,
                countries: Sequence[str]) -> list[np.ndarray]:
    """Every month scaled by one constant, so that the countries with ties fill the unit disc
    whatever the dataset (three quarters of them within radius ``DISC * tanh(1 / DISC)``,
    the rest squashed radially toward the rim at ``DISC``); a
    country that never had a tie yet waits on the ring. One constant for the whole timeline
    keeps every movement as it was."""
    radii = [np.hypot(*points[tied].T) for points, tied in zip(layouts, ever_tied, strict=True)
             if tied.any()]
    if not radii:
        return layouts
    scale = float(np.percentile(np.concatenate(radii), SCALE_PERCENTILE)) or 1.0
    waiting = np.array([ring[country] for country in countries], dtype=float)
    result: list[np.ndarray] = []
    for points, tied in zip(layouts, ever_tied, strict=True):
        if result and points is layouts[len(result) - 1]:
            result.append(result[-1])
            continue
        scaled_points = points / scale
        radius = np.hypot(*scaled_points.T)
        # A radial squash, the same for every month: the core keeps its shape, the few
        # countries pushed far out by their enemies are drawn near the rim, not off the page.
        squashed = DISC * np.tanh(radius / DISC)
        factor = np.where(radius > 0, squashed / np.where(radius > 0, radius, 1), 1.0)
        scaled = np.where(tied[:, None], scaled_points * factor[:, None], waiting)
        result.append(scaled)
    return result


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
