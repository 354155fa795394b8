"""The production server: the app under gunicorn (``realpolitik serve --workers N``).

The app is built once in the gunicorn master (``preload_app``): the dataset is read and the
timeline loaded from its disk cache (or computed and written there) before the workers fork,
so they share it read-only and start at once. Everything a user changes lives in the browser
(the URL and ``dcc.Store``), so any worker can answer any request, and several servers behind a
proxy can share one cache folder (see ``docs/deploy.md``).

Defaults: ``gthread`` workers with 2 threads each, a 60 s worker timeout, workers recycled after
10,000 requests (± 1,000, so they do not all restart at once) to bound any slow leak, limits on
request lines and headers, no control socket, and the access log off.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["GUNICORN_DEFAULTS", "gunicorn_options", "run_gunicorn"]

GUNICORN_DEFAULTS: dict[str, Any] = {
    "worker_class": "gthread",
    "threads": 2,
    "preload_app": True,
    "timeout": 60,
    "graceful_timeout": 30,
    "keepalive": 5,
    "max_requests": 10_000,
    "max_requests_jitter": 1_000,
    "limit_request_line": 8190,
    "limit_request_fields": 100,
    "limit_request_field_size": 8190,
    # gunicorn >= 25.1 opens a control socket at one fixed path per user: two servers on one
    # machine would fight over it. Settings this gunicorn does not know are left out.
    "control_socket_disable": True,
}


def gunicorn_options(host: str, port: int, workers: int,
                     extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Gunicorn settings for ``workers`` workers bound to ``host:port``.

    >>> options = gunicorn_options("127.0.0.1", 8050, 2)
    >>> options["bind"], options["workers"], options["preload_app"]
    (['127.0.0.1:8050'], 2, True)
    """
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return {**GUNICORN_DEFAULTS, "bind": [bind], "workers": workers, **(extra or {})}


def run_gunicorn(build: Callable[[], Any], options: Mapping[str, Any]) -> None:
    """Serve the WSGI app of ``build()`` (a Dash app or a WSGI callable) under gunicorn.

    Blocks until gunicorn stops. Raises ``ImportError`` when gunicorn is not installed.
    """
    from gunicorn.app.base import BaseApplication

    class Application(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                if key in self.cfg.settings:
                    self.cfg.set(key, value)

        def load(self) -> Any:
            built = build()
            return getattr(built, "server", built)

    Application().run()
