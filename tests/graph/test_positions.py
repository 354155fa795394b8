"""Node positions: capitals on the map, one force layout for all time, grouped circles."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from graph.positions import circle_positions, force_positions, map_positions


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


def dyads(*edges: tuple[str, str, float]) -> pd.DataFrame:
    return pd.DataFrame(list(edges), columns=["source", "target", "weight"])


STAR = dyads(("H", "a", 1.0), ("H", "b", 0.5), ("H", "c", 0.2), ("a", "b", 0.9), ("c", "d", 0.4))
NODES = ["H", "a", "b", "c", "d", "Z", "Y", "X"]


def test_force_layout_is_reproducible_and_complete():
    first = force_positions(NODES, STAR)
    assert first == force_positions(NODES, STAR)
    assert set(first) == set(NODES)
    assert all(np.isfinite(value) for point in first.values() for value in point)


def test_force_layout_keeps_tied_countries_in_the_disc_and_loners_outside():
    positions = force_positions(NODES, STAR)
    tied = [radius(positions[node]) for node in "Habcd"]
    loners = [radius(positions[node]) for node in "XYZ"]
    assert max(tied) <= 1 + 1e-9
    assert min(loners) > max(tied)
    assert max(loners) - min(loners) < 1e-9  # one ring
    # loners go round the ring alphabetically from angle 0
    assert [angle(positions[node]) for node in "XYZ"] == sorted(
        angle(positions[node]) for node in "XYZ"
    )
    assert angle(positions["X"]) == pytest.approx(0)


def test_parallel_rows_count_with_their_strongest_weight():
    repeated = pd.concat([STAR, dyads(("H", "a", 0.1), ("c", "d", 0.05))], ignore_index=True)
    assert force_positions(NODES, repeated) == force_positions(NODES, STAR)


def test_without_ties_everyone_is_on_the_ring():
    positions = force_positions(["B", "A"], dyads())
    assert radius(positions["A"]) > 1
    assert radius(positions["A"]) == pytest.approx(radius(positions["B"]))
    assert (angle(positions["A"]), angle(positions["B"])) == pytest.approx((0, math.pi))


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
