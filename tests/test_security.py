"""Security defaults of the app (ui/security.py) through Flask's test client of create_app().

The app is built on a small dataset whose country names and title are hostile (HTML, script
tags, spreadsheet formulas, control characters, right-to-left text, MathJax and template
syntax): they must reach the page, the figure, the panels and file names as inert text.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from server_helpers import HOSTILE_NAMES, HOSTILE_TITLE, write_hostile_dataset

RAW_MARKUP = re.compile(r"<(?!/?(b|br)>)", re.IGNORECASE)  # any tag but the figure's own


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = write_hostile_dataset(tmp_path_factory.mktemp("data") / "evil")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REALPOLITIK_CACHE", str(tmp_path_factory.mktemp("cache")))
        patch.delenv("REALPOLITIK_TEST_DELAY_MS", raising=False)
        from app import create_app

        yield create_app(folder)


@pytest.fixture
def client(hostile_app: Any) -> Any:
    return hostile_app.server.test_client()


def dependency(client: Any, output: str) -> dict[str, Any]:
    dependencies = client.get("/_dash-dependencies").get_json()
    return next(d for d in dependencies if output in d["output"].split("@")[0])


def layout_values(client: Any) -> dict[tuple[str, str], Any]:
    values: dict[tuple[str, str], Any] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            props = node.get("props", {})
            if isinstance(props, dict) and isinstance(props.get("id"), str):
                for key, value in props.items():
                    values[(props["id"], key)] = value
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(client.get("/_dash-layout").get_json())
    return values


def callback_body(client: Any, output: str,
                  overrides: dict[tuple[str, str], Any] | None = None) -> dict[str, Any]:
    """The body the page posts for the callback writing ``output``."""
    spec = dependency(client, output)
    values = {**layout_values(client), **(overrides or {})}

    def item(entry: dict[str, Any]) -> Any:
        if entry["id"].startswith("{"):
            return []
        return {"id": entry["id"], "property": entry["property"],
                "value": values.get((entry["id"], entry["property"]))}

    parts = [part.rsplit(".", 1) for part in spec["output"].strip(".").split("...")]
    outputs = [{"id": ident, "property": prop} for ident, prop in parts]
    return {
        "output": spec["output"],
        "outputs": outputs if spec["output"].startswith("..") else outputs[0],
        "inputs": [item(entry) for entry in spec["inputs"]],
        "state": [item(entry) for entry in spec["state"]],
        "changedPropIds": ["timeline-slider.value"],
    }


def assert_plain(response: Any) -> None:
    text = response.get_data(as_text=True)
    assert "Traceback" not in text
    assert 'File "' not in text
    assert len(text) < 2000


# --- headers -----------------------------------------------------------------------------------


def _component_script(client: Any) -> str:
    page = client.get("/").get_data(as_text=True)
    return re.findall(r'<script src="([^"]+_dash-component-suites[^"]+)"', page)[0]


PATHS: list[tuple[str, Callable[[Any], Any]]] = [
    ("page", lambda c: c.get("/")),
    ("deep-link", lambda c: c.get("/?date=2023-06&layout=map")),
    ("layout", lambda c: c.get("/_dash-layout")),
    ("dependencies", lambda c: c.get("/_dash-dependencies")),
    ("script", lambda c: c.get(_component_script(c))),
    ("asset", lambda c: c.get("/assets/style.css")),
    ("methodology", lambda c: c.get("/methodology")),
    ("callback", lambda c: c.post("/_dash-update-component",
                                  json=callback_body(c, "network-graph.figure"))),
    ("bad-request", lambda c: c.post("/_dash-update-component", data=b"[]",
                                     content_type="application/json")),
    ("not-found", lambda c: c.get("/_dash-component-suites/dash/nothing.js")),
    ("too-large", lambda c: c.post("/_dash-update-component", data=b"x" * 40_000_000,
                                   content_type="application/json")),
]


@pytest.mark.parametrize("request_of", [p[1] for p in PATHS], ids=[p[0] for p in PATHS])
def test_every_response_has_the_security_headers(client: Any,
                                                 request_of: Callable[[Any], Any]) -> None:
    response = request_of(client)
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy


def test_the_policy_allows_exactly_the_pages_inline_scripts(client: Any) -> None:
    page = client.get("/").get_data(as_text=True)
    # Dash's "no Internet Explorer" notice sits in a conditional comment only IE ever ran.
    page = re.sub(r"<!--\[if IE\]>.*?<!\[endif\]-->", "", page, flags=re.S)
    policy = client.get("/").headers["Content-Security-Policy"]
    script_src = next(part for part in policy.split("; ") if part.startswith("script-src "))
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    inline = [
        body for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
        if "src=" not in attributes and "application/json" not in attributes and body.strip()
    ]
    assert inline, "the page has inline scripts (the renderer, the clientside callbacks)"
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src, body[:80]


FIRST_FIGURE = re.compile(
    r'<script type="application/json" id="first-figure">(.*?)</script>', re.S)


def _layout_figure(layout: Any) -> Any:
    """The network graph's figure in a ``/_dash-layout`` answer."""
    if isinstance(layout, dict):
        if layout.get("props", {}).get("id") == "network-graph":
            return layout["props"]["figure"]
        children = list(layout.values())
    elif isinstance(layout, list):
        children = layout
    else:
        return None
    return next((found for child in children
                 if (found := _layout_figure(child)) is not None), None)


