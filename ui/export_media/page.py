"""One self-contained HTML page of a view: the graph with a slider over every month of the
timeline, readable offline.

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

The page is ``ui/templates/standalone.html`` (a :class:`string.Template`) with the script
``ui/templates/standalone.js`` inlined, so that both are edited and linted as what they are. It
has no Content-Security-Policy of its own: its script runs the inflated plotly.js with an
indirect ``eval``, which a policy without ``'unsafe-eval'`` would block.

This module uses ``graph.view_state``, ``ui.model`` and ``ui.figures`` (the page's own view, scene
and figure), never dash nor the callbacks; plotly.js is imported when needed.
"""

from __future__ import annotations

import base64
import gzip
import html
import json
from dataclasses import replace
from functools import lru_cache
from importlib.resources import files
from string import Template
from typing import TYPE_CHECKING, Any

from graph.view_state import ViewState
from ui.export_media.images import WORLD_TOPOJSON, _month_title, caption_text

if TYPE_CHECKING:
    from ui.model import ExplorerData

__all__ = [
    "STANDALONE_CONFIG",
    "standalone_html",
]


#: plotly's configuration in a downloaded page (the standalone view and the story page).
STANDALONE_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "responsive": True,
    "scrollZoom": True,
    "typesetMath": False,
    # Never fetched: the topojson is inlined as PlotlyGeoAssets (see module docstring).
    "topojsonURL": "",
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


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


@lru_cache(maxsize=1)
def _template() -> tuple[Template, str]:
    """The page (``ui/templates/standalone.html``) and its script (``standalone.js``, inlined:
    the page is one file, read offline)."""
    folder = files("ui") / "templates"
    return (Template(folder.joinpath("standalone.html").read_text(encoding="utf-8")),
            folder.joinpath("standalone.js").read_text(encoding="utf-8"))


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
    titles = [_month_title(label) for label in months]
    spec = {
        "layout": layout,
        "config": STANDALONE_CONFIG,
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
    page, script = _template()
    return page.substitute({
        "script": script,
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
    })
