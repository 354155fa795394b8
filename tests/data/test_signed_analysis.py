"""The signed analysis on the bundled timeline, every month: blocs hold cooperation and keep
enemies apart, the force layout puts allies together and enemies apart, and nothing jumps.
The per-month figures are printed with ``python3 bench/signed.py``."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from graph.dataset import BUNDLED_DATA
from graph.separation import bloc_separation, layout_separation, pair_distance
from graph.validate import load_dataset

# The pairs a reader checks first; at any month where their hostility outweighs their
# cooperation they must not share a bloc.
RIVALS = [("IRN", "ISR"), ("RUS", "UKR"), ("IND", "PAK"), ("IRN", "SAU"), ("IRN", "USA")]
# The United States' treaty allies: NATO (members from their accession) and the bilateral
# and ANZUS treaties of the Asia-Pacific.
PACIFIC_ALLIES = ["JPN", "KOR", "PHL", "THA", "AUS"]
NATO_CORE = ["GBR", "FRA", "DEU", "CAN", "ITA"]


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    from graph.timeline import load_or_compute_timeline

    dataset = load_dataset(BUNDLED_DATA)
    timeline = load_or_compute_timeline(dataset, cache_dir=tmp_path_factory.mktemp("cache"))
    return dataset, timeline


@pytest.fixture(scope="module")
def blocs(analysed):
    return bloc_separation(*analysed)


@pytest.fixture(scope="module")
def layout(analysed):
    return layout_separation(*analysed)


def test_hostility_inside_a_bloc_is_rare_every_month(blocs):
    assert blocs["hostility_inside"].max() <= 0.10, blocs["hostility_inside"].idxmax()
    assert blocs["hostility_inside"].median() <= 0.05


def test_blocs_hold_most_cooperation(blocs):
    assert blocs["cooperation_inside"].median() >= 0.65


def test_no_pair_at_war_or_bitterly_hostile_shares_a_bloc(blocs):
    offending = blocs[blocs["enemies_together"] != ""]
    assert offending.empty, offending["enemies_together"].head().to_dict()


@pytest.mark.parametrize(("first", "second"), RIVALS, ids=["-".join(p) for p in RIVALS])
def test_rivals_are_never_in_one_bloc_while_hostile(analysed, first, second):
    dataset, timeline = analysed
    from graph.temporal import DyadIndex

    index = DyadIndex.of(dataset.ties)
    together = []
    for month, label in enumerate(timeline.months):
        snapshot = timeline.snapshots[int(timeline.snapshot_of_month[month])]
        a, b, cooperation, hostility, _ = index.sums(snapshot.tie_rows)
        names = set(zip(index.names[a], index.names[b], strict=True))
        pair = tuple(sorted((first, second)))
        if pair not in names:
            continue
        position = list(zip(index.names[a], index.names[b], strict=True)).index(pair)
        blocs = snapshot.metrics["bloc"]
        # Months of transition (a rupture ending as a normalisation begins) hold both.
        if (hostility[position] > cooperation[position] == 0
                and blocs[first] == blocs[second] >= 0):
            together.append(label)
    assert not together, together[:5]


def yearly(frame: pd.DataFrame) -> pd.DataFrame:
    """Mid-year months from 1992."""
    return frame[frame.index.str.endswith("-06") & (frame.index >= "1992")]


def test_enemies_sit_apart_every_year(layout):
    years = yearly(layout)
    assert (years["ratio"] >= 1.5).all(), years.loc[years["ratio"] < 1.5, "ratio"].to_dict()


def test_nothing_jumps(layout):
    changing = layout["movement"].iloc[1:]
    assert changing.median() <= 0.02


def test_russia_ukraine_drift_apart_after_2014(analysed):
    _, timeline = analysed
    for month, label in enumerate(timeline.months):
        if label >= "2014-06" and label.endswith("-06"):
            ukraine = pair_distance(timeline, month, "RUS", "UKR")
            belarus = pair_distance(timeline, month, "RUS", "BLR")
            assert ukraine > belarus, label


def test_us_treaty_allies_are_closer_to_it_than_iran(analysed):
    dataset, timeline = analysed
    memberships = dataset.memberships
    nato = memberships[(memberships["bloc"] == "NATO") & (memberships["status"] == "member")]
    for month, label in enumerate(timeline.months):
        if not (label.endswith("-06") and label >= "1992"):
            continue
        day = dt.date.fromisoformat(label + "-15").toordinal()
        members = set(nato.loc[(nato["start_day"] <= day) & (nato["end_day"] >= day),
                               "country"])
        allies = [c for c in [*PACIFIC_ALLIES, *NATO_CORE] if c in members or c in
                  PACIFIC_ALLIES]
        iran = pair_distance(timeline, month, "USA", "IRN")
        farthest = max(allies, key=lambda c: pair_distance(timeline, month, "USA", c))
        assert pair_distance(timeline, month, "USA", farthest) < iran, (label, farthest)


def test_nothing_moves_when_nothing_changed(analysed):
    _, timeline = analysed
    same = np.flatnonzero(np.diff(timeline.snapshot_of_month) == 0) + 1
    assert len(same)
    # Months that share a snapshot and whose alliances are unchanged share positions.
    unchanged = [m for m in same if np.array_equal(timeline.positions[m],
                                                   timeline.positions[m - 1])]
    assert len(unchanged) >= 0.9 * len(same)
