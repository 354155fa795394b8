"""The view an export holds (:class:`ExportView`), the countries and ties it selects
(:func:`apply_view`, :func:`snapshot_of`: what the page selects), its header and citation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from graph.citation import citation_of
from graph.dataset import Dataset
from graph.export.text import _one_line, safe_filename
from graph.metrics import INTEGER_COLUMNS, METRIC_COLUMNS
from graph.temporal import (
    Window,
)
from graph.view import DEFAULT_FOCUS_MODE, View, ViewFilter, select

__all__ = [
    "GENERATOR",
    "POSITION_SCALE",
    "ExportView",
    "ViewSnapshot",
    "apply_view",
    "citation",
    "export_basename",
    "export_header",
    "snapshot_of",
]


POSITION_SCALE = 1000.0


GENERATOR = "Realpolitik"


@dataclass(frozen=True)
class ExportView:
    """What the page shows: a date or window, the filters (``graph.view.ViewFilter``: tie
    types, sign, min weight, confidence, region, bloc), an optional focus country with the
    number of hops (1 or 2) of its ego network and the focus mode, whether untied countries
    are left out, and the layout's positions: a ``graph.view.View`` and how it was drawn.

    >>> view = ExportView.on(dt.date(2023, 6, 30), ViewFilter(sign=-1), focus="IRN", hops=2)
    >>> view.label, view.date, view.describe()
    ('2023-06-30', datetime.date(2023, 6, 30), 'hostility only; focus IRN (2 hops, others dimmed)')
    >>> ExportView(Window(dt.date(2023, 6, 1), dt.date(2023, 6, 30))).describe()
    'no filters'
    """

    window: Window
    filters: ViewFilter = field(default_factory=ViewFilter)
    focus: str | None = None
    hops: int = 1
    #: The page's layout and its node positions ``(country, x, y)``, so that Gephi opens the
    #: picture the page showed; empty: the capitals' longitude and latitude.
    layout: str = "map"
    positions: tuple[tuple[str, float, float], ...] = ()
    focus_mode: str = DEFAULT_FOCUS_MODE
    hide_isolates: bool = True

    def __post_init__(self) -> None:
        if not self.focus:
            object.__setattr__(self, "focus", None)
        self.view  # noqa: B018 (validates: View raises ValueError on a bad value)

    @property
    def view(self) -> View:
        """The view selected (``graph.view.select``), as the page selects it."""
        return View(self.window, self.filters, self.focus, self.hops,
                    self.focus_mode, self.hide_isolates)  # type: ignore[arg-type]

    @classmethod
    def of(cls, view: View, layout: str = "map",
           positions: tuple[tuple[str, float, float], ...] = ()) -> ExportView:
        """The export of ``view`` drawn in ``layout`` at ``positions``."""
        return cls(view.window, view.filters, view.focus, view.hops, layout, positions,
                   view.focus_mode, view.hide_isolates)

    @classmethod
    def on(cls, day: dt.date, filters: ViewFilter | None = None, *, focus: str | None = None,
           hops: int = 1, layout: str = "map",
           positions: tuple[tuple[str, float, float], ...] = (),
           focus_mode: str = DEFAULT_FOCUS_MODE, hide_isolates: bool = True) -> ExportView:
        """The view of a single date."""
        return cls(Window.on(day), filters or ViewFilter(), focus, hops, layout, positions,
                   focus_mode, hide_isolates)

    @property
    def date(self) -> dt.date | None:
        """The date when the view is of a single day, else None."""
        return self.window.first if self.window.first == self.window.last else None

    @property
    def label(self) -> str:
        return self.window.label

    def filter_values(self) -> dict[str, Any]:
        """Every filter with its value, JSON-ready (empty, 0 or None where not set)."""
        values: dict[str, Any] = {
            key: list(value) if isinstance(value, tuple) else value
            for key, value in dataclasses.asdict(self.filters).items()
        }
        values["focus"] = self.focus
        values["hops"] = self.hops if self.focus else None
        values["focus_mode"] = self.focus_mode if self.focus else None
        values["hide_isolates"] = self.hide_isolates
        return values

    def position_of(self) -> dict[str, tuple[float, float]]:
        """Node positions for the graph files: the layout's, scaled by ``POSITION_SCALE`` (the
        page draws in a unit disc; Gephi's nodes are about ten units wide), or (lon, lat).

        >>> ExportView.on(dt.date(2023, 6, 30), layout="force",
        ...               positions=(("IRN", 0.5, -0.25),)).position_of()
        {'IRN': (500.0, -250.0)}
        """
        scale = 1.0 if self.layout == "map" else POSITION_SCALE
        return {country: (round(x * scale, 4), round(y * scale, 4))
                for country, x, y in self.positions}

    def describe(self) -> str:
        """The filters and the focus in one line (``no filters`` when there are none)."""
        return self.view.describe()


def _regions(dataset: Dataset) -> pd.Series:
    """Country id -> region, as ``graph.view.filter_ties`` wants it."""
    countries = dataset.countries
    return pd.Series(countries["region"].to_numpy(), index=countries["id"].to_numpy())


def apply_view(dataset: Dataset, view: ExportView) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The countries and the ties the view shows, as rows of the dataset's frames: what
    ``graph.view.select`` selects, the call the page makes."""
    chosen = select(dataset, view.view)
    countries = dataset.countries[dataset.countries["id"].isin(list(chosen.countries.index))]
    return countries, chosen.ties


