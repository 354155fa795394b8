"""Where the names of countries go on the graph: largest nodes first, each label tried above,
below, right and left of its node, and dropped rather than drawn over another label.

The figure's size in pixels is known only in the browser; labels are placed for a nominal
drawing area (:data:`NOMINAL_WIDTH` x :data:`NOMINAL_HEIGHT`), which errs on the side of
dropping a label. Hovering still names every node.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["NOMINAL_HEIGHT", "NOMINAL_WIDTH", "place_labels"]

NOMINAL_WIDTH = 900.0
NOMINAL_HEIGHT = 520.0
CHARACTER_WIDTH = 6.2  # pixels per character at the labels' 10 px font
LINE_HEIGHT = 13.0
GAP = 2.0
#: Tried in this order; plotly's names for where text sits around its point.
POSITIONS = ("top center", "bottom center", "middle right", "middle left")


def _box(x: float, y: float, radius: float, width: float,
         position: str) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) in pixels of a label of ``width`` around a node."""
    if position == "top center":
        return x - width / 2, y + radius + GAP, x + width / 2, y + radius + GAP + LINE_HEIGHT
    if position == "bottom center":
        return x - width / 2, y - radius - GAP - LINE_HEIGHT, x + width / 2, y - radius - GAP
    if position == "middle right":
        return x + radius + GAP, y - LINE_HEIGHT / 2, x + radius + GAP + width, y + LINE_HEIGHT / 2
    return x - radius - GAP - width, y - LINE_HEIGHT / 2, x - radius - GAP, y + LINE_HEIGHT / 2


def _overlaps(box: tuple[float, float, float, float],
              boxes: Sequence[tuple[float, float, float, float]]) -> bool:
    left, bottom, right, top = box
    return any(left < other[2] and other[0] < right and bottom < other[3] and other[1] < top
               for other in boxes)


def place_labels(
    xs: np.ndarray,
    ys: np.ndarray,
    sizes: np.ndarray,
    names: Sequence[str],
    priority: np.ndarray,
    ranges: tuple[tuple[float, float], tuple[float, float]],
    *,
    limit: int = 40,
) -> tuple[list[str], list[str]]:
    """``(text, position)`` per node: the name where it fits, "" where it would collide.

    ``sizes`` are marker diameters in pixels, ``priority`` higher first (the node size's
    metric), ``ranges`` the axes' ``((x0, x1), (y0, y1))``. Labels also keep clear of the
    markers of the nodes labelled before them: below, Ukraine sits on the United Kingdom and
    loses its label rather than covering it.

    >>> xs, ys = np.array([0.0, 0.001, 0.5]), np.array([0.0, 0.0, 0.5])
    >>> place_labels(xs, ys, np.array([20.0, 10.0, 10.0]), ["United Kingdom", "Ukraine",
    ...              "Iran"], np.array([3.0, 2.0, 1.0]), ((-1, 1), (-1, 1)))
    (['United Kingdom', '', 'Iran'], ['top center', 'top center', 'top center'])
    """
    (x0, x1), (y0, y1) = ranges
    scale_x = NOMINAL_WIDTH / max(x1 - x0, 1e-9)
    scale_y = NOMINAL_HEIGHT / max(y1 - y0, 1e-9)
    px = (xs - x0) * scale_x
    py = (ys - y0) * scale_y
    texts = [""] * len(names)
    positions = ["top center"] * len(names)
    placed: list[tuple[float, float, float, float]] = []
    for index in np.argsort(-priority, kind="stable")[:limit]:
        if not np.isfinite(px[index]) or not np.isfinite(py[index]) or not names[index]:
            continue
        radius = float(sizes[index]) / 2
        width = CHARACTER_WIDTH * len(names[index])
        for position in POSITIONS:
            box = _box(float(px[index]), float(py[index]), radius, width, position)
            inside = box[0] >= 0 and box[2] <= NOMINAL_WIDTH and box[1] >= 0 \
                and box[3] <= NOMINAL_HEIGHT
            if inside and not _overlaps(box, placed):
                texts[index] = names[index]
                positions[index] = position
                placed.append(box)
                break
        # The node's own marker is kept clear for the labels placed after it.
        placed.append((float(px[index]) - radius, float(py[index]) - radius,
                       float(px[index]) + radius, float(py[index]) + radius))
    return texts, positions
