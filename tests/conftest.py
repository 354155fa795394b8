"""Small datasets built in code, so every test states the facts it relies on."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pytest

from graph.dataset import TABLES, Dataset, datapackage_descriptor
from graph.validate import load_dataset

COUNTRIES = [
    # id, name, kind, region, subregion, lat, lon, cow_code, start, end
    ("RUS", "Russia", "state", "Europe", "Eastern Europe", "55.75", "37.62", "365",
     "1991-12-26", ""),
    ("SUN", "Soviet Union", "state", "Europe", "Eastern Europe", "55.75", "37.62", "365",
     "", "1991-12-26"),
    ("IRN", "Iran", "state", "Asia", "Southern Asia", "35.69", "51.39", "630", "", ""),
    ("ISR", "Israel", "state", "Asia", "Western Asia", "31.77", "35.21", "666", "", ""),
    ("USA", "United States", "state", "Americas", "Northern America", "38.90", "-77.04", "2",
     "", ""),
    ("BLR", "Belarus", "state", "Europe", "Eastern Europe", "53.90", "27.57", "370",
     "1991-08-25", ""),
    ("UKR", "Ukraine", "state", "Europe", "Eastern Europe", "50.45", "30.52", "369",
     "1991-08-24", ""),
    ("HZB", "Hezbollah", "non_state", "Asia", "Western Asia", "33.85", "35.51", "", "1982", ""),
]

TIES = [
    # id, source, target, type, sign, weight, directed, start, end, description, sources, conf
    ("t-irn-rus-arms-2022", "IRN", "RUS", "arms_transfer", "1", "0.5", "true", "2022-08",
     "2022-12", "Shahed-136 drones", "s1", "high"),
    ("t-irn-rus-arms-2023", "IRN", "RUS", "arms_transfer", "1", "0.8", "true", "2023",
     "2024", "Shahed-136 drones, larger deliveries", "s1", "high"),
    ("t-rus-irn-treaty", "RUS", "IRN", "strategic_partnership", "1", "0.6", "false",
     "2025-01-17", "", "Comprehensive Strategic Partnership Treaty", "s2", "high"),
    ("t-rus-irn-friction", "RUS", "IRN", "friction", "-1", "0.4", "false", "2025-06", "",
     "Iran sidelined", "s2", "medium"),
    ("t-isr-irn-strike", "ISR", "IRN", "military_strike", "-1", "0.5", "true", "2024-04-19",
     "2024-04-19", "Strike near Isfahan", "s3", "high"),
    ("t-rus-blr-union", "RUS", "BLR", "alliance", "1", "1", "false", "2000-01-26", "",
     "Union State", "s2", "high"),
    ("t-rus-ukr-war", "RUS", "UKR", "armed_conflict", "-1", "1", "false", "2022-02-24", "",
     "Full-scale invasion", "s3", "high"),
    ("t-usa-ukr-arms", "USA", "UKR", "arms_transfer", "1", "0.8", "true", "2022-03", "",
     "US military aid", "s3", "high"),
    ("t-irn-hzb", "IRN", "HZB", "military_cooperation", "1", "0.8", "false", "1991-01-01",
     "", "Patronage", "s3", "medium"),
    ("t-isr-hzb-war", "ISR", "HZB", "armed_conflict", "-1", "0.8", "false", "2023-10-08",
     "2024-11-27", "War", "s3", "high"),
    ("t-sun-irn", "SUN", "IRN", "arms_transfer", "1", "0.5", "true", "1991-01", "1991-12",
     "Late Soviet deliveries", "s3", "low"),
]

SOURCES = [
    ("s1", "SIPRI", "SIPRI Arms Transfers Database: trade register", "2026-02-12", ""),
    ("s2", "Reuters", "Russia and Iran sign partnership treaty", "2025-01-17", ""),
    ("s3", "Test Publisher", "A test source", "2024", "https://example.org/a"),
]

BLOCS = [("UNION_STATE", "Union State", "political_union", "2000-01-26", "")]
MEMBERSHIPS = [
    ("RUS", "UNION_STATE", "2000-01-26", "", "member", "s2", "high", ""),
    ("BLR", "UNION_STATE", "2000-01-26", "", "member", "s2", "high", ""),
]
EVENTS = [
    ("2022-02-24", "Russia invades Ukraine", "", "RUS;UKR", "s3"),
    ("2025-01-17", "Russia–Iran treaty", "", "RUS;IRN", "s2"),
]

Rows = Iterable[Iterable[str]]


def write_dataset(
    folder: Path,
    *,
    countries: Rows = COUNTRIES,
    ties: Rows = TIES,
    sources: Rows = SOURCES,
    blocs: Rows = BLOCS,
    memberships: Rows = MEMBERSHIPS,
    events: Rows = EVENTS,
    overrides: Mapping[str, str] | None = None,
) -> Path:
    """Write a dataset folder; ``overrides`` replaces whole files by raw text."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = {"countries": countries, "ties": ties, "sources": sources, "blocs": blocs,
              "memberships": memberships, "events": events}
    for name, rows in tables.items():
        with (folder / TABLES[name].filename).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(TABLES[name].column_names)
            writer.writerows(rows)
    for filename, text in (overrides or {}).items():
        (folder / filename).write_text(text, encoding="utf-8")
    descriptor = datapackage_descriptor({"name": "tiny", "title": "Tiny test data",
                                         "version": "0.0.1"})
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


@pytest.fixture
def dataset_dir(tmp_path: Path) -> Path:
    return write_dataset(tmp_path / "tiny")


@pytest.fixture
def tiny(dataset_dir: Path) -> Dataset:
    return load_dataset(dataset_dir)


@pytest.fixture
def make_dataset(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1000))

    def make(**changes: object) -> Path:
        return write_dataset(tmp_path / f"ds{next(counter)}", **changes)  # type: ignore[arg-type]

    return make


@pytest.fixture
def tiny_rows() -> dict[str, list[list[str]]]:
    """The tiny dataset's rows as fresh lists, for a test that needs a variant of it."""
    tables = {"countries": COUNTRIES, "ties": TIES, "sources": SOURCES, "blocs": BLOCS,
              "memberships": MEMBERSHIPS, "events": EVENTS}
    return {name: [list(row) for row in rows] for name, rows in tables.items()}