@dataclass(frozen=True)
class ViewSnapshot:
    """Everything the writers need, computed once: countries with metrics, ties, dyads."""

    view: ExportView
    countries: pd.DataFrame
    ties: pd.DataFrame
    dyads: pd.DataFrame
    graph_metrics: Mapping[str, float]
    header: Mapping[str, Any] = field(default_factory=dict)


def export_header(
    dataset: Dataset, view: ExportView, *, generated_at: dt.datetime | None = None,
    permalink: str = "",
) -> dict[str, Any]:
    """Dataset name, version, content hash, date or window, filters, generation time."""
    moment = (generated_at or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    header: dict[str, Any] = {
        "dataset": dataset.name,
        "version": dataset.version,
        "content_hash": dataset.content_hash,
        "license": _license(dataset),
        "date": view.date.isoformat() if view.date else None,
        "window": None if view.date else {"first": view.window.first.isoformat(),
                                          "last": view.window.last.isoformat()},
        "label": view.label,
        "filters": view.filter_values(),
        "layout": view.layout if view.positions else "map (capitals: x = longitude, "
                  "y = latitude)",
        "generated_at": moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "generator": GENERATOR,
        "citation": citation(dataset, permalink),
    }
    if permalink:
        header["permalink"] = permalink
    return header


def _license(dataset: Dataset) -> str:
    licenses = dataset.metadata.get("licenses")
    if isinstance(licenses, list) and licenses and isinstance(licenses[0], Mapping):
        return str(licenses[0].get("name") or "CC-BY-4.0")
    return "CC-BY-4.0"


def citation(dataset: Dataset, permalink: str = "") -> str:
    """How to cite the data (``graph.citation``, as ``data/README.md`` quotes it), followed by
    the permalink of the view when there is one.

    >>> from types import SimpleNamespace
    >>> citation(SimpleNamespace(metadata={"name": "realpolitik-curated", "version": "2026.12.0",
    ...     "title": "Realpolitik curated alliance network"}), "https://x.org/?d=2023-06-30")
    'Realpolitik contributors (2026). Realpolitik curated alliance network, version 2026.12.0 \
[data set]. Realpolitik repository, data/. View: https://x.org/?d=2023-06-30'
    """
    text = citation_of(dataset.metadata).text()
    return f"{text} View: {_one_line(permalink)}" if permalink else text


def snapshot_of(
    dataset: Dataset, view: ExportView, *, generated_at: dt.datetime | None = None,
    permalink: str = "",
) -> ViewSnapshot:
    """Select the view (``graph.view.select``: the page's countries, ties and metrics, the
    metrics of the whole filtered network whatever the focus) for the writers."""
    chosen = select(dataset, view.view)
    ids = sorted(chosen.countries.index)
    countries = dataset.countries[dataset.countries["id"].isin(ids)]
    table = countries.drop_duplicates("id").set_index("id").reindex(ids)
    table = table.join(chosen.countries[METRIC_COLUMNS]).reset_index()
    table["degree"] = table["degree"].fillna(0).astype(int)
    for column in INTEGER_COLUMNS:
        table[column] = table[column].fillna(-1 if column == "bloc" else 0).astype(int)
    header = export_header(dataset, view, generated_at=generated_at, permalink=permalink)
    # How divided the exported network is (graph.polarisation), beside what it is.
    header["network"] = {key: round(float(value), 6) for key, value in chosen.graph.items()}
    return ViewSnapshot(
        view=view,
        countries=table,
        ties=chosen.ties,
        dyads=chosen.dyads.drop(columns=["dim"]).reset_index(drop=True),
        graph_metrics=chosen.graph,
        header=header,
    )


def export_basename(dataset: Dataset, view: ExportView) -> str:
    """A file-name stem for the view's exports, e.g. ``realpolitik-curated-2023-06-30``."""
    name = str(dataset.metadata.get("name") or "realpolitik")
    label = view.label.replace("..", "_to_")
    return safe_filename(f"{name}-{label}")
