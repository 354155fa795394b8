"""An animated GIF of the timeline over a span, the month drawn large on each frame.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import math
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from graph.view_state import ViewState
from ui.export_media.images import (
    ExportError,
    RenderSession,
    _month_title,
    caption_text,
    figure_for,
)

if TYPE_CHECKING:
    from ui.model import ExplorerData

__all__ = [
    "GIF_SIZE",
    "MAX_GIF_FRAMES",
    "animation_gif",
    "gif_months",
    "gif_span",
]


#: Width and height of a GIF frame.
GIF_SIZE = (1000, 640)


#: Frames beyond this make a GIF nobody wants to download; ``every`` thins them out.
MAX_GIF_FRAMES = 600


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
