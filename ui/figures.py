"""Plotly figures of a scene: the figure the page shows, the exports render and the browser's
painter reproduces month by month.

The figure is assembled from the scene's marks (``ui.marks``), the same marks the month pack
carries to the browser, so a figure made here and one drawn by ``assets/timeline.js`` agree.

Everything here is SVG; the browser's painter may draw a view's edges with WebGL where the
browser has it (headless and GPU-less browsers show "WebGL is not supported" instead, so the
server never sends WebGL traces).
"""

from __future__ import annotations

from typing import Any

from graph.view_state import ViewState
from ui.marks import (
    COOPERATION,
    HOSTILITY,
    encoding_note,
    figure_of,
    group_colours,
    marks_of,
    view_marks,
)
from ui.model import Scene

__all__ = [
    "COOPERATION",
    "HOSTILITY",
    "encoding_note",
    "group_colours",
    "network_figure",
    "view_figure",
]


def network_figure(
    scene: Scene, *, layout: str, size: str, colour_by: str, flows: bool, caption: str = "",
    notes: bool = True,
) -> dict[str, Any]:
    """The network figure of a scene; an empty scene gets its message drawn in words."""
    return figure_of(marks_of(scene, layout=layout, size=size, colour_by=colour_by,
                              flows=flows, caption=caption, notes=notes))


def view_figure(scene: Scene, state: ViewState, *, caption: str = "",
                notes: bool = True) -> dict[str, Any]:
    """The figure of ``scene`` as ``state`` draws it: the one call of the page, its first
    graph, the exported images and the story page."""
    return figure_of(view_marks(scene, state, caption=caption, notes=notes))