def test_the_page_carries_the_layouts_first_figure_as_inert_data(client: Any) -> None:
    page = client.get("/").get_data(as_text=True)
    blocks = FIRST_FIGURE.findall(page)
    assert len(blocks) == 1
    # Hostile names are in the figure (hover texts, names), but no "<" can end the block.
    assert "<" not in blocks[0]
    figure = json.loads(blocks[0])
    assert figure == _layout_figure(client.get("/_dash-layout").get_json())
    # The figure names countries as plotly shows text: escaped, as in the layout's copy.
    assert html.escape(HOSTILE_NAMES["RUS"]) in json.dumps(figure["data"], ensure_ascii=False)


def test_the_methodology_page_is_served_under_the_same_policy(client: Any) -> None:
    response = client.get("/methodology")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["Content-Security-Policy"] == (
        client.get("/").headers["Content-Security-Policy"])
    page = response.get_data(as_text=True)
    # Nothing the policy would block: no script, no inline style, only this origin's sheet.
    assert "<script" not in page and "style=" not in page and "<style" not in page
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert sheets and all(client.get(sheet).status_code == 200 for sheet in sheets)
    # The hostile dataset title reaches the page as text.
    assert HOSTILE_TITLE not in page
    assert html.escape(HOSTILE_TITLE) in page
    assert 'href="/"' in page  # back to the explorer


def test_mathjax_is_never_loaded(client: Any, hostile_app: Any) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "mathjax" not in page.lower()
    values = layout_values(client)
    assert values[("network-graph", "config")]["typesetMath"] is False
    layout = json.dumps(client.get("/_dash-layout").get_json())
    assert '"type": "Markdown"' not in layout  # no dcc.Markdown (nor its mathjax option)


# --- the request cap ---------------------------------------------------------------------------


def test_request_cap_follows_the_upload_cap(hostile_app: Any) -> None:
    from graph.importers import MAX_UPLOAD_BYTES
    from ui.security import request_cap

    cap = hostile_app.server.config["MAX_CONTENT_LENGTH"]
    assert cap == request_cap(MAX_UPLOAD_BYTES)
    # A file at the upload cap fits once base64-encoded in a callback body; twice it does not.
    assert len(base64.b64encode(b"\0" * MAX_UPLOAD_BYTES)) < cap < 2 * MAX_UPLOAD_BYTES


def test_a_50_mb_request_is_refused_before_it_is_read(client: Any) -> None:
    body = b'{"output": "x", "inputs": ["' + b"A" * (50 * 1024 * 1024) + b'"]}'
    response = client.post("/_dash-update-component", data=body,
                           content_type="application/json")
    assert response.status_code == 413
    assert_plain(response)


