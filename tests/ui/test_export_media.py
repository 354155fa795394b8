"""Images, the standalone page and the GIF of a view (ui/export_media.py), on the tiny dataset.

Rendering needs kaleido and Chromium: those tests skip with the reason when either is missing,
and fail instead under REALPOLITIK_REQUIRE_BROWSER=1. The page is also opened in headless
Chromium (Playwright) to check that it draws, moves with its slider and fetches nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from media_helpers import assert_offline, page_parts, require_renderer

from graph.export import format_names
from graph.view_state import parse_query
from ui.export_media import (
    FILE_FORMATS,
    GIF_SIZE,
    PRINT_SIZE,
    ExportError,
    RenderSession,
    animation_gif,
    caption_text,
    export_file,
    figure_for,
    gif_months,
    gif_span,
    render_images,
    standalone_html,
)
from ui.figures import network_figure
from ui.model import ExplorerData, build_scene, load_explorer_data


def _tiny_folder(root: Path) -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from conftest import write_dataset  # type: ignore[import-not-found]

    return write_dataset(root / "tiny")  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ExplorerData:
    folder = _tiny_folder(tmp_path_factory.mktemp("data"))
    return load_explorer_data(folder, cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def session() -> Iterator[RenderSession]:
    require_renderer()
    with RenderSession(geo=True, tabs=2) as opened:
        yield opened


def view(data: ExplorerData, query: str) -> Any:
    state = parse_query(query, data.vocabulary)
    assert state.notices == ()
    return state


# --------------------------------------------------------------------------------------------
# Figures


def test_caption_is_the_page_caption_plus_the_focus(data: ExplorerData) -> None:
    from ui.callbacks import caption_of

    plain = view(data, "?date=2023-06-30&sign=-1")
    assert caption_text(data, plain) == caption_of(data, plain)
    assert caption_text(data, plain) == (
        f"{data.dataset.name} v{data.dataset.version} · 2023-06 · hostility only"
    )
    focused = view(data, "?date=2023-06-30&focus=IRN&hops=2")
    assert caption_text(data, focused).endswith(" · 2023-06 · no filters · focus IRN (2 hops)")
    assert " · 2023-06 · " not in caption_text(data, focused, dated=False)


def test_figure_for_is_the_page_figure_ready_for_print(data: ExplorerData) -> None:
    state = view(data, "?date=2023-06-30")
    figure = figure_for(data, state)
    layout = figure["layout"]
    assert (layout["width"], layout["height"]) == PRINT_SIZE
    assert layout["paper_bgcolor"] == layout["plot_bgcolor"] == "#ffffff"
    assert layout["title"]["text"] == "June 2023"
    texts = [annotation["text"] for annotation in layout["annotations"]]
    assert caption_text(data, state) in texts
    page = network_figure(
        build_scene(data, state),
        layout="force",
        size="pagerank",
        colour_by="bloc",
        flows=False,
    )
    # The same traces as the page draws, only styled for print.
    assert [trace["name"] for trace in figure["data"]] == [trace["name"] for trace in page["data"]]
    assert figure_for(data, state, caption=False)["layout"]["annotations"] != layout["annotations"]


def test_figure_for_a_window_and_the_map(data: ExplorerData) -> None:
    figure = figure_for(data, view(data, "?from=2022-01&to=2023-06&layout=map"))
    assert figure["layout"]["title"]["text"] == "January 2022 – June 2023"
    assert figure["layout"]["geo"]["bgcolor"] == "#ffffff"
    assert {trace["type"] for trace in figure["data"]} == {"scattergeo"}


def test_gif_months_clamp_to_the_timeline_and_thin_out(data: ExplorerData) -> None:
    months = data.vocabulary.months
    chosen = gif_months(data, dt.date(2023, 1, 1), dt.date(2023, 6, 30), every=2)
    assert [months[index] for index in chosen] == ["2023-01", "2023-03", "2023-05"]
    assert gif_months(data, dt.date(1800, 1, 1), dt.date(1800, 2, 1)) == [0]
    with pytest.raises(ValueError, match="before its start"):
        gif_months(data, dt.date(2023, 6, 1), dt.date(2023, 1, 1))


def test_gif_span_defaults_to_the_60_months_up_to_the_view(data: ExplorerData) -> None:
    state = view(data, "?date=2023-06-30")
    assert gif_span(data, state) == (dt.date(2018, 7, 1), dt.date(2023, 6, 30))
    window = view(data, "?from=2020-01&to=2021-02")
    assert gif_span(data, window, start=dt.date(2020, 5, 1))[1] == dt.date(2021, 2, 28)


# --------------------------------------------------------------------------------------------
# One entry point for the page's Export menu and the command line


@pytest.mark.parametrize(
    ("fmt", "suffix", "media_type"),
    [
        ("csv", "-ties.csv", "text/csv"),
        ("gexf-dynamic", "-timeline.gexf", "application/gexf+xml"),
        ("json", ".json", "application/json"),
        ("html", ".html", "text/html; charset=utf-8"),
    ],
)
def test_export_file_names_and_types(
    data: ExplorerData, fmt: str, suffix: str, media_type: str
) -> None:
    result = export_file(data, view(data, "?date=2023-06-30&focus=IRN"), fmt, render=False)
    assert result.name == f"tiny-2023-06{suffix}"
    assert result.media_type == media_type
    assert result.payload and result.warnings == ()


def test_export_file_without_rendering(data: ExplorerData) -> None:
    import zipfile

    state = view(data, "?date=2023-06")
    bundle = export_file(
        data, state, "bundle", permalink="https://x.org/?date=2023-06", render=False
    )
    assert bundle.name == "tiny-2023-06.zip" and bundle.media_type == "application/zip"
    assert bundle.warnings == ("the bundle holds no images: rendering is off here",)
    with zipfile.ZipFile(io.BytesIO(bundle.payload)) as archive:
        assert not [name for name in archive.namelist() if "/images/" in name]
        readme = archive.read("tiny-2023-06/README.md").decode()
    assert "https://x.org/?date=2023-06" in readme
    with pytest.raises(ExportError, match="PNG export needs Chromium"):
        export_file(data, state, "png", render=False)
    with pytest.raises(ValueError, match="unknown export format"):
        export_file(data, state, "tiff")
    assert set(format_names(FILE_FORMATS)) >= {
        "png", "svg", "html", "gif", "csv", "bundle", "gexf-dynamic"}


# --------------------------------------------------------------------------------------------
# The standalone page


def test_standalone_page_is_self_contained_with_a_month_slider(data: ExplorerData) -> None:
    state = view(data, "?date=2023-06-30&sign=-1")
    page = standalone_html(data, state)
    assert page.startswith("<!DOCTYPE html>")
    assert_offline(page)
    parts = page_parts(page)
    assert "plotly.js v" in parts["plotly"][:400]
    spec = parts["spec"]
    months = list(data.vocabulary.months)
    slider = spec["layout"]["sliders"][0]
    assert [step["value"] for step in slider["steps"]] == months
    assert {step["method"] for step in slider["steps"]} == {"skip"}
    assert slider["active"] == months.index("2023-06")
    assert spec["months"] == months and len(spec["titles"]) == len(months)
    frames = parts["frames"]["frames"]
    assert len(spec["frame_of_month"]) == len(months)
    assert set(spec["frame_of_month"]) == set(range(len(frames)))
    # Months that draw the same figure share a frame.
    assert len(frames) <= len(set(data.timeline.snapshot_of_month.tolist()))
    # Hover texts index the string table; the live page's click hints are gone.
    strings = parts["frames"]["strings"]
    assert strings and not any("click for sources" in text for text in strings)
    june = frames[spec["frame_of_month"][months.index("2023-06")]]
    hovers = [strings[i] for trace in june for i in trace.get("hovertext", {}).get("strings", [])]
    assert any("Russia – Ukraine" in text for text in hovers)
    assert "hostility only" in page


def test_standalone_map_page_carries_its_own_topojson(data: ExplorerData) -> None:
    page = standalone_html(data, view(data, "?date=2023-06&layout=map"))
    assert_offline(page)
    assert "window.PlotlyGeoAssets = {topojson: {world_110m: " in page
    assert page_parts(page)["spec"]["config"]["topojsonURL"] == ""


def test_standalone_page_escapes_dataset_text(tmp_path: Path) -> None:
    folder = _tiny_folder(tmp_path)
    descriptor = json.loads((folder / "datapackage.json").read_text())
    descriptor["title"] = "</script><script>alert(1)</script>"
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    evil = load_explorer_data(folder, cache_dir=tmp_path / "cache")
    page = standalone_html(evil, parse_query("?date=2023-06", evil.vocabulary))
    assert "<script>alert(1)" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page


def test_standalone_page_draws_and_follows_its_slider_offline(
    data: ExplorerData, browser: Any, tmp_path: Path
) -> None:
    path = tmp_path / "page.html"
    path.write_text(standalone_html(data, view(data, "?date=2023-06")), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    try:
        page.goto(path.as_uri())
        page.wait_for_function("() => !document.getElementById('status')", timeout=30_000)
        assert page.get_attribute("#graph", "data-month") == "2023-06"
        assert page.text_content("#date") == "June 2023"
        rail = page.locator(".slider-rail-rect").first.bounding_box()
        page.mouse.click(rail["x"] + 2, rail["y"] + rail["height"] / 2)
        page.wait_for_function(
            "() => document.getElementById('graph').dataset.month === '%s'"
            % data.vocabulary.months[0]
        )
        page.click("#forward")
        page.wait_for_function(
            "() => document.getElementById('graph').dataset.month === '%s'"
            % data.vocabulary.months[1]
        )
        drawn = page.evaluate("() => document.getElementById('graph').data.length")
        assert drawn >= 1
    finally:
        context.close()
    assert errors == []
    assert requests == [path.as_uri()]


# --------------------------------------------------------------------------------------------
# Images and the GIF (kaleido + Chromium)


def test_png_has_the_requested_scale_and_svg_is_xml(
    data: ExplorerData, session: RenderSession
) -> None:
    from PIL import Image

    figure = figure_for(data, view(data, "?date=2023-06-30"))
    png, map_png = session.render(
        [figure, figure_for(data, view(data, "?date=2023-06-30&layout=map"))], "png", 2
    )
    for image in (png, map_png):
        opened = Image.open(io.BytesIO(image))
        assert opened.format == "PNG"
        assert opened.size == (PRINT_SIZE[0] * 2, PRINT_SIZE[1] * 2)
    # The map is drawn (land and sea are not white) although nothing was fetched.
    colours = Image.open(io.BytesIO(map_png)).convert("RGB").getcolors(1 << 20) or []
    assert len(colours) > 50
    (svg,) = session.render([figure], "svg")
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == tuple(str(side) for side in PRINT_SIZE)
    assert b"June 2023" in svg


def test_render_images_opens_its_own_session(data: ExplorerData) -> None:
    require_renderer()
    (svg,) = render_images([figure_for(data, view(data, "?date=2023-06"))], "svg")
    assert svg.lstrip().startswith(b"<svg")
    with pytest.raises(ValueError, match="image format"):
        render_images([{"data": []}], "tiff")


def test_gif_has_one_frame_per_month(data: ExplorerData, session: RenderSession) -> None:
    from PIL import Image

    state = view(data, "?date=2023-06-30&layout=circle")
    gif = animation_gif(data, state, dt.date(2023, 4, 1), dt.date(2023, 6, 30), 5, session=session)
    opened = Image.open(io.BytesIO(gif))
    assert opened.format == "GIF"
    assert opened.n_frames == 3
    assert opened.size == GIF_SIZE
    assert opened.info["duration"] == 200
    assert opened.info.get("loop") == 0


def test_a_missing_browser_is_a_clear_error(
    data: ExplorerData, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    figure = figure_for(data, view(data, "?date=2023-06"))
    with pytest.raises(ExportError, match=r"apt-get install chromium|pip install"):
        render_images([figure], "png")
