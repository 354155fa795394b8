"""One view, one pipeline: for random views, the page's scene, the CSV export and the command
line list the same countries and the same dyads (they all call ``graph.view.select``)."""

from __future__ import annotations

import contextlib
import csv
import io
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cli
from graph.dataset import CONFIDENCE_LEVELS, TIE_TYPES
from graph.export import ExportView, countries_csv, ties_csv
from graph.temporal import Window
from graph.view import FOCUS_MODES
from graph.view_state import ViewState
from ui.model import ExplorerData, build_scene, load_explorer_data, view_of

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import COUNTRIES, write_dataset  # type: ignore[import-not-found]

MONTHS = ["2022-09", "2023-06", "2024-04", "2024-10", "2025-07"]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ExplorerData:
    folder = write_dataset(tmp_path_factory.mktemp("one-view") / "tiny")
    return load_explorer_data(folder, cache_dir=folder.parent / "cache")


views = st.builds(
    dict,
    month=st.sampled_from(MONTHS),
    types=st.lists(st.sampled_from(sorted(TIE_TYPES)), max_size=3, unique=True),
    sign=st.sampled_from([0, 1, -1]),
    min_weight=st.sampled_from([0.0, 0.5, 0.9]),
    confidence=st.lists(st.sampled_from(CONFIDENCE_LEVELS), max_size=2, unique=True),
    region=st.lists(st.sampled_from(["Asia", "Europe", "Americas"]), max_size=2, unique=True),
    focus=st.sampled_from(["", *sorted({row[0] for row in COUNTRIES} - {"SUN"})]),
    hops=st.sampled_from([1, 2]),
    focus_mode=st.sampled_from(FOCUS_MODES),
    hide_isolates=st.booleans(),
)


def _cli_rows(*argv: str) -> list[dict[str, str]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(argv))
    assert status == 0, err.getvalue()
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def _pairs(rows: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {tuple(sorted((row["source"], row["target"]))) for row in rows}  # type: ignore[misc]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choice=views)
def test_page_export_and_cli_select_the_same_countries_and_dyads(
    data: ExplorerData, choice: dict[str, object]
) -> None:
    month = str(choice["month"])
    state = ViewState(
        step=data.timeline.months.index(month),
        types=tuple(choice["types"]),  # type: ignore[arg-type]
        sign=int(choice["sign"]),  # type: ignore[call-overload]
        min_weight=float(choice["min_weight"]),  # type: ignore[arg-type]
        confidence=tuple(choice["confidence"]),  # type: ignore[arg-type]
        region=tuple(choice["region"]),  # type: ignore[arg-type]
        focus=str(choice["focus"]),
        hops=int(choice["hops"]),  # type: ignore[call-overload]
        focus_mode=str(choice["focus_mode"]),
        hide_isolates=bool(choice["hide_isolates"]),
    )
    scene = build_scene(data, state)
    page_countries = set(scene.nodes.index)
    page_dyads = set(zip(scene.dyads["source"], scene.dyads["target"], strict=True))
    page_dyads = {tuple(sorted(pair)) for pair in page_dyads}

    view = view_of(data, state)
    export_view = ExportView.of(view)
    exported = list(csv.DictReader(io.StringIO(countries_csv(data.dataset, export_view))))
    exported_ties = list(csv.DictReader(io.StringIO(ties_csv(data.dataset, export_view))))

    options = ["--data", str(data.dataset.path), "--from", month, "--to", month,
               "--hops", str(state.hops), "--focus-mode", state.focus_mode,
               "--isolates", "hide" if state.hide_isolates else "show",
               "--sign", str(state.sign) if state.sign else "all",
               "--min-weight", f"{state.min_weight:g}"]
    for name, values in (("--types", state.types), ("--confidence", state.confidence),
                         ("--region", state.region)):
        if values:
            options += [name, ",".join(values)]
    if state.focus:
        options += ["--focus", state.focus]
    listed = _cli_rows("metrics", *options)
    listed_dyads = _cli_rows("ties", *options)

    assert view.window == Window.month(view.window.first)
    assert {row["id"] for row in exported} == page_countries
    assert {row["id"] for row in listed} == page_countries
    assert _pairs(exported_ties) == page_dyads
    assert _pairs(listed_dyads) == page_dyads
