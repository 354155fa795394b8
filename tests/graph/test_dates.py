"""Partial ISO dates: a fact known to the month stays a month, widened only when compared."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.dates import (
    DateParseError,
    add_months,
    month_end,
    month_starts,
    parse_day,
    parse_partial_date,
)

D = dt.date


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("2024", "year", D(2024, 1, 1), D(2024, 12, 31)),
        ("2024-02", "month", D(2024, 2, 1), D(2024, 2, 29)),
        ("2023-02", "month", D(2023, 2, 1), D(2023, 2, 28)),
        ("2022-08", "month", D(2022, 8, 1), D(2022, 8, 31)),
        ("2024-02-29", "day", D(2024, 2, 29), D(2024, 2, 29)),
        (" 2025-01-17 ", "day", D(2025, 1, 17), D(2025, 1, 17)),
    ],
    ids=["year", "leap-february", "february", "month", "leap-day", "spaces-around"],
)
def test_partial_date_keeps_its_precision_and_widens(text, precision, earliest, latest):
    parsed = parse_partial_date(text)
    assert parsed.precision == precision
    assert (parsed.earliest(), parsed.latest()) == (earliest, latest)
    assert str(parsed) == text.strip()


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2024-13-45", "month 13 does not exist"),
        ("2024-00", "month 0 does not exist"),
        ("2023-02-29", "2023-02 has 28 days"),
        ("2024-04-31", "2024-04 has 30 days"),
        ("0000", "year 0000 does not exist"),
        ("01/02/2024", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2024-1", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2024-01-01T00:00", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("24", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("２０２４", "YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
    ids=[
        "day-45-month-13",
        "month-0",
        "not-leap",
        "april-31",
        "year-0",
        "slashes",
        "one-digit-month",
        "timestamp",
        "two-digit-year",
        "empty",
        "fullwidth-digits",
    ],
)
def test_malformed_date_is_refused_with_the_reason(text, why):
    with pytest.raises(DateParseError) as raised:
        parse_partial_date(text)
    assert why in str(raised.value)
    assert repr(text) in str(raised.value)


@pytest.mark.parametrize(
    ("text", "day"),
    [("2023", D(2023, 1, 1)), ("2023-06", D(2023, 6, 1)), ("2023-06-30", D(2023, 6, 30))],
    ids=["year", "month", "day"],
)
def test_a_query_date_means_its_first_day(text, day):
    assert parse_day(text) == day


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 11, 20), 3, D(2025, 2, 1)),
        (D(2024, 1, 31), 1, D(2024, 2, 1)),
        (D(2024, 1, 15), 0, D(2024, 1, 1)),
        (D(2024, 1, 15), -1, D(2023, 12, 1)),
        (D(2024, 3, 1), -14, D(2023, 1, 1)),
    ],
    ids=["across-year", "from-31st", "same-month", "back-one", "back-over-year"],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2024, 2, 10), D(2024, 2, 29)),
        (D(2023, 2, 1), D(2023, 2, 28)),
        (D(2024, 12, 31), D(2024, 12, 31)),
        (D(2024, 4, 1), D(2024, 4, 30)),
    ],
    ids=["leap-february", "february", "december", "april"],
)
def test_month_end(day, expected):
    assert month_end(day) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (D(2024, 11, 5), D(2025, 1, 1), ["2024-11-01", "2024-12-01", "2025-01-01"]),
        (D(2024, 5, 31), D(2024, 5, 1), ["2024-05-01"]),
        (D(2024, 5, 2), D(2024, 4, 30), []),
    ],
    ids=["across-year", "same-month", "last-before-first"],
)
def test_month_starts(first, last, expected):
    assert [day.isoformat() for day in month_starts(first, last)] == expected
