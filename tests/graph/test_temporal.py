"""Which ties are active when, where the active set changes, and the aggregated dyads."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pandas as pd
import pytest

from graph.temporal import (
    DYAD_COLUMNS,
    Window,
    active_countries,
    active_ties,
    aggregate_dyads,
    change_points,
    data_span,
    directed_flows,
    group_sums,
    monthly_windows,
    snapshot_graph,
)

D = dt.date


def window(text: str) -> Window:
    """``2023-06-30`` is that day, ``2024-04`` that month, ``a..b`` the days from a to b."""
    if ".." in text:
        first, last = text.split("..")
        return Window(D.fromisoformat(first), D.fromisoformat(last))
    if len(text) == 7:
        return Window.month(D.fromisoformat(text + "-01"))
    return Window.on(D.fromisoformat(text))


def active_ids(dataset, when: str) -> set[str]:
    return set(active_ties(dataset.ties, window(when))["id"])


@pytest.mark.parametrize(
    ("tie", "when", "active"),
    [
        # start=2022-08, end=2022-12: the whole of both months
        ("t-irn-rus-arms-2022", "2022-07-31", False),
        ("t-irn-rus-arms-2022", "2022-08-01", True),
        ("t-irn-rus-arms-2022", "2022-12-31", True),
        ("t-irn-rus-arms-2022", "2023-01-01", False),
        # start=2023, end=2024: the whole of both years
        ("t-irn-rus-arms-2023", "2022-12-31", False),
        ("t-irn-rus-arms-2023", "2023-01-01", True),
        ("t-irn-rus-arms-2023", "2024-12-31", True),
        ("t-irn-rus-arms-2023", "2025-01-01", False),
        # start=2025-01-17, no end: in force from that day on
        ("t-rus-irn-treaty", "2025-01-16", False),
        ("t-rus-irn-treaty", "2025-01-17", True),
        ("t-rus-irn-treaty", "2099-01-01", True),
        # windows hold every tie active on at least one of their days
        ("t-irn-rus-arms-2022", "2022-07-15..2022-08-01", True),
        ("t-irn-rus-arms-2022", "2022-12-31..2023-02-01", True),
        ("t-irn-rus-arms-2022", "2023-01-01..2023-12-31", False),
        ("t-irn-rus-arms-2023", "2020-01-01..2030-01-01", True),
        # a one-day strike shows in its month, not on the days around it
        ("t-isr-irn-strike", "2024-04-18", False),
        ("t-isr-irn-strike", "2024-04-19", True),
        ("t-isr-irn-strike", "2024-04-20", False),
        ("t-isr-irn-strike", "2024-04", True),
        ("t-isr-irn-strike", "2024-03", False),
        ("t-isr-irn-strike", "2024-05", False),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_tie_is_active_on_the_widest_reading_of_its_dates(tiny, tie, when, active):
    assert (tie in active_ids(tiny, when)) is active


def test_active_set_at_a_date(tiny):
    assert active_ids(tiny, "2023-06-30") == {
        "t-irn-rus-arms-2023",
        "t-rus-blr-union",
        "t-rus-ukr-war",
        "t-usa-ukr-arms",
        "t-irn-hzb",
    }


@pytest.mark.parametrize(
    ("when", "present", "absent"),
    [
        ("1991-06-30", {"SUN", "IRN", "HZB"}, {"RUS", "BLR", "UKR"}),
        ("1991-12-25", {"SUN", "UKR"}, {"RUS"}),
        ("1991-12-26", {"SUN", "RUS"}, set()),
        ("1991-12", {"SUN", "RUS", "BLR"}, set()),
        ("1992-01-01", {"RUS", "BLR"}, {"SUN"}),
        ("1981-06-30", {"SUN", "IRN"}, {"HZB", "RUS"}),
    ],
    ids=[
        "before-rus",
        "eve-of-dissolution",
        "handover-day",
        "handover-month",
        "after-sun",
        "before-hezbollah",
    ],
)
def test_countries_exist_over_their_dates(tiny, when, present, absent):
    existing = set(active_countries(tiny.countries, window(when))["id"])
    assert present <= existing
    assert not absent & existing


def test_change_points_are_where_the_active_set_changes(tiny):
    points = change_points(tiny.ties)
    assert points == sorted(set(points))
    expected = {
        D(2022, 8, 1),
        D(2023, 1, 1),
        D(2024, 4, 19),
        D(2024, 4, 20),
        D(2025, 1, 17),
        D(2025, 6, 1),
        D(2024, 11, 28),
        D(2025, 1, 1),
    }
    assert expected <= set(points)
    for day in points:
        before = day - dt.timedelta(days=1)
        assert active_ids(tiny, day.isoformat()) != active_ids(tiny, before.isoformat())
    for first, following in itertools.pairwise(points):
        last = following - dt.timedelta(days=1)
        assert active_ids(tiny, first.isoformat()) == active_ids(tiny, last.isoformat())


def test_change_points_ignore_open_ends():
    ties = pd.DataFrame({"start_day": [10, 10, 30], "end_day": [19, 29, 39]})
    assert [day.toordinal() for day in change_points(ties)] == [10, 20, 30, 40]


# --- aggregation per dyad ---------------------------------------------------------------------


def ties_frame(*rows: tuple[str, str, str, int, float, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [(f"t{i}", *row) for i, row in enumerate(rows)],
        columns=["id", "source", "target", "type", "sign", "weight", "confidence"],
    )


@pytest.mark.parametrize(
    ("ties", "expected"),
    [
        (
            ties_frame(("RUS", "IRN", "strategic_partnership", 1, 0.6, "high")),
            {
                "source": "IRN",
                "target": "RUS",
                "cooperation": 0.6,
                "hostility": 0.0,
                "net": 0.6,
                "sign": 1,
                "weight": 0.6,
                "types": "strategic_partnership",
                "tie_ids": "t0",
                "ties": 1,
                "confidence": "high",
            },
        ),
        (
            ties_frame(
                ("RUS", "IRN", "strategic_partnership", 1, 0.6, "high"),
                ("IRN", "RUS", "friction", -1, 0.4, "medium"),
            ),
            {
                "cooperation": 0.6,
                "hostility": 0.4,
                "net": 0.2,
                "sign": 1,
                "weight": 1.0,
                "types": "friction;strategic_partnership",
                "tie_ids": "t0;t1",
                "ties": 2,
            },
        ),
        (
            ties_frame(
                ("ISR", "IRN", "military_strike", -1, 0.5, "high"),
                ("ISR", "IRN", "military_strike", -1, 0.3, "low"),
            ),
            {
                "source": "IRN",
                "target": "ISR",
                "cooperation": 0.0,
                "hostility": 0.8,
                "net": -0.8,
                "sign": -1,
                "types": "military_strike",
                "ties": 2,
                "confidence": "high",
            },
        ),
        (
            ties_frame(
                ("A", "B", "alliance", 1, 0.5, "low"), ("B", "A", "friction", -1, 0.5, "low")
            ),
            {"net": 0.0, "sign": 0, "weight": 1.0},
        ),
        (
            ties_frame(
                ("A", "B", "alliance", 1, 0.1, "low"),
                ("A", "B", "alliance", 1, 0.2, "low"),
                ("A", "B", "friction", -1, 0.3, "medium"),
            ),
            {"sign": 0, "confidence": "medium", "ties": 3},
        ),
        (ties_frame(("A", "B", "alliance", 1, 0.5, "")), {"confidence": "low"}),
    ],
    ids=[
        "one-tie-ordered-pair",
        "parallel-both-signs",
        "parallel-hostile",
        "cancel-out",
        "cancel-out-in-floating-point",
        "confidence-missing",
    ],
)
def test_parallel_ties_aggregate_per_unordered_pair(ties, expected):
    dyads = aggregate_dyads(ties)
    assert list(dyads.columns) == DYAD_COLUMNS
    assert len(dyads) == 1
    row = dyads.iloc[0].to_dict()
    for column, value in expected.items():
        if isinstance(value, float):
            assert row[column] == pytest.approx(value, abs=1e-12), column
        else:
            assert row[column] == value, column


def test_dyads_are_sorted_and_keep_tie_order():
    ties = ties_frame(
        ("C", "A", "alliance", 1, 0.5, "low"),
        ("B", "A", "alliance", 1, 0.5, "low"),
        ("A", "C", "friction", -1, 0.2, "low"),
        ("A", "B", "friction", -1, 0.1, "low"),
    )
    dyads = aggregate_dyads(ties)
    assert list(zip(dyads["source"], dyads["target"], strict=True)) == [("A", "B"), ("A", "C")]
    assert dyads["tie_ids"].tolist() == ["t1;t3", "t0;t2"]


def test_no_ties_give_an_empty_dyad_table():
    dyads = aggregate_dyads(ties_frame())
    assert dyads.empty
    assert list(dyads.columns) == DYAD_COLUMNS


@pytest.mark.parametrize(
    ("when", "net"),
    [("2021-06-30", None), ("2023-06-30", 0.8), ("2025-03-31", 0.6), ("2025-07-01", 0.2)],
    ids=["no-tie", "drones", "treaty", "treaty-and-friction"],
)
def test_russia_iran_net_weight_in_the_tiny_story(tiny, when, net):
    dyads = aggregate_dyads(active_ties(tiny.ties, window(when)))
    pair = dyads[(dyads["source"] == "IRN") & (dyads["target"] == "RUS")]
    if net is None:
        assert pair.empty
    else:
        assert pair["net"].item() == pytest.approx(net)


@pytest.mark.parametrize("seed", range(5))
def test_group_sums_match_pandas_groupby_to_the_last_bit(seed):
    # pandas sums with Kahan compensation; matching it keeps timeline and table identical
    rng = np.random.default_rng(seed)
    groups = rng.integers(0, 50, 2000)
    values = rng.uniform(0, 1, 2000).round(rng.integers(1, 12))
    values[rng.integers(0, 2000, 20)] = np.nan
    expected = pd.Series(values).groupby(groups).sum().reindex(range(50), fill_value=0.0)
    assert group_sums(groups, values, 50).tolist() == expected.tolist()


def test_directed_flows_sum_per_ordered_pair_and_type(tiny):
    flows = directed_flows(active_ties(tiny.ties, window("2022-08-01..2024-12-31")))
    rows = {(r.source, r.target, r.type): r for r in flows.itertuples()}
    arms = rows[("IRN", "RUS", "arms_transfer")]
    assert arms.weight == pytest.approx(0.5 + 0.8)
    assert arms.tie_ids == "t-irn-rus-arms-2022;t-irn-rus-arms-2023"
    assert ("RUS", "BLR", "alliance") not in rows  # undirected
    assert rows[("ISR", "IRN", "military_strike")].sign == -1


def test_snapshot_graph_holds_existing_countries_and_dyads(tiny):
    graph = snapshot_graph(tiny, window("2025-07-01"))
    assert set(graph.nodes) == {"RUS", "IRN", "ISR", "USA", "BLR", "UKR", "HZB"}
    assert graph.nodes["HZB"]["kind"] == "non_state"
    assert graph.graph["window"] == "2025-07-01"
    edge = graph.edges["RUS", "IRN"]
    assert edge["net"] == pytest.approx(0.2)
    assert edge["weight"] == pytest.approx(1.0)
    assert edge["sign"] == 1
    assert graph.number_of_edges() == 5


@pytest.mark.parametrize(
    ("today", "first", "last"),
    [
        (D(2025, 12, 31), D(1991, 1, 1), D(2025, 12, 31)),
        (D(2020, 1, 1), D(1991, 1, 1), D(2024, 12, 31)),
    ],
    ids=["open-ties-run-to-today", "closed-ties-run-past-today"],
)
def test_data_span(tiny, today, first, last):
    assert data_span(tiny, today) == (first, last)


def test_monthly_windows_cover_every_month():
    windows = monthly_windows(D(2023, 11, 20), D(2024, 2, 3))
    assert [w.label for w in windows] == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert windows[0].first == D(2023, 11, 1) and windows[-1].last == D(2024, 2, 29)


@pytest.mark.parametrize(
    ("built", "label"),
    [
        (Window.on(D(2023, 6, 30)), "2023-06-30"),
        (Window.month(D(2024, 2, 10)), "2024-02"),
        (Window(D(2024, 1, 1), D(2024, 3, 31)), "2024-01-01..2024-03-31"),
    ],
    ids=["day", "month", "range"],
)
def test_window_labels(built, label):
    assert built.label == label
