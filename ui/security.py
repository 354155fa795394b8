"""Security defaults of the web app, applied by :func:`harden` when the app is built.

- **Request size**: Flask's ``MAX_CONTENT_LENGTH`` is the upload cap as the browser sends it
  (an upload travels base64-encoded inside a JSON callback body, a third larger) plus a small
  allowance for the rest of the request; anything larger gets a plain ``413``.
- **Callbacks are a public API**: a POST to ``/_dash-update-component`` is checked before Dash
  sees it (a JSON object naming a callback of this app, with as many inputs and states as that
  callback declares); a forged one gets a plain ``400``. An exception inside a callback is
  logged here, with its traceback, and the client gets a plain ``500`` without details (in
  ``--debug`` Dash's own handler shows the traceback instead: never on a shared server).
- **Headers on every response**: a Content-Security-Policy allowing scripts only from this
  origin plus the hashes of Dash's inline scripts (the clientside callbacks and the renderer,
  from :meth:`dash.Dash.csp_hashes`: no ``unsafe-inline`` or ``unsafe-eval`` for scripts),
  ``frame-ancestors 'self'``, ``X-Content-Type-Options: nosniff``, ``Referrer-Policy``, and
  ``X-Frame-Options`` for older browsers. Styles keep ``'unsafe-inline'``: React and plotly set
  inline ``style`` attributes.

Text from a dataset or a user reaches the page as component props (React escapes them) or in
plotly text, which ``ui/figures.py`` escapes with :func:`html.escape`; MathJax is off
(``typesetMath: False`` on the graph, ``dcc.Markdown`` is not used) and links are made only for
http(s) URLs (:func:`ui.panels.safe_url`).

**Test-only fault injection.** ``REALPOLITIK_TEST_DELAY_MS=<ms>`` makes the server sleep that
long before answering each request that draws the graph (the callback whose outputs include
``network-graph.figure``); with ``REALPOLITIK_TEST_DELAY_STEPS=odd`` only draws of an odd
slider step are slowed, so that two quick steps answer out of order. The browser fault tests
use them; the app logs a warning at start when they are set. Never set them in production.
"""

from __future__ import annotations

import logging
import math
import os
import time
from typing import Any

import dash
from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException

from ui import ids

__all__ = [
    "REQUEST_ALLOWANCE",
    "SECURITY_HEADERS",
    "content_security_policy",
    "harden",
    "request_cap",
]

log = logging.getLogger(__name__)

#: Bytes allowed on top of the base64-encoded upload: the rest of a callback's JSON body.
REQUEST_ALLOWANCE = 1024 * 1024

#: Headers set on every response (the CSP is added per app: it holds the app's script hashes).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "SAMEORIGIN",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

DELAY_ENV = "REALPOLITIK_TEST_DELAY_MS"
DELAY_STEPS_ENV = "REALPOLITIK_TEST_DELAY_STEPS"


def request_cap(max_upload_bytes: int) -> int:
    """The largest request body: an upload of ``max_upload_bytes`` as base64, plus allowance.

    >>> request_cap(20 * 1024 * 1024)
    29010604
    """
    return 4 * math.ceil(max_upload_bytes / 3) + REQUEST_ALLOWANCE


def content_security_policy(app: dash.Dash) -> str:
    """The CSP of ``app``: its own origin, plus the hashes of its inline scripts.

    Call it once every clientside callback is registered (the hashes cover them).
    """
    scripts = " ".join(["'self'", *app.csp_hashes()])
    directives = {
        "default-src": "'self'",
        "script-src": scripts,
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "worker-src": "'self' blob:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'self'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def _callback_path(app: dash.Dash) -> str:
    return f"{app.config.routes_pathname_prefix}_dash-update-component"


def _problem(body: Any, app: dash.Dash) -> str | None:
    """Why a callback request is malformed, or None when Dash can take it."""
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    output = body.get("output")
    if not isinstance(output, str):
        return "no output named"
    spec = app.callback_map.get(output)
    if spec is None:
        return "no such callback"
    for key in ("inputs", "state"):
        given = body.get(key, [])
        if not isinstance(given, list):
            return f"{key} is not a list"
        if len(given) != len(spec.get(key, [])):
            return f"{key}: {len(given)} given, {len(spec.get(key, []))} expected"
        for item in given:
            items = item if isinstance(item, list) else [item]
            if not all(
                isinstance(one, dict) and "property" in one and "id" in one for one in items
            ):
                return f"{key}: an item is not an id and property"
    if not isinstance(body.get("outputs", {}), dict | list):
        return "outputs is neither an object nor a list"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(one, str) for one in changed):
        return "changedPropIds is not a list of strings"
    return None


def _test_delay() -> tuple[float, str]:
    text = os.environ.get(DELAY_ENV, "").strip()
    if not text:
        return 0.0, ""
    try:
        seconds = max(0.0, float(text) / 1000)
    except ValueError:
        log.warning("%s=%r is not a number of milliseconds: ignored", DELAY_ENV, text)
        return 0.0, ""
    steps = os.environ.get(DELAY_STEPS_ENV, "").strip().lower()
    log.warning("TEST ONLY: every draw of the graph is delayed by %.0f ms (%s%s)",
                seconds * 1000, DELAY_ENV, f", {steps} steps only" if steps else "")
    return seconds, steps


def _slider_step(body: dict[str, Any]) -> Any:
    for item in body.get("inputs", []):
        if isinstance(item, dict) and item.get("id") == ids.SLIDER:
            return item.get("value")
    return None


def harden(app: dash.Dash, *, max_upload_bytes: int) -> None:
    """Apply the security defaults of the module docstring to ``app`` (call it last)."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = request_cap(max_upload_bytes)
    headers = {**SECURITY_HEADERS, "Content-Security-Policy": content_security_policy(app)}
    callback_path = _callback_path(app)
    delay, delay_steps = _test_delay()

    @server.before_request
    def check_callback_request() -> Any:
        if request.path != callback_path or request.method != "POST":
            return None
        body: Any
        try:
            body = request.get_json(silent=True)
        except RecursionError:  # nested deeper than the JSON parser goes
            body = None
        problem = _problem(body, app)
        if problem is not None:
            log.info("refused a callback request: %s", problem)
            return Response(f"Bad callback request: {problem}\n", status=400,
                            mimetype="text/plain")
        if delay and ids.GRAPH + ".figure" in body["output"]:
            step = _slider_step(body)
            if delay_steps != "odd" or (isinstance(step, int) and step % 2 == 1):
                time.sleep(delay)
        return None

    @server.errorhandler(Exception)
    def plain_error(error: Exception) -> Any:
        if isinstance(error, HTTPException):
            return error
        log.exception("error while answering %s %s", request.method, request.path)
        response = jsonify({"error": "internal error: the server could not answer this "
                                     "request (the details are in the server log)"})
        response.status_code = 500
        return response

    @server.after_request
    def add_headers(response: Response) -> Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response
