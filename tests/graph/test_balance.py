"""Structural balance: "the enemy of my enemy is my friend", counted over signed triangles."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from graph.balance import structural_balance
from graph.temporal import Window, active_ties, aggregate_dyads


def signed(*edges: tuple[str, str, int]) -> pd.DataFrame:
    return pd.DataFrame(list(edges), columns=["source", "target", "sign"])


@pytest.mark.parametrize(
    ("signs", "balanced", "kind"),
    [
        ((1, 1, 1), True, "+++ friends of friends"),
        ((1, -1, -1), True, "+-- the enemy of my enemy is my friend"),
        ((-1, 1, -1), True, "+-- the enemy of my enemy is my friend"),
        ((1, 1, -1), False, "++- two partners hostile to each other"),
        ((-1, 1, 1), False, "++- two partners hostile to each other"),
        ((-1, -1, -1), False, "--- three mutual enemies"),
    ],
    ids=[
        "friends",
        "common-enemy",
        "common-enemy-rotated",
        "partners-hostile",
        "partners-hostile-rotated",
        "three-enemies",
    ],
)
def test_the_four_kinds_of_triad(signs, balanced, kind):
    ab, ac, bc = signs
    # Written in scrambled order and direction: the triad is read per sorted pair.
    summary = structural_balance(signed(("C", "B", bc), ("A", "C", ac), ("B", "A", ab)))
    assert summary["triangles"] == 1
    assert summary["balanced"] == int(balanced)
    assert summary["unbalanced"] == int(not balanced)
    assert summary["ratio"] == (1.0 if balanced else 0.0)
    (triad,) = summary["triads"]
    assert triad["countries"] == ("A", "B", "C")
    assert triad["signs"] == signs
    assert triad["balanced"] is balanced
    assert triad["kind"] == kind


@pytest.mark.parametrize(
    "edges",
    [
        [],
        [("A", "B", 1), ("B", "C", -1)],
        [("A", "B", 1), ("B", "C", 1), ("C", "D", 1), ("D", "A", -1)],
        [("A", "B", 1), ("B", "C", -1), ("A", "C", 0)],
        [("A", "B", 0), ("B", "C", 0), ("A", "C", 0), ("C", "D", 1)],
    ],
    ids=[
        "no-dyads",
        "open-path",
        "square-without-diagonal",
        "one-side-cancels",
        "all-sides-cancel",
    ],
)
def test_no_signed_triangle_means_no_ratio(edges):
    summary = structural_balance(signed(*edges))
    assert summary == {"triangles": 0, "balanced": 0, "unbalanced": 0, "ratio": None, "triads": []}


def test_zero_sign_dyads_are_left_out_of_a_larger_count():
    # K4 on A..D; A-D cancels (sign 0), so only the triangles ABC and BCD count.
    edges = [
        ("A", "B", 1),
        ("A", "C", 1),
        ("B", "C", -1),
        ("B", "D", -1),
        ("C", "D", -1),
        ("A", "D", 0),
    ]
    summary = structural_balance(signed(*edges))
    assert [t["countries"] for t in summary["triads"]] == [("A", "B", "C"), ("B", "C", "D")]
    assert (summary["balanced"], summary["unbalanced"]) == (0, 2)


def test_counts_and_ratio_over_several_triangles():
    # K4 with one hostile dyad A-B: ABC and ABD are ++-, ACD and BCD are +++.
    edges = [
        ("A", "B", -1),
        ("A", "C", 1),
        ("A", "D", 1),
        ("B", "C", 1),
        ("B", "D", 1),
        ("C", "D", 1),
    ]
    summary = structural_balance(signed(*edges))
    assert (summary["triangles"], summary["balanced"], summary["unbalanced"]) == (4, 2, 2)
    assert summary["ratio"] == 0.5
    # unbalanced triads come first, for the reader looking for tension
    assert [t["balanced"] for t in summary["triads"]] == [False, False, True, True]
    assert [t["countries"] for t in summary["triads"][:2]] == [("A", "B", "C"), ("A", "B", "D")]


def test_balance_of_the_tiny_story_in_2024(tiny):
    ties = active_ties(tiny.ties, Window.month(dt.date(2024, 4, 1)))
    summary = structural_balance(aggregate_dyads(ties))
    # Iran-Hezbollah partners, Israel hostile to both: the enemy of my enemy is my friend.
    assert summary["triangles"] == 1
    (triad,) = summary["triads"]
    assert triad["countries"] == ("HZB", "IRN", "ISR")
    assert triad["signs"] == (1, -1, -1)
    assert triad["balanced"] is True
