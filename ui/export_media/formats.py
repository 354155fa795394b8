"""The media formats registered beside ``graph.export``'s data formats, and one entry point
for the command line and the page: :func:`export_file`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from graph.export import FORMATS, ExportFormat, find_format, format_registry
from graph.view_state import ViewState
from ui.export_media.animation import animation_gif, gif_months, gif_span
from ui.export_media.images import ExportError, RenderSession, figure_for
from ui.export_media.page import standalone_html

if TYPE_CHECKING:
    from ui.model import ExplorerData

__all__ = [
    "BROWSER_FORMATS",
    "FILE_FORMATS",
    "MEDIA_FORMATS",
    "ExportFile",
    "export_file",
    "export_view",
    "media_basename",
]


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


def media_basename(data: ExplorerData, state: ViewState) -> str:
    """A file-name stem for a view's images and page, like the data exports'
    (``graph.export.export_basename``)."""
    from graph.export import export_basename

    return export_basename(data.dataset, export_view(data, state))