# --- forged callback requests ------------------------------------------------------------------


def _draw(client: Any, **changes: Any) -> dict[str, Any]:
    body = callback_body(client, "network-graph.figure")
    for item in body["inputs"]:
        key = f"{item['id']}.{item['property']}"
        if key in changes:
            item["value"] = changes[key]
    return body


def _with(body: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**body, **changes}


REFUSED = {400}
ANSWERED = {200, 204}
FORGED: list[tuple[str, Callable[[Any], bytes], set[int]]] = [
    ("not-json", lambda c: b"{'output': nope", REFUSED),
    ("json-array", lambda c: b"[1, 2, 3]", REFUSED),
    ("json-null", lambda c: b"null", REFUSED),
    ("empty-object", lambda c: b"{}", REFUSED),
    ("deeply-nested", lambda c: b"[" * 100_000 + b"]" * 100_000, REFUSED),
    ("unknown-output", lambda c: json.dumps(
        _with(_draw(c), output="secrets.children")).encode(), REFUSED),
    ("output-not-string", lambda c: json.dumps(_with(_draw(c), output=["x"])).encode(),
     REFUSED),
    ("inputs-missing", lambda c: json.dumps(
        {k: v for k, v in _draw(c).items() if k != "inputs"}).encode(), REFUSED),
    ("one-input-too-few", lambda c: json.dumps(
        _with(_draw(c), inputs=_draw(c)["inputs"][:-1])).encode(), REFUSED),
    ("one-input-too-many", lambda c: json.dumps(
        _with(_draw(c), inputs=[*_draw(c)["inputs"], _draw(c)["inputs"][0]])).encode(),
     REFUSED),
    ("inputs-not-a-list", lambda c: json.dumps(_with(_draw(c), inputs={"a": 1})).encode(),
     REFUSED),
    ("input-items-not-objects", lambda c: json.dumps(
        _with(_draw(c), inputs=[1] * len(_draw(c)["inputs"]))).encode(), REFUSED),
    ("state-too-long", lambda c: json.dumps(_with(_draw(c), state=[
        *_draw(c)["state"], *[{"id": "x", "property": "y", "value": 1}] * 3])).encode(),
     REFUSED),
    ("changed-not-strings", lambda c: json.dumps(
        _with(_draw(c), changedPropIds=[{"$gt": 1}])).encode(), REFUSED),
    ("outputs-a-number", lambda c: json.dumps(_with(_draw(c), outputs=7)).encode(), REFUSED),
    ("wrong-types", lambda c: json.dumps(_draw(c, **{
        "timeline-slider.value": "DROP TABLE", "layout-choice.value": {"$ne": 1},
        "min-weight.value": "1e309", "region-choice.value": "Asia",
        "focus-choice.value": ["IRN"], "sign-choice.value": True})).encode(), ANSWERED),
    ("nan-and-infinity", lambda c: _draw_text(c, "timeline-slider.value", "NaN",
                                              "min-weight.value", "Infinity"), ANSWERED),
    ("huge-lists", lambda c: json.dumps(_draw(c, **{
        "region-choice.value": ["Asia"] * 200_000,
        "types-choice-cooperation.value": ["alliance", "x" * 100] * 50_000,
        "highlight-store.data": ["IRN"] * 100_000})).encode(), ANSWERED),
    ("huge-string", lambda c: json.dumps(_draw(c, **{
        "focus-choice.value": "<script>" * 500_000})).encode(), ANSWERED),
    ("out-of-range", lambda c: json.dumps(_draw(c, **{
        "timeline-slider.value": 10**30, "timeline-range.value": [-5, 10**9],
        "window-mode.value": ["on"]})).encode(), ANSWERED),
]


