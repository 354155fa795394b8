"""Who belonged to which formal bloc (NATO, CSTO, the EU, ...) in a window of time.

Memberships are not ties: they say which organisation a country belonged to, not how two
countries treated each other. They serve the bloc filter and the "main organisation" colour.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from graph.temporal import Window

__all__ = ["ORGANISATION_PRIORITY", "active_memberships", "bloc_members", "main_organisations"]

#: Which organisation names a country that belongs to several: military alliances first (a
#: mutual defence commitment says most about alignment), then unions and groupings, from the
#: most to the least binding.
ORGANISATION_PRIORITY = (
    "NATO", "CSTO", "UNION_STATE", "AXIS_RESISTANCE", "GCC", "EU", "SCO", "BRICS", "ASEAN", "AU",
    "EAEU", "CIS", "AUKUS", "QUAD",
)


def active_memberships(
    memberships: pd.DataFrame, window: Window, *, status: str | None = "member"
) -> pd.DataFrame:
    """The membership rows with ``status`` (any status when None) in force on some day of
    ``window``.

    >>> import datetime as dt
    >>> day = dt.date.toordinal
    >>> rows = pd.DataFrame({"country": ["FIN", "SWE"], "bloc": ["NATO", "NATO"],
    ...     "status": ["member", "member"],
    ...     "start_day": [day(dt.date(2023, 4, 4)), day(dt.date(2024, 3, 7))],
    ...     "end_day": [day(dt.date.max)] * 2})
    >>> active_memberships(rows, Window.on(dt.date(2023, 6, 1)))["country"].tolist()
    ['FIN']
    """
    return memberships[
        ((memberships["status"] == status) if status else True)
        & (memberships["start_day"] <= window.last_day)
        & (memberships["end_day"] >= window.first_day)
    ]


def bloc_members(memberships: pd.DataFrame, bloc: str, window: Window) -> set[str]:
    """Countries that are members of ``bloc`` (status member) at some day of ``window``.

    >>> import datetime as dt
    >>> rows = pd.DataFrame({"country": ["FIN"], "bloc": ["NATO"], "status": ["member"],
    ...     "start_day": [dt.date(2023, 4, 4).toordinal()], "end_day": [dt.date.max.toordinal()]})
    >>> bloc_members(rows, "NATO", Window.on(dt.date(2024, 1, 1)))
    {'FIN'}
    """
    active = active_memberships(memberships, window)
    return set(active.loc[active["bloc"] == bloc, "country"])


def main_organisations(
    memberships: pd.DataFrame, countries: Iterable[str], window: Window
) -> list[str]:
    """For each country, the organisation it is first a member of in
    :data:`ORGANISATION_PRIORITY` (others after, alphabetically), or ``"None"``.

    >>> import datetime as dt
    >>> rows = pd.DataFrame({"country": ["TUR", "TUR"], "bloc": ["G20", "NATO"],
    ...     "status": ["member", "member"], "start_day": [1, 1], "end_day": [10**6, 10**6]})
    >>> main_organisations(rows, ["TUR", "CHE"], Window.on(dt.date(2024, 1, 1)))
    ['NATO', 'None']
    """
    rank = {bloc: position for position, bloc in enumerate(ORGANISATION_PRIORITY)}
    active = active_memberships(memberships, window)
    member_of: dict[str, list[str]] = {}
    for country, bloc in zip(active["country"], active["bloc"], strict=True):
        member_of.setdefault(str(country), []).append(str(bloc))
    return [
        min(member_of[country], key=lambda bloc: (rank.get(bloc, len(rank)), bloc))
        if country in member_of else "None"
        for country in countries
    ]
