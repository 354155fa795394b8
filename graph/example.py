"""A tiny dataset held in code, for the runnable examples of the core's entry points.

Its facts are simplified from the bundled data (the Russia–Iran story in a few rows) and carry
no sources of their own: it exists to show how the functions are called, not to be cited.

>>> dataset = example_dataset()
>>> sorted(dataset.countries["id"]), len(dataset.ties)
(['IRN', 'ISR', 'RUS', 'UKR', 'USA'], 6)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from graph.dataset import LINE, TABLES, Dataset, RawTable, build_dataset

__all__ = ["example_dataset", "example_tables"]

_ROWS: dict[str, list[tuple[str, ...]]] = {
    "countries": [
        # id, name, kind, region, subregion, lat, lon, cow_code, start, end
        ("RUS", "Russia", "state", "Europe", "Eastern Europe", "55.75", "37.62", "365",
         "1991-12-26", ""),
        ("IRN", "Iran", "state", "Asia", "Southern Asia", "35.69", "51.39", "630", "", ""),
        ("ISR", "Israel", "state", "Asia", "Western Asia", "31.77", "35.21", "666", "", ""),
        ("UKR", "Ukraine", "state", "Europe", "Eastern Europe", "50.45", "30.52", "369",
         "1991-08-24", ""),
        ("USA", "United States", "state", "Americas", "Northern America", "38.90", "-77.04", "2",
         "", ""),
    ],
    "ties": [
        # id, source, target, type, sign, weight, directed, start, end, description, sources,
        # confidence
        ("ex-irn-rus-drones", "IRN", "RUS", "arms_transfer", "1", "0.8", "true", "2022-08",
         "2024", "Shahed-136 drones", "ex-src", "high"),
        ("ex-rus-irn-treaty", "RUS", "IRN", "strategic_partnership", "1", "0.6", "false",
         "2025-01-17", "", "Partnership treaty", "ex-src", "high"),
        ("ex-rus-irn-friction", "RUS", "IRN", "friction", "-1", "0.4", "false", "2025-06", "",
         "Iran sidelined", "ex-src", "medium"),
        ("ex-isr-irn-war", "ISR", "IRN", "armed_conflict", "-1", "1", "false", "2023-06",
         "2023-06", "An example war", "ex-src", "medium"),
        ("ex-rus-ukr-war", "RUS", "UKR", "armed_conflict", "-1", "1", "false", "2022-02-24", "",
         "Full-scale invasion", "ex-src", "high"),
        ("ex-usa-ukr-arms", "USA", "UKR", "arms_transfer", "1", "0.8", "true", "2022-03", "",
         "Military aid", "ex-src", "high"),
    ],
    "sources": [("ex-src", "Example", "[example rows, not a source]", "2026", "")],
    "blocs": [],
    "memberships": [],
    "events": [("2022-02-24", "Russia invades Ukraine", "", "RUS;UKR", "ex-src")],
}


def example_tables() -> dict[str, RawTable]:
    """The example's tables as :func:`graph.dataset.build_dataset` reads them."""
    tables = {}
    for name, spec in TABLES.items():
        rows: Sequence[tuple[str, ...]] = _ROWS.get(name, [])
        frame = pd.DataFrame(list(rows), columns=spec.column_names, dtype=object)
        frame[LINE] = list(range(2, len(frame) + 2))
        tables[name] = RawTable(name, Path(spec.filename), frame, list(spec.column_names))
    return tables


def example_dataset() -> Dataset:
    """Five countries and six ties, 2022–2025, typed as a loaded dataset is."""
    metadata = {"name": "example", "title": "Realpolitik example", "version": "0"}
    return build_dataset(example_tables(), metadata, dataset_hash="example")
