"""Exports come back whole: what the project exports, its importers read back to the same ties.

A small dataset (tests/conftest.py's ``tiny``) is exported with the project's own writers
(``graph.export``) and imported again; the ties are compared as sets of
``(source, target, type, sign, start, end)``, reduced to what each format can carry:

* **ties CSV**: a row per tie with every field: all six compared as they are.
* **GraphML and GEXF** (one view): an edge per dyad, with its tie ``types`` and the view's
  date or window in the file's metadata. They cannot carry a tie's direction (a dyad is one
  undirected edge: the pair is compared unordered), its own sign (only the dyad's net sign:
  each type comes back with the type's sign, which every tie here has), nor its dates (each tie
  comes back dated by the view: a day ``D..D``, or the window ``first..last``).
* **dynamic GEXF** (the whole timeline): an edge per dyad whose values change over periods.
  It cannot carry direction (unordered pair), a tie's own sign (as above), the precision of a
  partial date (intervals are whole days: ``2022-08`` comes back ``2022-08-01``), nor ties of
  one type that overlap or touch in a dyad (one interval, their union). Ties still in force
  are closed at the timeline's end in the file and read back as open.

Node-link JSON has no importer (``graph.importers`` reads no JSON), so it is not round-tripped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from graph.dataset import TIE_TYPES, Dataset
from graph.dates import OPEN_END
from graph.export import ExportView, dynamic_gexf, gexf, graphml, ties_csv
from graph.importers import ImportResult, import_upload
from graph.temporal import Window
from graph.view import ViewFilter

Tie = tuple[str, str, str, int, str, str]
Writer = Callable[..., bytes]
MOMENT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
DAY = dt.date(2024, 4, 19)
WINDOW = Window(dt.date(2022, 1, 1), dt.date(2022, 12, 31))
VIEWS = {"day": ExportView.on(DAY), "window": ExportView(WINDOW, ViewFilter())}


def _imported(result: ImportResult, *, unordered: bool = False) -> set[Tie]:
    assert result.report.balanced, result.report.to_text()
    assert not result.report.count("ERROR"), result.report.to_text()
    ties = result.ties
    out = set()
    for row in ties.to_dict("records"):
        a, b = str(row["source"]), str(row["target"])
        if unordered:
            a, b = min(a, b), max(a, b)
        out.add((a, b, str(row["type"]), int(row["sign"]), str(row["start"]), str(row["end"])))
    return out


def _active(dataset: Dataset, window: Window) -> list[dict[str, object]]:
    ties = dataset.ties
    mask = (ties["start_day"] <= window.last_day) & (ties["end_day"] >= window.first_day)
    return ties[mask].to_dict("records")


def _label(window: Window) -> tuple[str, str]:
    if window.first == window.last:
        return window.first.isoformat(), window.first.isoformat()
    return window.first.isoformat(), window.last.isoformat()


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_ties_csv_comes_back_whole(tiny: Dataset, view: ExportView) -> None:
    # Every field is carried: direction, the tie's own sign and its dates as written.
    expected = {(str(t["source"]), str(t["target"]), str(t["type"]), int(t["sign"]),
                 str(t["start"]), str(t["end"])) for t in _active(tiny, view.window)}
    result = import_upload("ties.csv", ties_csv(tiny, view).encode("utf-8"))
    assert _imported(result) == expected


@pytest.mark.parametrize("writer", [graphml, gexf], ids=["graphml", "gexf"])
@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_a_view_comes_back_as_its_dyads_types(tiny: Dataset, view: ExportView,
                                              writer: Writer) -> None:
    start, end = _label(view.window)
    expected = {(min(str(t["source"]), str(t["target"])),
                 max(str(t["source"]), str(t["target"])),
                 str(t["type"]), TIE_TYPES[str(t["type"])].sign, start, end)
                for t in _active(tiny, view.window)}
    data = writer(tiny, view, generated_at=MOMENT)
    name = "view.graphml" if writer is graphml else "view.gexf"
    assert _imported(import_upload(name, data), unordered=True) == expected


def _dynamic_expected(dataset: Dataset, last: dt.date) -> set[Tie]:
    spans: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
    for tie in dataset.ties.to_dict("records"):
        pair = sorted([str(tie["source"]), str(tie["target"])])
        key = (pair[0], pair[1], str(tie["type"]))
        spans.setdefault(key, []).append((int(tie["start_day"]),
                                          min(int(tie["end_day"]), last.toordinal())))
    out: set[Tie] = set()
    for (a, b, kind), intervals in spans.items():
        merged: list[list[int]] = []
        for first, final in sorted(intervals):
            if merged and first <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], final)
            else:
                merged.append([first, final])
        for first, final in merged:
            end = "" if final >= min(last.toordinal(), OPEN_END) else \
                dt.date.fromordinal(final).isoformat()
            out.add((a, b, kind, TIE_TYPES[kind].sign, dt.date.fromordinal(first).isoformat(),
                     end))
    return out


def test_the_dynamic_timeline_comes_back_as_intervals(tiny: Dataset) -> None:
    data = dynamic_gexf(tiny, generated_at=MOMENT)
    result = import_upload("timeline.gexf", data)
    # The Soviet Union's last tie ends in "1991-12", exported as 1991-12-31: past the Soviet
    # Union's own end (1991-12-26), see test_a_tie_of_an_ended_state_comes_back below.
    expected = {tie for tie in _dynamic_expected(tiny, MOMENT.date()) if "SUN" not in tie[:2]}
    got = {tie for tie in _imported_lenient(result) if "SUN" not in tie[:2]}
    assert got == expected


def _imported_lenient(result: ImportResult) -> set[Tie]:
    assert result.report.balanced, result.report.to_text()
    return {(min(str(r["source"]), str(r["target"])), max(str(r["source"]), str(r["target"])),
             str(r["type"]), int(r["sign"]), str(r["start"]), str(r["end"]))
            for r in result.ties.to_dict("records")}


def test_a_tie_of_an_ended_state_comes_back(tiny: Dataset) -> None:
    result = import_upload("timeline.gexf", dynamic_gexf(tiny, generated_at=MOMENT))
    assert not result.report.count("ERROR"), result.report.to_text()
    assert any("SUN" in tie[:2] for tie in _imported_lenient(result))
