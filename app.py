"""Realpolitik's web app: ``python app.py`` serves the bundled dataset on http://127.0.0.1:8050.

For a WSGI server: ``gunicorn app:server`` (or ``realpolitik serve --workers N``).
``REALPOLITIK_DATA`` names another dataset folder. Security defaults: :mod:`ui.security`.
"""

from __future__ import annotations

import os
from pathlib import Path

import dash

from graph.importers import MAX_UPLOAD_BYTES
from ui.callbacks import register_callbacks
from ui.layout import build_layout, first_paint_block, first_view, page_scripts, page_template
from ui.methodology import register_methodology
from ui.model import load_explorer_data
from ui.security import harden

__all__ = ["create_app"]


def create_app(data_folder: Path | None = None) -> dash.Dash:
    configured = os.environ.get("REALPOLITIK_DATA")
    data = load_explorer_data(data_folder or (Path(configured) if configured else None))
    app = dash.Dash(
        __name__,
        title="Realpolitik",
        assets_folder=str(Path(__file__).resolve().parent / "assets"),
        # The panels are drawn on demand: their inputs (the metrics grid, triad buttons) are
        # not in the first layout.
        suppress_callback_exceptions=True,
        update_title=None,
        compress=True,
    )
    app.index_string = page_template(app.index_string)
    first = first_view(data)
    # The page carries the first figure too: assets/first_paint.js draws it while the Dash
    # renderer is still fetching and building the layout.
    first_paint = first_paint_block(first[0])
    interpolate = app.interpolate_index
    app.interpolate_index = lambda **parts: interpolate(  # type: ignore[method-assign]
        **{**parts, "scripts": page_scripts(parts["scripts"]),
           "app_entry": parts["app_entry"] + first_paint})
    app.layout = build_layout(data, first)
    register_callbacks(app, data)
    register_methodology(app, data.dataset.name, data.dataset.version)
    # Last: the Content-Security-Policy hashes every inline script registered above.
    harden(app, max_upload_bytes=MAX_UPLOAD_BYTES)
    return app


def __getattr__(name: str) -> object:
    # Built on first use, so that importing create_app (the CLI, the tests) loads no data.
    if name in {"app", "server"}:
        application = create_app()
        globals()["app"] = application
        globals()["server"] = application.server
        return globals()[name]
    raise AttributeError(name)


if __name__ == "__main__":
    create_app().run(host="127.0.0.1", port=8050, debug=False)
