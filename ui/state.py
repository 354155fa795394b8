"""The view state and its URL query string live in the core (``graph.view_state``): stories and
the dataset's validation read links too. This name stays for the page's modules."""

from graph.view_state import (
    COLOR_CHOICES,
    FOCUS_MODES,
    LAYOUTS,
    NOTHING,
    SIZE_METRICS,
    ViewState,
    Vocabulary,
    parse_query,
    state_from_params,
    to_query,
)

__all__ = [
    "COLOR_CHOICES",
    "FOCUS_MODES",
    "LAYOUTS",
    "NOTHING",
    "SIZE_METRICS",
    "ViewState",
    "Vocabulary",
    "parse_query",
    "state_from_params",
    "to_query",
]
