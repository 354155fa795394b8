"""Images, a standalone page and an animation of a view: the media side of the exports.

- :func:`figure_for`: the page's figure of a view, for print (white, 1600 x 1000 px, a title
  and a caption line naming the dataset, its version, the date or window and the filters);
- :func:`render_images`: PNG or SVG bytes of figures, through kaleido in one headless Chromium
  session per batch (:class:`RenderSession` starts the browser in the background, so a caller
  can load its data while Chromium starts);
- :func:`standalone_html`: one self-contained HTML file: the graph with a slider over every
  month of the timeline, readable offline;
- :func:`animation_gif`: an animated GIF of the timeline over a span, the month drawn large on
  each frame.

The standalone page holds everything it needs. plotly.js alone (4.8 MB) is near the 5 MB the
page may weigh, and one figure per month of the bundled timeline is 17 MB of JSON, so both are
stored gzip-compressed and base64-encoded, and inflated by the browser's own
``DecompressionStream`` (Chromium 80, Firefox 113, Safari 16.4 and later); the strings of the
monthly figures (hover texts, labels) are stored once in a table that the frames index. The
map layout works offline too: the world topojson (``assets/topojson/world_110m.json``) is
inlined as ``window.PlotlyGeoAssets``, where plotly.js looks before fetching. Nothing is
fetched from the network: no ``<script src>``, no CDN, no web font.

The slider is a plotly slider (``layout.sliders``) whose steps are the months; its frames (one
per distinct drawn figure, shared by months whose figure is the same) are drawn with
``Plotly.react``, not ``Plotly.animate``: the number and kind of traces differ from month to
month (one per community, width class, ...), which animate, merging traces by index, cannot
show faithfully.

This module uses ``ui.state``, ``ui.model`` and ``ui.figures`` (the page's own view, scene and
figure), never dash nor the callbacks; kaleido, plotly.js and Pillow are imported when needed.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import contextlib
import datetime as dt
import gzip
import html
import io
import json
import math
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from graph.export import FORMATS, ExportFormat, find_format, format_registry
from ui.state import ViewState

if TYPE_CHECKING:
    from ui.model import ExplorerData

# ui.model and ui.figures (igraph, networkx) are imported where used, so that a RenderSession
# starts Chromium half a second sooner, while its caller loads the data.

__all__ = [
    "BROWSER_FORMATS",
    "FILE_FORMATS",
    "GIF_SIZE",
    "IMAGE_FORMATS",
    "MEDIA_FORMATS",
    "PRINT_SIZE",
    "ExportError",
    "ExportFile",
    "RenderSession",
    "animation_gif",
    "caption_text",
    "export_file",
    "export_view",
    "figure_for",
    "gif_months",
    "gif_span",
    "media_basename",
    "render_images",
    "standalone_html",
]

Figure = dict[str, Any]

#: Width and height in CSS pixels of a printed figure (PNG and SVG; ``scale`` multiplies).
PRINT_SIZE = (1600, 1000)
#: Width and height of a GIF frame.
GIF_SIZE = (1000, 640)
IMAGE_FORMATS = ("png", "svg")
#: Frames beyond this make a GIF nobody wants to download; ``every`` thins them out.
MAX_GIF_FRAMES = 600
WORLD_TOPOJSON = Path(__file__).resolve().parent.parent / "assets" / "topojson" / "world_110m.json"
CHROMIUM_HINT = "apt-get install chromium"


class ExportError(Exception):
    """An export that cannot be made here, with what to do about it."""


# --------------------------------------------------------------------------------------------
# Figures


def _month_title(label: str) -> str:
    """``2023-06`` as ``June 2023`` (as the page's heading shows it).

    >>> _month_title("2023-06")
    'June 2023'
    """
    return dt.date.fromisoformat(label + "-01").strftime("%B %Y")


def _when(data: ExplorerData, state: ViewState) -> str:
    """The date or window of a view in words."""
    months = data.vocabulary.months
    if state.window is not None:
        return f"{_month_title(months[state.window[0]])} – {_month_title(months[state.window[1]])}"
    return _month_title(months[data.step_of(state)])


def caption_text(data: ExplorerData, state: ViewState, *, dated: bool = True) -> str:
    """The caption line: dataset, version, date or window, filters and focus.

    With ``dated`` and no focus it is the page's caption (``ui.callbacks.caption_of``), e.g.
    ``Realpolitik curated alliance network v2026.11.0 · 2023-06 · no filters``.
    """
    parts = [f"{data.dataset.name} v{data.dataset.version}"]
    if dated:
        parts.append(data.window_of(state).label)
    from ui.model import view_filter

    parts.append(view_filter(state).describe())
    if state.focus:
        parts.append(f"focus {state.focus} ({state.hops} hop{'s' if state.hops > 1 else ''})")
    return " · ".join(parts)


def _is_geo(figure: Figure) -> bool:
    return "geo" in figure.get("layout", {}) or any(
        trace.get("type") == "scattergeo" for trace in figure.get("data", [])
    )


def figure_for(
    data: ExplorerData,
    state: ViewState,
    *,
    caption: bool = True,
    size: tuple[int, int] = PRINT_SIZE,
) -> Figure:
    """The page's figure of a view, for print: white, ``size`` pixels, titled with the date.

    The figure is ``ui.figures.network_figure`` of ``ui.model.build_scene`` (what the page
    draws), with the caption line of :func:`caption_text` when ``caption`` is true.
    """
    from ui.figures import network_figure
    from ui.model import build_scene

    scene = build_scene(data, state)
    figure = network_figure(
        scene,
        layout=state.layout,
        size=state.size,
        colour_by=state.color,
        flows=state.flows,
        caption=caption_text(data, state) if caption else "",
    )
    width, height = size
    layout = figure["layout"]
    layout.pop("uirevision", None)
    layout.update(
        width=width,
        height=height,
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        font={"family": "Inter, system-ui, sans-serif", "size": 13, "color": "#222"},
        margin={"l": 20, "r": 20, "t": 78, "b": 20},
        title={
            "text": html.escape(_when(data, state)),
            "x": 0.012,
            "xanchor": "left",
            "y": 0.985,
            "yanchor": "top",
            "font": {"size": 26, "color": "#111"},
        },
    )
    # Print: the legend beside the graph rather than under it, labels a little larger.
    layout["legend"] = {
        **layout.get("legend", {}),
        "orientation": "v",
        "x": 1.01,
        "xanchor": "left",
        "y": 1.0,
        "yanchor": "top",
        "font": {"size": 13},
    }
    for annotation in layout.get("annotations", []):
        annotation.setdefault("font", {})["size"] = 13
    for trace in figure["data"]:
        if "textfont" in trace:
            trace["textfont"] = {**trace["textfont"], "size": 12}
    if "geo" in layout:
        layout["geo"]["bgcolor"] = "#ffffff"
    return figure


def _date_banner(label: str) -> dict[str, Any]:
    """The month drawn large in a corner of a GIF frame."""
    return {
        "text": f"<b>{html.escape(_month_title(label))}</b>",
        "showarrow": False,
        "xref": "paper",
        "yref": "paper",
        "x": 0.01,
        "y": 0.99,
        "xanchor": "left",
        "yanchor": "top",
        "font": {"size": 44, "color": "#111"},
        "bgcolor": "rgba(255,255,255,0.85)",
        "borderpad": 4,
    }


# --------------------------------------------------------------------------------------------
# Rendering through kaleido


def _geo_script(folder: Path) -> Path:
    """A script giving plotly.js the world topojson, so maps need no network."""
    path = folder / "realpolitik-geo-assets.js"
    path.write_text(
        "window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};\n"
        "window.PlotlyGeoAssets.topojson.world_110m = "
        + WORLD_TOPOJSON.read_text(encoding="utf-8")
        + ";\n",
        encoding="utf-8",
    )
    return path


def _kaleido_error(error: BaseException) -> ExportError:
    """The project's error for a failure of kaleido or of its browser, saying what to do."""
    name = type(error).__name__
    if name == "ChromeNotFoundError":
        return ExportError(
            f"PNG, SVG and GIF export need Chromium: {CHROMIUM_HINT} "
            "(or set BROWSER_PATH to a Chrome or Chromium executable)"
        )
    if name in ("BrowserFailedError", "BrowserClosedError"):
        return ExportError(
            f"Chromium did not start or stopped ({error}); check that `chromium --headless "
            "--no-sandbox --dump-dom about:blank` runs here"
        )
    return ExportError(f"rendering the image failed: {name}: {error}".rstrip(": "))


class RenderSession:
    """One headless Chromium (kaleido) rendering any number of figures, started at once.

    The browser starts in a background thread when the session is made, so that the caller
    can prepare its figures meanwhile; :meth:`render` waits for it. Use as a context manager
    (or call :meth:`close`). ``geo`` loads the world topojson into the page (maps), ``tabs``
    renders that many figures at a time.
    """

    def __init__(self, *, geo: bool = False, tabs: int = 1, timeout: float = 90) -> None:
        self.geo = geo
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="realpolitik-kaleido", daemon=True
        )
        self._thread.start()
        self._folder = tempfile.TemporaryDirectory(prefix="realpolitik-render-")
        self._closed = False
        self._browser: concurrent.futures.Future[Any] = asyncio.run_coroutine_threadsafe(
            self._open(tabs, timeout), self._loop
        )

    async def _open(self, tabs: int, timeout: float) -> Any:
        try:
            import kaleido
        except ImportError as error:
            raise ExportError(
                "PNG, SVG and GIF export need kaleido: pip install 'realpolitik[export]'"
            ) from error
        others = [str(_geo_script(Path(self._folder.name)))] if self.geo else None
        try:
            page = kaleido.PageGenerator(mathjax=False, others=others)
            browser = kaleido.Kaleido(n=max(1, tabs), timeout=timeout, page_generator=page)
            await browser.open()
        except ExportError:
            raise
        except Exception as error:
            raise _kaleido_error(error) from error
        return browser

    def _wait_browser(self) -> Any:
        if self._closed:
            raise ExportError("the render session is closed")
        try:
            return self._browser.result()
        except ExportError:
            raise
        except Exception as error:
            raise _kaleido_error(error) from error

    def check(self) -> None:
        """Wait until the browser runs; raise :class:`ExportError` when it cannot start."""
        self._wait_browser()

    def render(self, figures: Sequence[Figure], fmt: str, scale: float = 1.0) -> list[bytes]:
        """The images of ``figures`` in format ``fmt`` (png or svg), in order."""
        if fmt not in IMAGE_FORMATS:
            raise ValueError(f"unknown image format {fmt!r}; choose from {IMAGE_FORMATS}")
        if not (isinstance(scale, int | float) and 0 < scale <= 10 and math.isfinite(scale)):
            raise ValueError(f"scale must be a number above 0 and at most 10, not {scale!r}")
        if not self.geo and any(_is_geo(figure) for figure in figures):
            raise ExportError("a map figure needs a RenderSession(geo=True)")
        browser = self._wait_browser()

        async def batch() -> list[bytes]:
            return list(
                await asyncio.gather(
                    *(
                        browser.calc_fig(figure, opts={"format": fmt, "scale": scale})
                        for figure in figures
                    )
                )
            )

        try:
            images = asyncio.run_coroutine_threadsafe(batch(), self._loop).result()
        except Exception as error:
            raise _kaleido_error(error) from error
        return [bytes(image) for image in images]

    def close(self) -> None:
        """Stop the browser and the thread (safe to call twice)."""
        if self._closed:
            return
        self._closed = True
        try:
            if self._browser.exception(timeout=120) is None:
                browser = self._browser.result()
                asyncio.run_coroutine_threadsafe(browser.close(), self._loop).result(timeout=30)
        except Exception:  # closing a browser that failed to start or died: nothing to do
            pass
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=30)
            if not self._thread.is_alive():
                self._loop.close()
            self._folder.cleanup()

    def __enter__(self) -> RenderSession:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def render_images(
    figures: Sequence[Figure],
    fmt: str,
    scale: float = 1.0,
    *,
    session: RenderSession | None = None,
) -> list[bytes]:
    """PNG or SVG bytes of each figure, rendered in one Chromium session.

    Without ``session`` one is opened for the batch and closed after it. Raises
    :class:`ExportError` when kaleido or Chromium is missing.
    """
    if session is not None:
        return session.render(figures, fmt, scale)
    if not figures:
        return []
    with RenderSession(geo=any(_is_geo(figure) for figure in figures)) as opened:
        return opened.render(figures, fmt, scale)