def _draw_text(client: Any, *pairs: str) -> bytes:
    """A draw body with raw JSON tokens (NaN, Infinity) that json.dumps would quote."""
    body = _draw(client, **{pairs[i]: f"@@{i}@@" for i in range(0, len(pairs), 2)})
    text = json.dumps(body)
    for i in range(0, len(pairs), 2):
        text = text.replace(f'"@@{i}@@"', pairs[i + 1])
    return text.encode()


@pytest.mark.parametrize(("build", "expected"), [(f[1], f[2]) for f in FORGED],
                         ids=[f[0] for f in FORGED])
def test_forged_callback_requests_get_a_4xx_or_an_answer(
    client: Any, build: Callable[[Any], bytes], expected: set[int]
) -> None:
    response = client.post("/_dash-update-component", data=build(client),
                           content_type="application/json")
    assert response.status_code in expected, response.get_data(as_text=True)[:300]
    if response.status_code != 200:
        assert_plain(response)
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize("output", ["network-graph.figure", "panel-content.children",
                                    "url-write.data", "highlight-store.data"])
def test_forged_values_in_every_control_are_answered(client: Any, output: str) -> None:
    body = callback_body(client, output)
    junk: list[Any] = [None, "x", -1, 10**12, [None], {"a": [1]}, True, 0.5, ["on", {"x": 1}]]
    for position, item in enumerate(body["inputs"] + body["state"]):
        if isinstance(item, dict):
            item["value"] = junk[position % len(junk)]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in ANSWERED


def test_an_error_inside_a_callback_is_logged_and_the_client_told_plainly(
    client: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import ui.callbacks

    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("secret detail: /srv/realpolitik/settings.py")

    monkeypatch.setattr(ui.callbacks, "build_scene", broken)
    with caplog.at_level(logging.ERROR, logger="ui.security"):
        response = client.post("/_dash-update-component",
                               json=callback_body(client, "network-graph.figure"))
    assert response.status_code == 500
    assert_plain(response)
    assert "secret detail" not in response.get_data(as_text=True)
    assert response.get_json()["error"].startswith("internal error")
    logged = "\n".join(record.getMessage() + str(record.exc_info) for record in caplog.records)
    assert "secret detail" in logged


# --- hostile text ------------------------------------------------------------------------------


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _strings(value)


@pytest.mark.parametrize("layout", ["force", "map", "circle"])
@pytest.mark.parametrize("colour", ["bloc", "region", "organisation"])
def test_hostile_names_are_inert_in_the_figure(client: Any, layout: str, colour: str) -> None:
    body = _draw(client, **{"layout-choice.value": layout, "color-choice.value": colour,
                            "flows.value": ["on"], "hide-isolates.value": []})
    response = client.post("/_dash-update-component", json=body)
    figure = response.get_json()["response"]["network-graph"]["figure"]
    texts = list(_strings(figure))
    for text in texts:
        assert not RAW_MARKUP.search(text), text[:200]
    joined = "\n".join(texts)
    assert "&lt;img src=x onerror=alert(1)&gt;" in joined  # shown, as text
    assert "&lt;script&gt;" in joined


def test_hostile_names_are_plain_strings_in_the_dropdowns(client: Any) -> None:
    values = layout_values(client)
    labels = [option["label"] for option in values[("focus-choice", "options")]]
    # React renders a string prop as text: the raw name is right here, never markup.
    assert all(isinstance(label, str) for label in labels)
    assert any(label.startswith("<img src=x onerror=alert(1)>") for label in labels)
    assert values[("dataset-label", "children")].startswith(HOSTILE_TITLE)


def _components(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "type" in node and "props" in node:
            yield node
        for value in node.values():
            yield from _components(value)
    elif isinstance(node, list):
        for value in node:
            yield from _components(value)


@pytest.mark.parametrize("tab", ["country", "dyad", "metrics", "balance", "compare"])
def test_panels_show_hostile_text_as_text_and_link_only_http(client: Any, tab: str) -> None:
    body = callback_body(client, "panel-content.children", {
        ("panel-tabs", "value"): tab, ("focus-choice", "value"): "RUS",
        ("dyad-first", "value"): "RUS", ("dyad-second", "value"): "UKR",
        ("compare-choice", "value"): 300,
    })
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    content = response.get_json()["response"]["panel-content"]["children"]
    for component in _components(content):
        props = component["props"]
        assert not props.get("dangerously_allow_html"), component["type"]
        assert component["type"] not in {"Iframe", "Script", "Markdown"}
        href = props.get("href")
        if href is not None:
            assert str(href).startswith(("http://", "https://")), href
        if component["type"] == "Graph":  # plotly text is HTML-like: escaped, no MathJax
            assert not props.get("mathjax")
            for text in _strings(props.get("figure", {})):
                assert not RAW_MARKUP.search(text), text[:200]
    if tab == "dyad":
        assert "javascript:" not in json.dumps(content)


def test_file_names_from_hostile_text_are_safe(tmp_path: Path) -> None:
    import datetime as dt

    from graph.export import ExportView, export_basename, safe_filename
    from graph.validate import load_dataset

    folder = write_hostile_dataset(tmp_path / "evil")
    dataset = load_dataset(folder)
    dataset.metadata["name"] = "../<script>\u202egpj.exe\x00"
    stem = export_basename(dataset, ExportView.on(dt.date(2023, 6, 1)))
    assert not re.search(r'[<>:"/\\|?*\x00-\x1f\u202e]', stem)
    for name in HOSTILE_NAMES.values():
        assert not re.search(r'[<>:"/\\|?*\x00-\x1f\u202e]', safe_filename(name))


# --- serving defaults --------------------------------------------------------------------------


class FakeApp:
    def __init__(self) -> None:
        self.runs: list[dict[str, Any]] = []
        self.server = object()

    def run(self, **options: Any) -> None:
        self.runs.append(options)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["serve"], {"host": "127.0.0.1", "port": 8050, "debug": False}),
        (["serve", "--port", "9000"], {"host": "127.0.0.1", "port": 9000, "debug": False}),
        (["serve", "--host", "0.0.0.0", "--debug"], {"host": "0.0.0.0", "port": 8050,
                                                      "debug": True}),
    ],
    ids=["defaults", "port", "host-and-debug-when-asked"],
)
def test_serve_runs_the_dev_server_with_debug_off_on_loopback(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], expected: dict[str, Any]
) -> None:
    import app as app_module
    import cli

    fake = FakeApp()
    monkeypatch.setattr(app_module, "create_app", lambda folder=None: fake)
    assert cli.main(argv) == 0
    assert fake.runs == [expected]


