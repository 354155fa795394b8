"""Ids and weights of imported ties: ids the dataset accepts, magnitudes scaled into (0, 1]."""

from __future__ import annotations

import math
import re
from typing import Literal

__all__ = ["safe_id", "scale_weights"]


def safe_id(*parts: object) -> str:
    """An id that the dataset accepts, built from parts.

    >>> safe_id("sipri", "IRN", "RUS", 2022)
    'sipri-IRN-RUS-2022'
    >>> safe_id("csv", "tie #1 (draft)")
    'csv-tie_1_draft'
    """
    text = "-".join(str(part) for part in parts if str(part) != "")
    text = re.sub(r"[^A-Za-z0-9_.:-]+", "_", text).strip("_")
    text = re.sub(r"_+", "_", text)
    if not text or not text[0].isalnum():
        text = "x" + text
    return text


def scale_weights(values: list[float], *, scaling: Literal["log", "linear"] = "log",
                  floor: float = 0.05) -> list[float]:
    """Map non-negative magnitudes into (0, 1] against their maximum.

    ``log``: ``max(floor, log(1 + v) / log(1 + max))``; ``linear``: ``max(floor, v / max)``.
    Rounded to 4 decimals; never 0 and never above 1.

    >>> scale_weights([0, 60, 200, 1950])
    [0.05, 0.5426, 0.7, 1.0]
    >>> scale_weights([1, 2, 4], scaling="linear", floor=0.0001)
    [0.25, 0.5, 1.0]
    """
    top = max(values, default=0.0)
    out: list[float] = []
    for value in values:
        if top <= 0 or value <= 0:
            ratio = 0.0
        elif scaling == "log":
            ratio = math.log1p(value) / math.log1p(top)
        else:
            ratio = value / top
        out.append(min(1.0, max(floor, round(ratio, 4), 0.0001)))
    return out