# --------------------------------------------------------------------------------------------
# The animated GIF


def gif_months(data: ExplorerData, start: dt.date, end: dt.date, every: int = 1) -> list[int]:
    """Indices of the months from ``start`` to ``end`` (clamped to the timeline), one per
    ``every`` months."""
    if every < 1:
        raise ValueError("every must be at least 1")
    if end < start:
        raise ValueError("the end of the animation is before its start")
    vocabulary = data.vocabulary
    first = vocabulary.month_of(start.isoformat())
    last = vocabulary.month_of(end.isoformat())
    if first is None or last is None:  # pragma: no cover - ISO dates always parse
        raise ValueError("unreadable dates")
    return list(range(first, last + 1, every))


def _palette(frames: Sequence[Any]) -> Any:
    """One palette for the whole animation (no flicker between frames), taken from its first,
    middle and last frames, with the background exactly white."""
    from PIL import Image

    sample = [frames[0], frames[len(frames) // 2], frames[-1]]
    width, height = sample[0].size
    montage = Image.new("RGB", (width * len(sample), height), "white")
    for position, frame in enumerate(sample):
        montage.paste(frame, (position * width, 0))
    palette = montage.quantize(colors=255, method=Image.Quantize.MEDIANCUT)
    colours = (palette.getpalette() or [])[: 255 * 3]
    # Median cut averages the white background with its anti-aliased edges into an off-white;
    # Pillow's nearest-colour search is approximate, so every near-white entry becomes white.
    for start in range(0, len(colours), 3):
        if min(colours[start : start + 3]) >= 245:
            colours[start : start + 3] = [255, 255, 255]
    palette.putpalette(colours)
    return palette


def animation_gif(
    data: ExplorerData,
    state: ViewState,
    start: dt.date,
    end: dt.date,
    fps: float,
    *,
    every: int = 1,
    size: tuple[int, int] = GIF_SIZE,
    session: RenderSession | None = None,
) -> bytes:
    """An animated GIF of the view month by month from ``start`` to ``end``.

    Every frame is the view at one month (its filters, layout, colours; a window is ignored)
    with the month written large in the top left corner; ``fps`` frames per second, looping.
    Frames are rendered in one kaleido session and assembled with Pillow.
    """
    try:
        from PIL import Image
    except ImportError as error:
        raise ExportError("GIF export needs Pillow: pip install 'realpolitik[export]'") from error
    if not (math.isfinite(fps) and 0 < fps <= 50):
        raise ValueError(f"fps must be above 0 and at most 50, not {fps!r}")
    months = gif_months(data, start, end, every)
    if len(months) > MAX_GIF_FRAMES:
        raise ValueError(
            f"{len(months)} frames is too many (at most {MAX_GIF_FRAMES}): shorten the span "
            "or keep one month in several"
        )
    labels = data.vocabulary.months
    figures = []
    for month in months:
        figure = figure_for(data, replace(state, step=month, window=None), caption=False, size=size)
        layout = figure["layout"]
        layout.pop("title", None)
        layout["margin"] = {"l": 10, "r": 10, "t": 30, "b": 10}
        layout["annotations"] = [
            *layout.get("annotations", []),
            {
                "text": html.escape(caption_text(data, state, dated=False)),
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": {"size": 12, "color": "#555"},
            },
            _date_banner(labels[month]),
        ]
        figures.append(figure)
    if session is None:
        with RenderSession(geo=state.layout == "map", tabs=2) as opened:
            pngs = opened.render(figures, "png", 1.0)
    else:
        pngs = session.render(figures, "png", 1.0)
    frames = [Image.open(io.BytesIO(png)).convert("RGB") for png in pngs]
    palette = _palette(frames)
    paletted = [frame.quantize(palette=palette, dither=Image.Dither.NONE) for frame in frames]
    out = io.BytesIO()
    paletted[0].save(
        out,
        format="GIF",
        save_all=True,
        append_images=paletted[1:],
        duration=max(20, round(1000 / fps)),
        loop=0,
        optimize=False,
        disposal=1,
    )
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# The standalone page


@lru_cache(maxsize=1)
def _plotly_js_gzip_b64() -> str:
    from plotly.offline import get_plotlyjs

    return base64.b64encode(gzip.compress(get_plotlyjs().encode("utf-8"), 9, mtime=0)).decode()


def _month_keys(data: ExplorerData, state: ViewState) -> list[int]:
    """A key per month; months with the same key draw the same figure.

    Months sharing a precomputed snapshot (same active ties, same countries) draw the same
    scene, unless the view depends on the calendar itself (a bloc filter or bloc colours,
    whose memberships are dated).
    """
    count = len(data.vocabulary.months)
    if state.bloc or state.color == "bloc":
        return list(range(count))
    return [int(key) for key in data.timeline.snapshot_of_month[:count]]


def _lean_traces(traces: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Traces without what only the live page uses (click targets, "click for sources")."""
    lean = []
    for trace in traces:
        trace = {key: value for key, value in trace.items() if key != "customdata"}
        if isinstance(trace.get("hovertext"), list):
            trace["hovertext"] = [
                text.replace(" · click for sources", "") for text in trace["hovertext"]
            ]
        lean.append(trace)
    return lean


def _pack_frames(frames: list[list[dict[str, Any]]]) -> dict[str, Any]:
    """Frames whose string arrays (hover texts, labels) index one table of strings."""
    table: dict[str, int] = {}

    def index(text: str) -> int:
        return table.setdefault(text, len(table))

    packed = []
    for traces in frames:
        out = []
        for trace in traces:
            trace = dict(trace)
            for key in ("hovertext", "text"):
                if isinstance(trace.get(key), list):
                    trace[key] = {"strings": [index(str(text)) for text in trace[key]]}
            out.append(trace)
        packed.append(out)
    return {"strings": list(table), "frames": packed}


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _script_json(value: Any) -> str:
    """JSON that can sit inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=_json_default)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _gzip_b64(text: str) -> str:
    return base64.b64encode(gzip.compress(text.encode("utf-8"), 9, mtime=0)).decode("ascii")


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Realpolitik">
<title>%(title)s</title>
<style>
html, body { margin: 0; background: #fff; color: #222;
  font-family: Inter, system-ui, -apple-system, "Segoe UI", sans-serif; }
header { padding: 12px 20px 0; }
h1 { font-size: 20px; margin: 0 0 4px; }
header p { margin: 2px 0; font-size: 13px; color: #555; }
#controls { display: flex; gap: 12px; align-items: center; padding: 6px 20px 0; }
#date { font-size: 28px; font-weight: 700; margin: 0; min-width: 12ch; }
button { font: inherit; padding: 4px 12px; }
#graph { width: 100%%; height: calc(100vh - 150px); min-height: 520px; }
#status { padding: 20px; color: #a33; }
</style>
</head>
<body>
<header>
<h1>%(heading)s</h1>
<p>%(caption)s</p>
<p>%(credit)s</p>
</header>
<div id="controls">
<p id="date" aria-live="polite">%(date)s</p>
<button id="back" type="button" aria-label="previous month">&#9664;</button>
<button id="play" type="button">Play</button>
<button id="forward" type="button" aria-label="next month">&#9654;</button>
</div>
<div id="graph"></div>
<p id="status">Loading&hellip;</p>
<noscript><p>This page draws the network with JavaScript; please enable it.</p></noscript>
<script type="application/json" id="figure">%(figure)s</script>
<script type="application/gzip;base64" id="plotly-js">%(plotly)s</script>
<script type="application/gzip;base64" id="frames">%(frames)s</script>
%(geo)s<script>
(function () {
  "use strict";
  var status = document.getElementById("status");
  function bytesOf(id) {
    var text = atob(document.getElementById(id).textContent.trim());
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }
  function inflate(id) {
    var stream = new Blob([bytesOf(id)]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text();
  }
  if (typeof DecompressionStream === "undefined") {
    status.textContent = "This page needs a recent browser (with DecompressionStream).";
    return;
  }
  var spec = JSON.parse(document.getElementById("figure").textContent);
  Promise.all([inflate("plotly-js"), inflate("frames")]).then(function (texts) {
    (0, eval)(texts[0]);  // plotly.js, defines window.Plotly
    var packed = JSON.parse(texts[1]);
    var frames = packed.frames.map(function (traces) {
      return traces.map(function (trace) {
        ["hovertext", "text"].forEach(function (key) {
          if (trace[key] && trace[key].strings) {
            trace[key] = trace[key].strings.map(function (i) { return packed.strings[i]; });
          }
        });
        return trace;
      });
    });
    var gd = document.getElementById("graph");
    var slider = spec.layout.sliders[0];
    var current = slider.active;
    var timer = null;
    function layoutAt(step) {
      var layout = Object.assign({}, spec.layout);
      layout.sliders = [Object.assign({}, slider, {active: step})];
      return layout;
    }
    function show(step) {
      step = Math.max(0, Math.min(spec.months.length - 1, step));
      current = step;
      document.getElementById("date").textContent = spec.titles[step];
      gd.setAttribute("data-month", spec.months[step]);
      return Plotly.react(gd, frames[spec.frame_of_month[step]], layoutAt(step), spec.config);
    }
    function stop() {
      if (timer !== null) { clearInterval(timer); timer = null; }
      document.getElementById("play").textContent = "Play";
    }
    Plotly.newPlot(gd, frames[spec.frame_of_month[current]], layoutAt(current), spec.config)
      .then(function () {
        status.remove();
        gd.setAttribute("data-month", spec.months[current]);
        gd.on("plotly_sliderchange", function (event) {
          var step = spec.months.indexOf(event.step.value);
          if (step >= 0 && step !== current) { show(step); }
        });
        document.getElementById("back").onclick = function () { stop(); show(current - 1); };
        document.getElementById("forward").onclick = function () { stop(); show(current + 1); };
        document.getElementById("play").onclick = function () {
          if (timer !== null) { stop(); return; }
          if (current >= spec.months.length - 1) { show(0); }
          document.getElementById("play").textContent = "Pause";
          timer = setInterval(function () {
            if (current >= spec.months.length - 1) { stop(); } else { show(current + 1); }
          }, 350);
        };
      });
  }).catch(function (error) { status.textContent = "Could not draw the graph: " + error; });
})();
</script>
</body>
</html>
"""


def _sipri_credit(data: ExplorerData) -> str:
    from graph.export import SIPRI_CREDIT

    sources = data.dataset.sources
    text = " ".join(
        " ".join(str(value) for value in sources[column].fillna(""))
        for column in ("publisher", "title", "url")
        if column in sources
    )
    return f" {SIPRI_CREDIT}." if "sipri" in text.lower() else ""


def standalone_html(data: ExplorerData, state: ViewState) -> str:
    """One self-contained HTML page: the view's graph with a slider over every month.

    The view's layout, filters, colours and focus apply to every month; the page opens at the
    view's month (a window opens at its last month; the slider moves month by month).
    """
    from ui.figures import network_figure
    from ui.model import build_scene

    months = list(data.vocabulary.months)
    start = state.window[1] if state.window is not None else data.step_of(state)
    base = replace(state, window=None, step=start, compare=None, dyad=())
    keys = _month_keys(data, base)
    frame_of_key: dict[int, int] = {}
    frame_of_text: dict[str, int] = {}
    traces_of_frame: list[list[dict[str, Any]]] = []
    frame_of_month: list[int] = []
    layout: dict[str, Any] = {}
    caption = caption_text(data, base, dated=False)
    for month, key in enumerate(keys):
        if key not in frame_of_key:
            scene = build_scene(data, replace(base, step=month))
            figure = network_figure(
                scene,
                layout=base.layout,
                size=base.size,
                colour_by=base.color,
                flows=base.flows,  # the caption is the page's header
            )
            traces = _lean_traces(figure["data"])
            # Months whose figures are equal share a frame, whatever their key.
            text = json.dumps(traces, sort_keys=True, default=_json_default)
            if text not in frame_of_text:
                frame_of_text[text] = len(traces_of_frame)
                traces_of_frame.append(traces)
            frame_of_key[key] = frame_of_text[text]
            if month == start or not layout:
                layout = figure["layout"]
        frame_of_month.append(frame_of_key[key])
    layout = dict(layout)
    layout["paper_bgcolor"] = layout["plot_bgcolor"] = "#ffffff"
    layout["margin"] = {"l": 10, "r": 10, "t": 24, "b": 10}
    # The legend beside the graph (as in print), the slider under it.
    layout["legend"] = {
        **layout.get("legend", {}),
        "orientation": "v",
        "x": 1.01,
        "xanchor": "left",
        "y": 1.0,
        "yanchor": "top",
    }
    layout["sliders"] = [
        {
            "active": start,
            "steps": [
                # The year: plotly labels every n-th step (never overlapping), so each shown
                # label names the year its tick falls in.
                {"label": month[:4], "value": month, "method": "skip", "args": []}
                for month in months
            ],
            "currentvalue": {"visible": False},
            "x": 0.0,
            "len": 1.0,
            "y": 0,
            "yanchor": "top",
            "pad": {"t": 8, "b": 0},
            "ticklen": 6,
            "minorticklen": 0,
            "tickcolor": "#999",
            "font": {"size": 12},
            "transition": {"duration": 0},
        }
    ]
    config = {
        "displaylogo": False,
        "responsive": True,
        "scrollZoom": True,
        "typesetMath": False,
        # Never fetched: the topojson is inlined as PlotlyGeoAssets (see module docstring).
        "topojsonURL": "",
        "toImageButtonOptions": {"format": "png", "scale": 2},
    }
    titles = [_month_title(label) for label in months]
    spec = {
        "layout": layout,
        "config": config,
        "months": months,
        "titles": titles,
        "frame_of_month": frame_of_month,
    }
    geo = ""
    if base.layout == "map":
        geo = (
            "<script>window.PlotlyGeoAssets = {topojson: {world_110m: "
            + _script_json(json.loads(WORLD_TOPOJSON.read_text(encoding="utf-8")))
            + "}};</script>\n"
        )
    dataset = data.dataset
    return _PAGE % {
        "title": html.escape(f"{dataset.name}: {titles[start]}"),
        "heading": html.escape(f"{dataset.name}, version {dataset.version}"),
        "caption": html.escape(f"{caption.split(' · ', 1)[-1]} · {base.layout} layout"),
        "credit": html.escape(
            f"Data: {dataset.name}, version {dataset.version} (CC BY 4.0)." + _sipri_credit(data)
        ),
        "date": html.escape(titles[start]),
        "figure": _script_json(spec),
        "plotly": _plotly_js_gzip_b64(),
        "frames": _gzip_b64(_script_json(_pack_frames(traces_of_frame))),
        "geo": geo,
    }


# --------------------------------------------------------------------------------------------
# One entry point for the command line and the page


#: The formats rendered here (kaleido, Pillow, plotly.js), registered beside graph.export's data
#: formats under their one name each.
MEDIA_FORMATS = (
    ExportFormat("png", "PNG", ".png", "image/png"),
    ExportFormat("svg", "SVG", ".svg", "image/svg+xml"),
    ExportFormat("html", "Standalone page of the timeline (HTML)", ".html",
                 "text/html; charset=utf-8"),
    ExportFormat("gif", "Animation of the two years to this date (GIF)", ".gif", "image/gif"),
)
#: Every format of :func:`export_file`, by name: the one registry that the command line's
#: ``--format``, the page's Export menu and its export callback read.
FILE_FORMATS: dict[str, ExportFormat] = format_registry([*MEDIA_FORMATS, *FORMATS.values()])
#: The formats the page draws in the browser with plotly.js (instant, no server dependency);
#: the page's menu asks the server for every other format.
BROWSER_FORMATS = ("png", "svg")


@dataclass(frozen=True)
class ExportFile:
    """A file ready to save or send: its safe default name, bytes and media type, and
    warnings for the person who asked (e.g. a bundle made without its images)."""

    name: str
    payload: bytes
    media_type: str
    warnings: tuple[str, ...] = ()


def export_view(data: ExplorerData, state: ViewState) -> Any:
    """The ``graph.export.ExportView`` of a page view: its month or window, filters and focus
    (what the page shows, so a data export holds exactly what the page drew)."""
    from graph.export import ExportView
    from ui.model import build_scene

    nodes = build_scene(data, state).nodes
    positions = tuple(
        (str(country), round(float(x), 6), round(float(y), 6))
        for country, x, y in zip(nodes.index, nodes["x"], nodes["y"], strict=True)
    )
    from ui.model import view_of

    return ExportView.of(view_of(data, state), state.layout, positions)


def gif_span(
    data: ExplorerData, state: ViewState, start: dt.date | None = None, end: dt.date | None = None
) -> tuple[dt.date, dt.date]:
    """The span of an animation: ``end`` defaults to the last day of the view's month (of a
    window: its last month), ``start`` to 59 months before, so 60 frames."""
    from graph.dates import add_months, month_end

    months = data.vocabulary.months
    last = state.window[1] if state.window is not None else data.step_of(state)
    end = end or month_end(dt.date.fromisoformat(months[last] + "-01"))
    start = start or add_months(end.replace(day=1), -59)
    return start, end


def export_file(
    data: ExplorerData,
    state: ViewState,
    fmt: str,
    *,
    permalink: str = "",
    scale: float = 1.0,
    start: dt.date | None = None,
    end: dt.date | None = None,
    fps: float = 4.0,
    every: int = 1,
    session: RenderSession | None = None,
    render: bool = True,
) -> ExportFile:
    """The view ``state`` as a file of format ``fmt`` (one of :data:`FILE_FORMATS`).

    Images (png, svg, gif, and the bundle's images) render in ``session``, or in a session
    opened for this call; with ``render=False`` (a server without Chromium) the bundle comes
    without images and image formats raise :class:`ExportError`. ``permalink`` goes into the
    data files' headers and the bundle's README; ``scale`` multiplies PNG pixels; ``start``,
    ``end`` (see :func:`gif_span`), ``fps`` and ``every`` shape the GIF. Raises ValueError for
    a bad argument.
    """
    spec = find_format(FILE_FORMATS, fmt)
    fmt = spec.name
    stem = media_basename(data, state)
    if fmt == "html":
        return ExportFile(f"{stem}{spec.suffix}", standalone_html(data, state).encode("utf-8"),
                          spec.media_type)
    if fmt != "bundle" and spec.write is not None:
        from graph.export import export_data

        name, payload = export_data(
            data.dataset, export_view(data, state), fmt, permalink=permalink
        )
        return ExportFile(name, payload, spec.media_type)
    if not render and fmt != "bundle":
        raise ExportError(f"{fmt.upper()} export needs Chromium, which is not used here")
    with contextlib.ExitStack() as stack:
        if session is None and render:
            tabs = 2 if fmt == "gif" else 1
            session = stack.enter_context(RenderSession(geo=state.layout == "map", tabs=tabs))
        if fmt in ("png", "svg"):
            assert session is not None
            image = session.render([figure_for(data, state)], fmt, scale if fmt == "png" else 1)
            return ExportFile(f"{stem}{spec.suffix}", image[0], spec.media_type)
        if fmt == "gif":
            assert session is not None
            first_day, last_day = gif_span(data, state, start, end)
            months = gif_months(data, first_day, last_day, every)
            name = media_basename(data, replace(state, window=(months[0], months[-1])))
            name += spec.suffix
            gif = animation_gif(data, state, first_day, last_day, fps, every=every, session=session)
            return ExportFile(name, gif, spec.media_type)
        # The bundle: graph.export's citable zip, with the PNG and SVG when they render.
        from graph.export import bundle_bytes

        images: dict[str, bytes] = {}
        warnings: list[str] = []
        if session is None:
            warnings.append("the bundle holds no images: rendering is off here")
        else:
            try:
                figure = figure_for(data, state)
                images["network.png"] = session.render([figure], "png", scale)[0]
                images["network.svg"] = session.render([figure], "svg")[0]
            except ExportError as error:
                images.clear()
                warnings.append(f"the bundle holds no images: {error}")
        payload = bundle_bytes(data.dataset, export_view(data, state), images, permalink)
        return ExportFile(f"{stem}{spec.suffix}", payload, spec.media_type, tuple(warnings))


# --------------------------------------------------------------------------------------------
# File names


def media_basename(data: ExplorerData, state: ViewState) -> str:
    """A file-name stem for a view's images and page, like the data exports'
    (``graph.export.export_basename``)."""
    from graph.export import export_basename

    return export_basename(data.dataset, export_view(data, state))
