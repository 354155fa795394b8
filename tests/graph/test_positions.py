"""Node positions: capitals on the map, a signed force layout that moves with time, grouped
circles."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from graph.positions import (
    RING,
    circle_positions,
    map_positions,
    ring_positions,
    signed_layouts,
)


def radius(point: tuple[float, float]) -> float:
    return math.hypot(*point)


def angle(point: tuple[float, float]) -> float:
    return math.atan2(point[1], point[0]) % (2 * math.pi)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([("IRN", 35.69, 51.39)], {"IRN": (51.39, 35.69)}),
        ([("IRN", 35.69, 51.39), ("XXX", None, None)], {"IRN": (51.39, 35.69)}),
        ([("USA", 38.9, -77.04), ("HZB", 33.85, None)], {"USA": (-77.04, 38.9)}),
        ([], {}),
    ],
    ids=["lon-then-lat", "no-coordinates", "half-coordinates", "none"],
)
def test_map_positions_are_capitals(rows, expected):
    frame = pd.DataFrame(rows, columns=["id", "lat", "lon"])
    assert map_positions(frame) == expected


COUNTRIES = ["H", "a", "b", "c", "d", "e", "X", "Y", "Z"]
ROW = {country: row for row, country in enumerate(COUNTRIES)}


def snapshot(*edges: tuple[str, str, float]) -> tuple[np.ndarray, np.ndarray]:
    """(edges as row pairs, net weights) as ``signed_layouts`` takes them."""
    pairs = np.array([(ROW[a], ROW[b]) for a, b, _ in edges], dtype=np.int64).reshape(-1, 2)
    return pairs, np.array([net for *_, net in edges], dtype=float)


# Two camps: H, a, b allied; c, d allied; each camp hostile to the other; e a friend of c.
CAMPS = snapshot(("H", "a", 1.0), ("H", "b", 0.8), ("a", "b", 0.9), ("c", "d", 1.0),
                 ("c", "e", 0.5), ("H", "c", -1.0), ("a", "d", -0.8), ("b", "c", -0.6))


def distance(points: np.ndarray, a: str, b: str) -> float:
    return float(np.hypot(*(points[ROW[a]] - points[ROW[b]])))


def test_signed_layout_is_reproducible_and_complete():
    first = signed_layouts(COUNTRIES, [CAMPS])
    again = signed_layouts(COUNTRIES, [CAMPS])
    assert np.array_equal(first[0], again[0])
    assert first[0].shape == (len(COUNTRIES), 2)
    assert np.isfinite(first[0]).all()


@pytest.mark.parametrize(
    ("near", "far"),
    [(("H", "a"), ("H", "c")), (("c", "d"), ("a", "d")), (("a", "b"), ("b", "c"))],
    ids=["hub-ally-vs-enemy", "camp-two", "camp-one"],
)
def test_allies_sit_together_and_enemies_apart(near, far):
    (points,) = signed_layouts(COUNTRIES, [CAMPS])
    assert distance(points, *far) > 1.5 * distance(points, *near)


def test_countries_without_ties_wait_on_the_ring_in_alphabetical_order():
    (points,) = signed_layouts(COUNTRIES, [CAMPS])
    ring = ring_positions(COUNTRIES)
    for loner in "XYZ":
        assert tuple(points[ROW[loner]]) == pytest.approx(ring[loner])
    assert max(radius(tuple(points[ROW[node]])) for node in "Habcde") < RING


def test_without_ties_everyone_is_on_the_ring():
    points = ring_positions(["B", "A"])
    assert radius(points["A"]) == pytest.approx(radius(points["B"])) == pytest.approx(RING)
    assert (angle(points["A"]), angle(points["B"])) == pytest.approx((0, math.pi))


def test_nothing_moves_when_nothing_changed():
    layouts = signed_layouts(COUNTRIES, [CAMPS, CAMPS, CAMPS])
    assert np.array_equal(layouts[0], layouts[1])
    assert np.array_equal(layouts[1], layouts[2])


def test_a_defector_drifts_to_its_new_camp_as_its_ties_deepen_and_never_jumps():
    def defection(strength: float) -> tuple[np.ndarray, np.ndarray]:
        # b turns: hostile to its old allies, more and more allied to c, month by month.
        return snapshot(("H", "a", 1.0), ("a", "b", -strength), ("H", "b", -strength),
                        ("c", "d", 1.0), ("c", "e", 0.5), ("H", "c", -1.0), ("a", "d", -0.8),
                        ("b", "c", strength))

    months = [CAMPS] + [defection(0.1 * step) for step in range(1, 11)]
    layouts = signed_layouts(COUNTRIES, months)
    steps = [float(np.hypot(*(later - earlier).T).max())
             for earlier, later in itertools.pairwise(layouts)]
    # The drawing is the unit disc: no month moves a country by more than a few per cent.
    assert max(steps) <= 0.15
    assert distance(layouts[0], "b", "c") > distance(layouts[0], "b", "H")
    assert distance(layouts[-1], "b", "c") < distance(layouts[-1], "b", "H")


def test_circle_groups_are_contiguous_arcs_largest_first():
    nodes = ["IRN", "RUS", "BLR", "USA", "GBR", "ISR", "UKR"]
    groups = {"IRN": 1, "RUS": 1, "BLR": 1, "USA": 0, "GBR": 0, "UKR": 0, "ISR": 2}
    names = {
        "IRN": "Iran",
        "RUS": "Russia",
        "BLR": "Belarus",
        "USA": "United States",
        "GBR": "United Kingdom",
        "UKR": "Ukraine",
        "ISR": "Israel",
    }
    positions = circle_positions(nodes, groups, names)
    assert all(radius(point) == pytest.approx(1) for point in positions.values())
    order = sorted(positions, key=lambda node: angle(positions[node]))
    # groups 0 and 1 are both of three: ties go to the smaller group key; by name within
    assert order == ["UKR", "GBR", "USA", "BLR", "IRN", "RUS", "ISR"]
    # 7 nodes and 3 gaps: 10 slots, a free slot after each group
    step = 2 * math.pi / 10
    assert angle(positions["UKR"]) == pytest.approx(0)
    assert angle(positions["BLR"]) - angle(positions["USA"]) == pytest.approx(2 * step)
    assert angle(positions["IRN"]) - angle(positions["BLR"]) == pytest.approx(step)


def test_one_group_has_no_gap():
    positions = circle_positions(["A", "B", "C", "D"], {})
    assert sorted(round(angle(p) / (math.pi / 2)) for p in positions.values()) == [0, 1, 2, 3]