def test_serve_with_workers_runs_gunicorn_with_preload_timeouts_and_recycling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import app as app_module
    import cli
    import ui.serving

    fake = FakeApp()
    monkeypatch.setattr(app_module, "create_app", lambda folder=None: fake)
    launched: list[dict[str, Any]] = []

    def run_gunicorn(build: Callable[[], Any], options: dict[str, Any]) -> None:
        assert build() is fake  # built by gunicorn (once, in the master: preload_app)
        launched.append(dict(options))

    monkeypatch.setattr(ui.serving, "run_gunicorn", run_gunicorn)
    assert cli.main(["serve", "--workers", "3", "--port", "9001"]) == 0
    options = launched[0]
    assert options["bind"] == ["127.0.0.1:9001"]
    assert options["workers"] == 3
    assert options["preload_app"] is True
    assert options["timeout"] == 60 and options["graceful_timeout"] > 0
    assert options["max_requests"] > 0 and options["max_requests_jitter"] > 0
    assert fake.runs == []  # never the development server


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["serve", "--workers", "0"], "at least 1"),
        (["serve", "--workers", "2", "--debug"], "--debug"),
    ],
    ids=["no-workers", "debug-with-workers"],
)
def test_serve_refuses_bad_worker_options(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str],
    message: str,
) -> None:
    import app as app_module
    import cli

    monkeypatch.setattr(app_module, "create_app", lambda folder=None: FakeApp())
    assert cli.main(argv) == 1
    assert message in capsys.readouterr().err
