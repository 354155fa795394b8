"""The view in the URL: parsing, writing, and falling back with a notice."""

from __future__ import annotations

import pytest

from graph.view_state import ViewState, Vocabulary, parse_query, to_query

VOCABULARY = Vocabulary(
    months=tuple(f"{year}-{month:02d}" for year in (2021, 2022, 2023) for month in range(1, 13)),
    countries=frozenset({"IRN", "RUS", "USA"}),
    regions=("Africa", "Asia", "Europe"),
    blocs=("NATO", "CSTO"),
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ViewState()),
        ("?date=2023-06-30", ViewState(step=29)),
        ("date=2022", ViewState(step=12)),
        ("?date=1990-01", ViewState(step=0)),
        ("?date=2030-01", ViewState(step=35)),
        ("?from=2021-03&to=2022-02", ViewState(window=(2, 13))),
        ("?layout=map&focus=irn&hops=2", ViewState(layout="map", focus="IRN", hops=2)),
        (
            "?types=arms_transfer,sanctions&sign=-1",
            ViewState(types=("arms_transfer", "sanctions"), sign=-1),
        ),
        (
            "?min_weight=0.5&confidence=high,low",
            ViewState(min_weight=0.5, confidence=("high", "low")),
        ),
        ("?region=Asia,Europe&bloc=NATO", ViewState(region=("Asia", "Europe"), bloc="NATO")),
        ("?size=betweenness&color=region", ViewState(size="betweenness", color="region")),
        ("?flows=on&isolates=show", ViewState(flows=True, hide_isolates=False)),
    ],
    ids=[
        "empty",
        "day",
        "year",
        "before-span",
        "after-span",
        "window",
        "layout-focus",
        "types-sign",
        "weight-confidence",
        "region-bloc",
        "size-colour",
        "toggles",
    ],
)
def test_parse_query(query: str, expected: ViewState) -> None:
    state = parse_query(query, VOCABULARY)
    assert state == expected
    # A date outside the timeline is clamped, and said (see the test below).
    assert all("the timeline" in notice for notice in state.notices)


@pytest.mark.parametrize(
    ("query", "field", "default"),
    [
        ("?date=2024-13-45", "step", None),
        ("?date=01/02/2024", "step", None),
        ("?layout=globe", "layout", "force"),
        ("?size=wealth", "size", "cooperation_strength"),
        ("?color=<script>", "color", "bloc"),
        ("?min_weight=NaN", "min_weight", 0.0),
        ("?min_weight=7", "min_weight", 0.0),
        ("?sign=sideways", "sign", 0),
        ("?focus=XXX", "focus", ""),
        ("?bloc=WARSAW", "bloc", ""),
        ("?hops=3", "hops", 1),
        ("?from=2023-01&to=2022-01", "window", None),
        ("?from=2023-01", "window", None),
        ("?types=arms_transfer,bogus", "types", ("arms_transfer",)),
    ],
    ids=[
        "impossible-date",
        "slashed-date",
        "layout",
        "size",
        "colour-markup",
        "nan-weight",
        "weight-out-of-range",
        "sign",
        "unknown-focus",
        "unknown-bloc",
        "hops",
        "window-reversed",
        "window-half",
        "unknown-type",
    ],
)
def test_bad_values_fall_back_with_a_notice(query: str, field: str, default: object) -> None:
    state = parse_query(query, VOCABULARY)
    assert getattr(state, field) == default
    assert len(state.notices) == 1
    assert state.notices[0].split(":")[0] in query


@pytest.mark.parametrize(
    "state",
    [
        ViewState(),
        ViewState(step=29, layout="map", focus="IRN"),
        ViewState(window=(2, 13), types=("friction",), sign=1, min_weight=0.3),
        ViewState(
            step=5,
            region=("Asia",),
            bloc="CSTO",
            size="degree",
            color="bloc",
            focus="RUS",
            hops=2,
            flows=True,
            hide_isolates=False,
            confidence=("medium",),
        ),
    ],
    ids=["default", "map-focus", "window-filters", "everything"],
)
def test_a_written_url_reads_back_as_the_same_view(state: ViewState) -> None:
    assert parse_query(to_query(state, VOCABULARY), VOCABULARY) == state


def test_query_string_is_bounded() -> None:
    many = "&".join(f"k{i}=v" for i in range(10_000))
    state = parse_query("?" + many + "&layout=map", VOCABULARY)
    assert state == ViewState()
    assert "too many parameters" in state.notices[0]


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("date=1850", "before the timeline"),
        ("date=2099-05", "after the timeline"),
        ("from=1850&to=2000", "before the timeline"),
    ],
    ids=["long-before", "long-after", "window-start"],
)
def test_a_date_outside_the_timeline_is_said_not_silently_moved(query: str, notice: str) -> None:
    vocabulary = Vocabulary(("1991-01", "1991-02", "2026-12"), frozenset(), (), ())
    assert any(notice in text for text in parse_query(query, vocabulary).notices)
