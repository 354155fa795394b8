"""The bundled data, checked the way a reader would question it: is it valid, is every tie
sourced and possible, is it broad enough, and does it tell the Russia–Iran story right?"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import cli
from graph.dataset import BUNDLED_DATA, split_ids
from graph.dates import OPEN_END, parse_partial_date
from graph.temporal import Window, active_ties, aggregate_dyads
from graph.validate import load_dataset, validate_folder

REGIONS = {"Africa", "Americas", "Asia", "Europe", "Oceania"}
BLOCS = {
    "NATO",
    "CSTO",
    "EU",
    "SCO",
    "BRICS",
    "GCC",
    "EAEU",
    "UNION_STATE",
    "AUKUS",
    "QUAD",
    "ASEAN",
    "AXIS_RESISTANCE",
}


@pytest.fixture(scope="module")
def data():
    return load_dataset(BUNDLED_DATA)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def between(ties: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    return ties[
        ((ties["source"] == a) & (ties["target"] == b))
        | ((ties["source"] == b) & (ties["target"] == a))
    ]


def directed(ties: pd.DataFrame, source: str, target: str, *types: str) -> pd.DataFrame:
    return ties[(ties["source"] == source) & (ties["target"] == target) & ties["type"].isin(types)]


# --- is it valid, sourced and possible? -------------------------------------------------------


def test_realpolitik_validate_data_reports_no_error(capsys):
    assert validate_folder(BUNDLED_DATA).errors == []
    assert cli.main(["validate", str(BUNDLED_DATA)]) == 0
    assert "ERROR" not in capsys.readouterr().out


def test_every_tie_cites_a_source_listed_in_sources_csv(data):
    known = set(data.sources["id"])
    unsourced = [
        tie
        for tie, sources in zip(data.ties["id"], data.ties["sources"], strict=True)
        if not set(split_ids(sources)) & known
    ]
    assert unsourced == []


def test_no_tie_is_dated_outside_its_countries_existence(data):
    countries = data.countries.set_index("id")
    impossible = []
    for tie in data.ties.itertuples():
        # A partial date may mean any of its days: a tie dated "1991" is possible for a
        # country founded on 1991-12-26, so compare the latest start and the earliest end.
        latest_start = parse_partial_date(tie.start).latest().toordinal()
        earliest_end = parse_partial_date(tie.end).earliest().toordinal() if tie.end else OPEN_END
        for country in (tie.source, tie.target):
            born, gone = countries.loc[country, ["start_day", "end_day"]]
            if latest_start < born or earliest_end > gone:
                impossible.append((tie.id, country))
    assert impossible == []


def test_every_bloc_membership_falls_within_the_blocs_own_dates(data):
    blocs = data.blocs.set_index("id")
    outside = []
    for membership in data.memberships.itertuples():
        bloc = blocs.loc[membership.bloc]
        founded = parse_partial_date(bloc.start).earliest() if bloc.start else dt.date.min
        dissolved = parse_partial_date(bloc.end).latest() if bloc.end else dt.date.max
        joined = parse_partial_date(membership.start).latest() if membership.start else None
        left = parse_partial_date(membership.end).earliest() if membership.end else None
        if (joined and joined < founded) or (left or dt.date.max) > dissolved:
            outside.append((membership.country, membership.bloc, membership.start))
    assert outside == []


# --- is it broad enough? -----------------------------------------------------------------------


def test_at_least_400_ties(data):
    assert len(data.ties) >= 400


def test_ties_touch_at_least_80_countries_in_every_region(data):
    touched = set(data.ties["source"]) | set(data.ties["target"])
    assert len(touched) >= 80
    regions = set(data.countries.loc[data.countries["id"].isin(touched), "region"])
    assert regions >= REGIONS


def test_at_least_40_events(data):
    assert len(data.events) >= 40


def test_the_main_blocs_are_there(data):
    assert set(data.blocs["id"]) >= BLOCS


# --- the Russia–Iran story ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        (Window(day("2021-01-01"), day("2021-12-31")), False),
        (Window.on(day("2023-06-30")), True),
    ],
    ids=["none-in-2021", "drones-mid-2023"],
)
def test_iran_arms_russia_only_from_2022(data, window, expected):
    arms = directed(active_ties(data.ties, window), "IRN", "RUS", "arms_transfer")
    assert (not arms.empty) is expected


def test_russia_arms_and_trains_iran_the_other_way(data):
    assert not directed(data.ties, "RUS", "IRN", "arms_transfer", "military_cooperation").empty


def test_a_russia_iran_friction_begins_in_2025(data):
    friction = between(data.ties, "RUS", "IRN")
    friction = friction[(friction["type"] == "friction") & (friction["sign"] == -1)]
    assert friction["start"].str.startswith("2025").any()


def net_russia_iran(data, when: str) -> float:
    dyads = aggregate_dyads(active_ties(data.ties, Window.on(day(when))))
    pair = dyads[(dyads["source"] == "IRN") & (dyads["target"] == "RUS")]
    return float(pair["net"].sum())


def test_russia_iran_net_weight_rises_then_falls(data):
    before, peak, after = (
        net_russia_iran(data, when) for when in ("2021-06-30", "2025-03-31", "2025-12-31")
    )
    assert before < peak
    assert after < peak


def test_the_comprehensive_strategic_partnership_treaty_of_2025_01_17(data):
    treaty = between(data.ties, "RUS", "IRN")
    treaty = treaty[(treaty["type"] == "strategic_partnership") & (treaty["start"] == "2025-01-17")]
    assert len(treaty) == 1
    assert treaty["sign"].item() == 1


@pytest.mark.parametrize(
    ("source", "start"),
    [("ISR", "2024-04-19"), ("ISR", "2024-10-26"), ("ISR", "2025-06-13"), ("USA", "2025-06-22")],
    ids=["israel-april-2024", "israel-october-2024", "israel-june-2025", "us-june-2025"],
)
def test_strikes_on_iran(data, source, start):
    strikes = directed(data.ties, source, "IRN", "military_strike")
    assert start in set(strikes["start"])
    assert (strikes.loc[strikes["start"] == start, "sign"] == -1).all()
