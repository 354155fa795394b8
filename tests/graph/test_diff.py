"""What changed between two dates, on the tiny dataset (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.diff import diff_snapshots
from graph.temporal import Window
from graph.validate import load_dataset


def on(text: str) -> Window:
    return Window.on(dt.date.fromisoformat(text))


@pytest.mark.parametrize(
    ("before", "after", "formed", "ended"),
    [
        # formed: tie -> still active at `after`; a tie that came and went in between counts
        (
            "2023-06-30",
            "2025-07-01",
            {
                "t-rus-irn-treaty": True,
                "t-rus-irn-friction": True,
                "t-isr-hzb-war": False,
                "t-isr-irn-strike": False,
            },
            {"t-irn-rus-arms-2023"},
        ),
        ("2024-04-18", "2024-04-19", {"t-isr-irn-strike": True}, set()),
        ("2024-04-19", "2024-04-20", {}, {"t-isr-irn-strike"}),
        ("2024-03-31", "2024-05-01", {"t-isr-irn-strike": False}, set()),
        (
            "2022-12-31",
            "2023-01-01",
            {"t-irn-rus-arms-2023": True},
            {"t-irn-rus-arms-2022"},
        ),
        ("2023-06-30", "2023-06-30", {}, set()),
    ],
    ids=[
        "drones-to-treaty",
        "strike-day",
        "day-after-strike",
        "strike-in-between",
        "new-year",
        "same-day",
    ],
)
def test_formed_and_ended_ties(tiny, before, after, formed, ended):
    result = diff_snapshots(tiny, on(before), on(after))
    got = result["formed"]
    assert dict(zip(got["id"], got["active_after"].astype(bool), strict=True)) == formed
    assert set(result["ended"]["id"]) == ended


def test_weight_change_of_a_dyad_that_keeps_its_sign(tiny):
    result = diff_snapshots(tiny, on("2023-06-30"), on("2025-07-01"))
    assert result["sign_changed"].empty
    changed = result["weight_changed"]
    assert list(zip(changed["source"], changed["target"], strict=True)) == [("IRN", "RUS")]
    row = changed.iloc[0]
    assert (row["net_before"], row["net_after"]) == pytest.approx((0.8, 0.2))
    assert row["change"] == pytest.approx(-0.6)
    assert (row["sign_before"], row["sign_after"]) == (1, 1)


def test_dyads_appearing_or_vanishing_change_weight_not_sign(tiny):
    result = diff_snapshots(tiny, on("2024-04-18"), on("2024-04-19"))
    assert result["sign_changed"].empty
    row = result["weight_changed"].iloc[0]
    assert (row["source"], row["target"]) == ("IRN", "ISR")
    assert (row["net_before"], row["net_after"]) == pytest.approx((0.0, -0.5))


def test_sign_change_when_friction_outweighs_partnership(make_dataset, tiny_rows):
    rupture = [
        "t-irn-rus-rupture",
        "IRN",
        "RUS",
        "friction",
        "-1",
        "1",
        "false",
        "2025-09",
        "",
        "Open quarrel",
        "s2",
        "medium",
    ]
    dataset = load_dataset(make_dataset(ties=[*tiny_rows["ties"], rupture]))
    result = diff_snapshots(dataset, on("2023-06-30"), on("2025-10-01"))
    flipped = result["sign_changed"]
    assert list(zip(flipped["source"], flipped["target"], strict=True)) == [("IRN", "RUS")]
    row = flipped.iloc[0]
    assert (row["sign_before"], row["sign_after"]) == (1, -1)
    assert (row["net_before"], row["net_after"]) == pytest.approx((0.8, 0.6 - 0.4 - 1.0))
    assert "t-irn-rus-rupture" in set(result["formed"]["id"])


def test_metric_deltas_rank_the_countries_that_moved_most(tiny):
    deltas = diff_snapshots(tiny, on("2023-06-30"), on("2025-07-01"))["metric_deltas"]
    # Russia: 1 + 1 + 0.8 -> 1 + 1 + (0.6 + 0.4); Iran: 0.8 + 0.8 -> 1.0 + 0.8
    assert set(deltas.index[:2]) == {"RUS", "IRN"}
    assert deltas.loc["RUS", "strength_before"] == pytest.approx(2.8)
    assert deltas.loc["RUS", "strength_after"] == pytest.approx(3.0)
    assert deltas.loc["IRN", "strength_delta"] == pytest.approx(0.2)
    assert deltas.loc["USA", "strength_delta"] == pytest.approx(0.0)
    assert "bloc_delta" not in deltas.columns
    for metric in ("degree", "betweenness", "eigenvector", "pagerank", "clustering"):
        assert {f"{metric}_before", f"{metric}_after", f"{metric}_delta"} <= set(deltas.columns)


def test_a_country_that_appears_has_zero_before(tiny):
    deltas = diff_snapshots(tiny, on("1991-06-30"), on("1992-06-30"))["metric_deltas"]
    assert deltas.loc["RUS", "degree_before"] == 0
    assert deltas.loc["RUS", "degree_after"] == 0
    assert deltas.loc["SUN", "strength_before"] == pytest.approx(0.5)
    assert deltas.loc["SUN", "strength_after"] == 0
