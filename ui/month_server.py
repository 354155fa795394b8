"""Serving month packs (``ui.month_pack``): ``GET /_realpolitik/months?<view>``.

A pack takes seconds to make (every month of the view), so each is made once: a bounded
store in memory, and a file in the cache folder (``graph.timeline.default_cache_dir``) that
gunicorn's workers and the next start share. The request's parameters are a view's URL
parameters (read by the same validator as a link) and ``layers``; a view the browser cannot
draw alone (``month_pack.packable``) or an unknown layer is refused with 400.
"""

from __future__ import annotations

import hashlib
import html
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import dash
from flask import Response, request

from graph.files import write_atomically
from graph.timeline import default_cache_dir
from graph.view_state import ViewState, parse_query
from ui import ids, layers
from ui.model import ExplorerData
from ui.month_pack import month_pack, pack_key, packable

__all__ = ["ROUTE", "PackStore", "months_url", "register_month_route"]

ROUTE = "/_realpolitik/months"
#: Packs kept in memory per process (each is 0.2–0.5 MB).
KEPT = 12
log = logging.getLogger(__name__)


def _code_version() -> str:
    """Packs written by other code are not read back: the painter must match the pack."""
    folder = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in ("marks.py", "month_pack.py", "labels.py"):
        digest.update(folder.joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


class PackStore:
    """Packs by key: in memory (bounded, least recently used out) and on disk."""

    def __init__(self, folder: Path | None, dataset_hash: str, size: int = KEPT) -> None:
        self.folder = folder
        self.prefix = hashlib.sha256(f"{dataset_hash}:{_code_version()}".encode()).hexdigest()
        self.size = size
        self.kept: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()
        self.making: dict[str, threading.Lock] = {}

    def _path(self, key: str) -> Path | None:
        if self.folder is None:
            return None
        name = hashlib.sha256(f"{self.prefix}:{key}".encode()).hexdigest()[:32]
        return self.folder / f"{name}.rpk"

    def has(self, key: str) -> bool:
        """Whether the pack is made already (in memory or on disk): fetching it is cheap."""
        with self.lock:
            if key in self.kept:
                return True
        path = self._path(key)
        return path is not None and path.is_file()

    def get(self, key: str, make: Callable[[], bytes]) -> bytes:
        with self.lock:
            if key in self.kept:
                self.kept.move_to_end(key)
                return self.kept[key]
            maker = self.making.setdefault(key, threading.Lock())
        # One request makes a pack; the others for the same view wait for it.
        with maker:
            with self.lock:
                if key in self.kept:
                    return self.kept[key]
            path = self._path(key)
            payload = None
            if path is not None and path.is_file():
                try:
                    payload = path.read_bytes()
                except OSError:
                    payload = None
            if payload is None:
                payload = make()
                if path is not None:
                    try:
                        write_atomically(path, payload)
                    except OSError as error:  # a read-only cache costs speed only
                        log.warning("month pack not cached on disk: %s", error)
            with self.lock:
                self.kept[key] = payload
                self.kept.move_to_end(key)
                while len(self.kept) > self.size:
                    self.kept.popitem(last=False)
                self.making.pop(key, None)
            return payload


def months_url(key: str, data: ExplorerData) -> str:
    """Where the browser fetches the pack named ``key`` (the dataset's version in it, so a
    cached copy is never another dataset's)."""
    return f"{ROUTE}?{key}&{urlencode({'v': data.dataset.content_hash[:12]})}"


def register_month_route(app: dash.Dash, data: ExplorerData,
                         folder: Path | None = None) -> PackStore:
    """Serve the packs of ``data``'s views from ``app``; returns the app's store."""
    store = PackStore(folder if folder is not None else default_cache_dir() / "packs",
                      data.dataset.content_hash)
    known_layers = {ids.CURATED, *(layer.spec.id for layer in data.layers)}

    def months() -> Response:
        arguments = [(key, value) for key, value in request.args.items(multi=True)
                     if key not in ("v", "layers")]
        shown = tuple(item for item in request.args.get("layers", ids.CURATED).split(",")
                      if item)
        state: ViewState = parse_query("?" + urlencode(arguments), data.vocabulary)
        if state.notices or not packable(state) or not set(shown) <= known_layers:
            # Escaped although plain text: the reader's own parameters come back in it.
            reason = html.escape("; ".join(state.notices) or "this view is drawn by the server")
            return Response(f"No month pack for this view: {reason}\n", status=400,
                            mimetype="text/plain")
        key = pack_key(state, data, shown)
        frames = layers.layer_frames(None, list(shown), data.layers, data.cache)
        payload = store.get(key, lambda: month_pack(data, state, layers=frames,
                                                    curated=ids.CURATED in shown, key=key))
        response = Response(payload, mimetype="application/octet-stream")
        # Compressed once when made, not at every request (flask-compress leaves it alone).
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Cache-Control"] = "private, max-age=86400"
        return response

    app.server.add_url_rule(ROUTE, "realpolitik_months", months, methods=["GET"])
    return store
