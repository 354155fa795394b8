"""The page's figure of a view for print, and its PNG or SVG through kaleido in one headless
Chromium session per batch (:class:`RenderSession` starts the browser in the background, so a
caller can load its data while Chromium starts).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import html
import math
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from graph.view_state import ViewState

if TYPE_CHECKING:
    from ui.model import ExplorerData

# ui.model and ui.figures (igraph, networkx) are imported where used, so that a RenderSession
# starts Chromium half a second sooner, while its caller loads the data.

__all__ = [
    "CHROMIUM_HINT",
    "IMAGE_FORMATS",
    "PRINT_SIZE",
    "WORLD_TOPOJSON",
    "ExportError",
    "RenderSession",
    "caption_text",
    "figure_for",
    "render_images",
]


Figure = dict[str, Any]


#: Width and height in CSS pixels of a printed figure (PNG and SVG; ``scale`` multiplies).
PRINT_SIZE = (1600, 1000)


IMAGE_FORMATS = ("png", "svg")


WORLD_TOPOJSON = Path(__file__).resolve().parents[2] / "assets" / "topojson" / "world_110m.json"


CHROMIUM_HINT = "apt-get install chromium"


class ExportError(Exception):
    """An export that cannot be made here, with what to do about it."""


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

    The figure is ``ui.figures.view_figure`` of ``ui.model.build_scene`` (what the page
    draws), with the caption line of :func:`caption_text` when ``caption`` is true.
    """
    from ui.figures import view_figure
    from ui.model import build_scene

    scene = build_scene(data, state)
    figure = view_figure(scene, state, caption=caption_text(data, state) if caption else "")
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
