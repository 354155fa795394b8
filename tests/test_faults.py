"""Faults at the app level: a corrupted or stale timeline cache is detected and recomputed.

The app is started (``create_app``) on a small dataset with a fresh cache folder, the cache
file it wrote is damaged in one way or another, and the app is started again: it must come up,
draw, log why it recomputed, and leave a good cache file behind. (The browser-level faults,
a server restart and slow or out-of-order answers, are in tests/ui/test_faults_browser.py.)
"""

from __future__ import annotations

import gzip
import json
import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from server_helpers import load_test_data

from graph.timeline import CACHE_FORMAT


def _document(path: Path) -> dict[str, Any]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)  # type: ignore[no-any-return]


def _rewrite(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        document = _document(path)
        change(document)
        path.write_bytes(gzip.compress(json.dumps(document).encode()))

    return damage


def _as_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


CORRUPTIONS: list[tuple[str, Callable[[Path], None]]] = [
    ("garbage-bytes", lambda path: path.write_bytes(b"\x00garbage\xff" * 1000)),
    ("empty-file", lambda path: path.write_bytes(b"")),
    ("truncated-gzip", lambda path: path.write_bytes(path.read_bytes()[:200])),
    ("gzip-of-broken-json", lambda path: path.write_bytes(gzip.compress(b'{"format": 5,'))),
    ("json-list", lambda path: path.write_bytes(gzip.compress(b"[1, 2, 3]"))),
    ("older-format", _rewrite(lambda doc: doc.update(format=CACHE_FORMAT - 1))),
    ("another-dataset", _rewrite(lambda doc: doc.update(dataset_hash="0" * 64))),
    ("index-out-of-range", _rewrite(
        lambda doc: doc.update(snapshot_of_month=[10**6] * len(doc["months"])))),
    ("months-and-index-disagree", _rewrite(lambda doc: doc.update(months=doc["months"][:3]))),
    ("metrics-shorter-than-ids", _rewrite(
        lambda doc: doc["snapshots"][-1]["metrics"].update(degree=[1]))),
    ("wrong-types", _rewrite(lambda doc: doc.update(snapshots="nope", force=[1, 2]))),
    ("tie-rows-beyond-the-data", _rewrite(
        lambda doc: doc["snapshots"][-1].update(tie_rows=list(range(10_000))))),
    ("a-folder-in-its-place", _as_folder),
]


@pytest.fixture(scope="module")
def dataset_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return load_test_data().write_dataset(tmp_path_factory.mktemp("data") / "tiny")  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def good_cache(dataset_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding the timeline the app wrote at its first start."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REALPOLITIK_CACHE", str(folder))
        from app import create_app

        create_app(dataset_folder)
    assert len(list(folder.glob("timeline-*.json.gz"))) == 1
    return folder


def draw_body(client: Any) -> dict[str, Any]:
    dependencies = client.get("/_dash-dependencies").get_json()
    spec = next(d for d in dependencies if "network-graph.figure" in d["output"])
    layout = client.get("/_dash-layout").get_json()
    values: dict[tuple[str, str], Any] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            props = node.get("props", {})
            if isinstance(props, dict) and isinstance(props.get("id"), str):
                values.update({(props["id"], key): value for key, value in props.items()})
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(layout)
    parts = [part.rsplit(".", 1) for part in spec["output"].strip(".").split("...")]

    def item(entry: dict[str, Any]) -> dict[str, Any]:
        return {"id": entry["id"], "property": entry["property"],
                "value": values.get((entry["id"], entry["property"]))}

    return {"output": spec["output"],
            "outputs": [{"id": ident, "property": prop} for ident, prop in parts],
            "inputs": [item(entry) for entry in spec["inputs"]],
            "state": [item(entry) for entry in spec["state"]],
            "changedPropIds": ["timeline-slider.value"]}


@pytest.mark.parametrize("damage", [c[1] for c in CORRUPTIONS], ids=[c[0] for c in CORRUPTIONS])
def test_a_damaged_cache_is_recomputed_and_the_app_works(
    damage: Callable[[Path], None], dataset_folder: Path, good_cache: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(good_cache, cache)
    path = next(cache.glob("timeline-*.json.gz"))
    good = _document(path)
    damage(path)
    monkeypatch.setenv("REALPOLITIK_CACHE", str(cache))
    from app import create_app

    with caplog.at_level(logging.WARNING, logger="graph.timeline"):
        app = create_app(dataset_folder)
    assert any("recomputing" in r.getMessage() or "cannot write" in r.getMessage()
               for r in caplog.records), [r.getMessage() for r in caplog.records]
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    response = client.post("/_dash-update-component", json=draw_body(client))
    assert response.status_code == 200
    figure = response.get_json()["response"]["network-graph"]["figure"]
    assert figure["data"], "the graph is drawn"
    if path.is_file():  # rewritten, whole, for the next start
        again = _document(path)
        assert again["format"] == CACHE_FORMAT
        assert again["snapshot_of_month"] == good["snapshot_of_month"]
