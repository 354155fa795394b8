"""Partial ISO 8601 dates: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

A fact known only to the month stays a month: its precision is kept and shown, and when an
interval must be compared with a day it is widened to the earliest or latest day it may mean.
Days are handled internally as proleptic Gregorian ordinals (``date.toordinal()``) so that the
temporal model can compare whole columns with numpy.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "OPEN_END",
    "DateParseError",
    "PartialDate",
    "add_months",
    "day_span",
    "interval_days",
    "month_end",
    "month_starts",
    "parse_day",
    "parse_partial_date",
]

Precision = Literal["year", "month", "day"]

#: Ordinal used for "still in force": far beyond any real date, still a valid ``date``.
OPEN_END: int = dt.date(9999, 12, 31).toordinal()

# ASCII: ``\d`` alone also matches other scripts' digits ("２０２４"), which ISO 8601 does not.
_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$", re.ASCII)


class DateParseError(ValueError):
    """A text that is not a partial ISO 8601 date (the message says why)."""


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day.

    >>> d = parse_partial_date("2022-08")
    >>> d.precision, str(d), d.earliest(), d.latest()
    ('month', '2022-08', datetime.date(2022, 8, 1), datetime.date(2022, 8, 31))
    """

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def earliest(self) -> dt.date:
        """The first day this date may mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        """The last day this date may mean."""
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, self.month, self.day)

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def parse_partial_date(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; anything else raises DateParseError.

    >>> parse_partial_date("2025-01-17").precision
    'day'
    >>> parse_partial_date("2024-13-45")
    Traceback (most recent call last):
    ...
    graph.dates.DateParseError: '2024-13-45' is not a real date: month 13 does not exist
    """
    stripped = text.strip()
    match = _PATTERN.match(stripped)
    if match is None:
        raise DateParseError(f"{text!r} is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match["year"])
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    if year < 1:
        raise DateParseError(f"{text!r} is not a real date: year 0000 does not exist")
    if month is not None and not 1 <= month <= 12:
        raise DateParseError(f"{text!r} is not a real date: month {month} does not exist")
    if month is not None and day is not None:
        days_in_month = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days_in_month:
            raise DateParseError(
                f"{text!r} is not a real date: {year:04d}-{month:02d} has {days_in_month} days"
            )
    return PartialDate(year, month, day)


def parse_day(text: str) -> dt.date:
    """Parse a query date; a partial date means its first day.

    >>> parse_day("2023-06")
    datetime.date(2023, 6, 1)
    """
    return parse_partial_date(text).earliest()


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month.

    >>> month_end(dt.date(2024, 2, 10))
    datetime.date(2024, 2, 29)
    """
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s month.

    >>> add_months(dt.date(2024, 11, 20), 3)
    datetime.date(2025, 2, 1)
    """
    index = day.year * 12 + (day.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of every month from ``first``'s month to ``last``'s month, inclusive.

    >>> [str(d) for d in month_starts(dt.date(2024, 11, 5), dt.date(2025, 1, 1))]
    ['2024-11-01', '2024-12-01', '2025-01-01']
    """
    months: list[dt.date] = []
    current = first.replace(day=1)
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months


def day_span(text: str) -> tuple[int, int] | None:
    """The first and last day (ordinals) a partial date covers; None when empty or malformed.
    The one conversion from the dataset's dates to days: loading, validation and the
    importers read dates through it.

    >>> [dt.date.fromordinal(day).isoformat() for day in day_span("2024-02")]
    ['2024-02-01', '2024-02-29']
    >>> day_span("2024-13") is None
    True
    """
    if not text:
        return None
    try:
        parsed = parse_partial_date(text)
    except DateParseError:
        return None
    return parsed.earliest().toordinal(), parsed.latest().toordinal()


def interval_days(start: str, end: str, *, open_start: int = 0) -> tuple[int, int]:
    """The days of an interval read at its widest: from the first day of ``start`` to the
    last day of ``end``; an empty or malformed end is still open (:data:`OPEN_END`), an empty
    start is ``open_start``.

    >>> first, last = interval_days("2022-08", "")
    >>> dt.date.fromordinal(first).isoformat(), last == OPEN_END
    ('2022-08-01', True)
    """
    start_days, end_days = day_span(start), day_span(end)
    return (start_days[0] if start_days else open_start, end_days[1] if end_days else OPEN_END)
