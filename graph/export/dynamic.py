"""Dynamic GEXF 1.3 of the whole timeline, for Gephi's Timeline."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from graph.dataset import Dataset
from graph.dates import OPEN_END
from graph.export.gexf import _gexf_declarations, _gexf_open, _header_description
from graph.export.records import COUNTRY_ATTRIBUTES
from graph.export.text import _attrs, _number, _records, _text
from graph.export.view import ExportView, _regions, export_header
from graph.temporal import (
    CONFIDENCE_RANK,
    Window,
    data_span,
)
from graph.view import ViewFilter, filter_ties

__all__ = ["dynamic_gexf"]


_DYNAMIC_EDGE_TYPES: dict[str, str] = {
    "weight": "double", "cooperation": "double", "hostility": "double", "net": "double",
    "sign": "integer", "types": "string", "ties": "integer", "confidence": "string",
}


def _day(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def _dyad_segments(
    rows: list[tuple[int, int, int, float, str, str]], until: int
) -> list[tuple[int, int, tuple[Any, ...]]]:
    """Piecewise-constant values of one dyad: (first day, last day, values), days inclusive.

    ``rows`` are (start_day, end_day, sign, weight, type, confidence) of the dyad's ties.
    """
    spans = [(start, min(end, until)) for start, end, *_ in rows]
    points = sorted({start for start, _ in spans} | {end + 1 for _, end in spans})
    segments: list[tuple[int, int, tuple[Any, ...]]] = []
    for low, high in itertools.pairwise(points):
        active = [row for row, (start, end) in zip(rows, spans, strict=True)
                  if start <= low <= end]
        if not active:
            continue
        cooperation = sum((row[3] for row in active if row[2] > 0), 0.0)
        hostility = sum((row[3] for row in active if row[2] < 0), 0.0)
        net = cooperation - hostility
        confidence = max(active, key=lambda row: CONFIDENCE_RANK.get(row[5], 0))[5]
        values = (
            cooperation + hostility, cooperation, hostility, net,
            int(np.sign(round(net, 9))), ";".join(sorted({row[4] for row in active})),
            len(active), confidence,
        )
        if segments and segments[-1][1] == low - 1 and segments[-1][2] == values:
            segments[-1] = (segments[-1][0], high - 1, values)
        else:
            segments.append((low, high - 1, values))
    return segments


def _spells(segments: Sequence[tuple[int, int, Any]]) -> list[tuple[int, int]]:
    spells: list[tuple[int, int]] = []
    for first, last, _ in segments:
        if spells and spells[-1][1] >= first - 1:
            spells[-1] = (spells[-1][0], max(spells[-1][1], last))
        else:
            spells.append((first, last))
    return spells


def dynamic_gexf(
    dataset: Dataset, view: ExportView | None = None, *,
    generated_at: dt.datetime | None = None, until: dt.date | None = None,
) -> bytes:
    """GEXF 1.3 of the whole timeline for Gephi's Timeline (``mode="dynamic"``, dates).

    Nodes carry spells of their existence; each edge is a dyad with spells covering its ties'
    intervals (partial dates widened: a start at its earliest day, an end at its latest) and
    dynamic ``weight`` (Gephi's reserved dynamic edge weight), ``cooperation``, ``hostility``,
    ``net``, ``sign``, ``types``, ``ties`` and ``confidence`` per interval. Intervals are whole
    days, inclusive, and never overlap. Open ends (ties still in force, countries still
    existing) are closed at ``until`` (default: the dataset's span, i.e. today) because
    Gephi's Timeline needs finite bounds.

    Of ``view``, the time-independent filters apply (types, sign, min_weight, confidence,
    region); its window, bloc and focus, which depend on the date, do not.
    """
    moment = generated_at or dt.datetime.now(dt.UTC)
    first, last = data_span(dataset, moment.date())
    last = until or last
    ties = dataset.ties
    if len(ties):
        first = min(first, dt.date.fromordinal(int(ties["start_day"].min())))
    last = max(first, last)
    first_day, last_day = first.toordinal(), last.toordinal()
    # The bloc and the focus depend on the date: only the time-independent filters apply.
    kept = dataclasses.replace(view.filters, bloc="") if view is not None else ViewFilter()
    applied = ExportView(Window(first, last), kept)
    countries = dataset.countries
    ties = filter_ties(ties, kept, regions=_regions(dataset))
    if kept.region:
        countries = countries[countries["region"].isin(list(kept.region))]
    ties = ties[ties["start_day"] <= last_day]
    swap = ties["source"] > ties["target"]
    low = ties["source"].where(~swap, ties["target"])
    high = ties["target"].where(~swap, ties["source"])
    dyads: dict[tuple[str, str], list[tuple[int, int, int, float, str, str]]] = {}
    # A tie read at its widest (end=1991-12 is 1991-12-31) may outrun an actor that ended
    # within that month (the Soviet Union, 1991-12-26): its spells stay within both lives.
    lives = {str(country): (int(start), int(end)) for country, start, end in zip(
        dataset.countries["id"], dataset.countries["start_day"], dataset.countries["end_day"],
        strict=True)}
    for a, b, start, end, sign, weight, kind, confidence in zip(
        low, high, ties["start_day"], ties["end_day"], ties["sign"], ties["weight"],
        ties["type"], ties["confidence"], strict=True,
    ):
        born = max(lives.get(str(a), (0, 0))[0], lives.get(str(b), (0, 0))[0])
        gone = min(lives.get(str(a), (0, OPEN_END))[1], lives.get(str(b), (0, OPEN_END))[1])
        start, end = max(int(start), born), min(int(end), gone)
        if end < start:
            continue
        dyads.setdefault((str(a), str(b)), []).append(
            (start, end, int(sign), float(weight), str(kind), str(confidence))
        )

    header = export_header(dataset, applied, generated_at=generated_at)
    header["label"] = ""
    description = (f"{_header_description(header, applied)} Timeline from {first.isoformat()} "
                   f"to {last.isoformat()}; intervals are inclusive days.")
    lines = _gexf_open(description, "alliances, international relations, dynamic network",
                       moment.date(),
                       _attrs(defaultedgetype="undirected", mode="dynamic",
                              timeformat="date", timerepresentation="interval",
                              start=first.isoformat(), end=last.isoformat()))
    lines += _gexf_declarations("node", "static", COUNTRY_ATTRIBUTES)
    lines += _gexf_declarations("edge", "dynamic", _DYNAMIC_EDGE_TYPES)
    ends = {node for pair in dyads for node in pair}
    shown = countries[countries["id"].isin(list(ends)) | (
        (countries["start_day"] <= last_day) & (countries["end_day"] >= first_day))]
    shown = shown.sort_values("id")
    lines.append(f'    <nodes count="{len(shown)}">')
    for row in _records(shown):
        start = int(row["start_day"]) if int(row["start_day"]) > 0 else min(first_day, last_day)
        end = int(row["end_day"]) if int(row["end_day"]) < OPEN_END else last_day
        lines.append(f"      <node{_attrs(id=row['id'], label=_text(row['name']) or row['id'])}>")
        lines.append("        <attvalues>")
        for key, kind in COUNTRY_ATTRIBUTES.items():
            value = _text(row.get(key)) if kind == "string" else _number(row.get(key))
            if value is not None:
                lines.append(f"          <attvalue{_attrs(for_=key, value=value)}/>")
        lines.append("        </attvalues>")
        lines.append("        <spells>")
        lines.append(f"          <spell{_attrs(start=_day(start), end=_day(max(start, end)))}/>")
        lines.append("        </spells>")
        lines.append("      </node>")
    lines.append("    </nodes>")
    edges = [(pair, _dyad_segments(rows, last_day)) for pair, rows in sorted(dyads.items())]
    edges = [(pair, segments) for pair, segments in edges if segments]
    lines.append(f'    <edges count="{len(edges)}">')
    for (a, b), segments in edges:
        lines.append(f"      <edge{_attrs(id=f'{a}-{b}', source=a, target=b)}>")
        lines.append("        <attvalues>")
        for seg_first, seg_last, values in segments:
            span = _attrs(start=_day(seg_first), end=_day(seg_last))
            lines += [f"          <attvalue{_attrs(for_=key, value=value)}{span}/>"
                      for key, value in zip(_DYNAMIC_EDGE_TYPES, values, strict=True)]
        lines.append("        </attvalues>")
        lines.append("        <spells>")
        lines += [f"          <spell{_attrs(start=_day(s), end=_day(e))}/>"
                  for s, e in _spells(segments)]
        lines.append("        </spells>")
        lines.append("      </edge>")
    lines += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(lines).encode("utf-8")
