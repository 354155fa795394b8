"""Uploaded layers: decoding, importing, and a user-controlled store read defensively."""

from __future__ import annotations

import base64
import logging
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from graph.dates import OPEN_END
from graph.view_state import ViewState
from ui import ids
from ui.layers import (
    BUNDLED_LAYERS,
    SIPRI_LAYER,
    BuiltinLayer,
    UploadError,
    decode_upload,
    layer_frames,
    layer_options,
    load_builtin_layers,
    read_upload,
)
from ui.model import ExplorerData, build_scene, load_explorer_data

KNOWN = frozenset({"IRN", "RUS", "UKR"})


def data_url(content: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(content).decode()


@pytest.mark.parametrize(
    ("contents", "message"),
    [
        (None, "not a file"),
        ("plain text", "not a file"),
        ("text/csv,abc", "not a base64 data URL"),
        ("data:text/csv;base64,@@@", "not valid base64"),
        ("data:text/csv;base64," + "A" * 40, None),
    ],
    ids=["none", "no-comma", "not-data-url", "bad-base64", "fine"],
)
def test_decode_upload(contents: object, message: str | None) -> None:
    if message is None:
        assert decode_upload(contents) == base64.b64decode("A" * 40)
        return
    with pytest.raises(UploadError, match=message):
        decode_upload(contents)


def test_decode_refuses_more_than_the_cap_before_decoding() -> None:
    with pytest.raises(UploadError, match="larger than"):
        decode_upload(data_url(b"x" * 2000), limit=1000)


def test_read_upload_reports_and_keeps_provenance() -> None:
    content = b"source,target,start,type\nIRN,RUS,2022,arms_transfer\nIRN,XXX,2022,friction\n"
    payload, report = read_upload("mine.csv", data_url(content), KNOWN)
    assert payload is not None and not report["refused"]
    assert "rows read" in report["summary"]
    assert all(tie["id"].startswith(f"upload-{payload['id']}-") for tie in payload["ties"])
    assert payload["name"] == "mine.csv"


@pytest.mark.parametrize(
    "contents",
    [data_url(b""), data_url(b"\x00\x01\x02" * 20), "data:text/csv;base64,!!"],
    ids=["empty", "binary", "garbage"],
)
def test_read_upload_refuses_with_a_message(contents: str) -> None:
    payload, report = read_upload("bad.csv", contents, KNOWN)
    assert payload is None
    assert report["refused"] and report["summary"]


@pytest.mark.parametrize(
    ("stored", "frames_expected"),
    [
        (None, 0),
        ("x", 0),
        ([1, 2], 0),
        ([{"id": "a"}], 0),
        ([{"id": "a", "ties": "nope"}], 0),
        ([{"id": "a", "ties": [{"weird": 1}]}], 1),
    ],
    ids=["none", "string", "numbers", "no-ties", "ties-not-list", "rows-without-columns"],
)
def test_layer_frames_ignore_malformed_stores(stored: Any, frames_expected: int) -> None:
    frames = layer_frames(stored, ["a"])
    assert len(frames) == frames_expected
    for frame in frames:
        # A row without columns types to a tie with no ends and no start: never active,
        # never drawn.
        assert (frame["start_day"] == OPEN_END).all()
        assert set(frame["source"]) == {""}


def test_layer_frames_type_the_enabled_layers_only() -> None:
    content = b"source,target,start,type\nIRN,RUS,2022,arms_transfer\n"
    payload, _ = read_upload("mine.csv", data_url(content), KNOWN)
    assert payload is not None
    assert layer_frames([payload], []) == ()
    (frame,) = layer_frames([payload], [payload["id"]])
    assert frame.loc[0, "source"] == "IRN" and frame.loc[0, "layer"] == "mine.csv"
    assert int(frame.loc[0, "start_day"]) > 0


# --- the bundled SIPRI layer: listed, unticked, drawn like an upload when ticked --------------

UPLOAD = {"id": "0123456789ab", "name": "mine.csv", "ties": [{}, {}]}


@pytest.fixture(scope="module")
def builtin() -> tuple[BuiltinLayer, ...]:
    return load_builtin_layers()


@pytest.fixture(scope="module")
def tiny_data(tmp_path_factory: pytest.TempPathFactory) -> ExplorerData:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from conftest import write_dataset  # type: ignore[import-not-found]

    folder = write_dataset(tmp_path_factory.mktemp("data") / "tiny")
    return load_explorer_data(folder, cache_dir=tmp_path_factory.mktemp("cache"))


def test_the_sipri_layer_is_bundled(builtin: tuple[BuiltinLayer, ...]) -> None:
    (sipri,) = builtin
    assert sipri.spec.id == SIPRI_LAYER
    assert set(sipri.ties["type"]) == {"arms_transfer"}
    assert {"start_day", "end_day", "layer"} <= set(sipri.ties.columns)
    assert sipri.option["value"] == SIPRI_LAYER and "ties)" in sipri.option["label"]
    assert "Information from the SIPRI Arms Transfers Database" in sipri.spec.credit


@pytest.mark.parametrize(
    ("stored", "enabled", "uploaded", "values", "ticked"),
    [
        ([], [ids.CURATED], False, [ids.CURATED, SIPRI_LAYER], [ids.CURATED]),
        (
            [],
            [ids.CURATED, SIPRI_LAYER],
            False,
            [ids.CURATED, SIPRI_LAYER],
            [ids.CURATED, SIPRI_LAYER],
        ),
        ([], [SIPRI_LAYER], False, [ids.CURATED, SIPRI_LAYER], [SIPRI_LAYER]),
        (
            [UPLOAD],
            [ids.CURATED],
            True,
            [ids.CURATED, SIPRI_LAYER, UPLOAD["id"]],
            [ids.CURATED, UPLOAD["id"]],
        ),
        ([UPLOAD], [ids.CURATED], False, [ids.CURATED, SIPRI_LAYER, UPLOAD["id"]], [ids.CURATED]),
        (
            "forged",
            [ids.CURATED, "gone", 3, SIPRI_LAYER, SIPRI_LAYER],
            False,
            [ids.CURATED, SIPRI_LAYER],
            [ids.CURATED, SIPRI_LAYER],
        ),
        ([{"id": 5}, {"name": "x"}], None, True, [ids.CURATED, SIPRI_LAYER], []),
    ],
    ids=[
        "default-unticked",
        "ticked-stays-ticked",
        "sipri-alone",
        "new-upload-ticked",
        "upload-listed-on-reload",
        "forged-values-dropped",
        "malformed-store",
    ],
)
def test_layer_options(
    builtin: tuple[BuiltinLayer, ...],
    stored: Any,
    enabled: Any,
    uploaded: bool,
    values: list[str],
    ticked: list[str],
) -> None:
    options, chosen = layer_options(stored, enabled, builtin, uploaded=uploaded)
    assert [option["value"] for option in options] == values
    assert chosen == ticked


@pytest.mark.parametrize(
    ("enabled", "sipri_drawn"),
    [
        ([ids.CURATED], False),
        ([ids.CURATED, SIPRI_LAYER], True),
        ([SIPRI_LAYER], True),
        (None, False),
        ("sipri", False),
    ],
    ids=["curated-only", "both", "sipri-only", "none", "forged-string"],
)
def test_layer_frames_give_the_sipri_layer_only_when_ticked(
    builtin: tuple[BuiltinLayer, ...], enabled: Any, sipri_drawn: bool
) -> None:
    frames = layer_frames([], enabled, builtin)
    assert any(frame is builtin[0].ties for frame in frames) is sipri_drawn
    assert len(frames) == int(sipri_drawn)


@pytest.mark.parametrize(
    ("enabled", "present", "absent"),
    [
        ([ids.CURATED], {("IRN", "RUS"), ("RUS", "UKR")}, {("ISR", "USA")}),
        ([ids.CURATED, SIPRI_LAYER], {("IRN", "RUS"), ("RUS", "UKR"), ("ISR", "USA")}, set()),
        ([SIPRI_LAYER], {("IRN", "RUS"), ("ISR", "USA")}, {("RUS", "UKR")}),
    ],
    ids=["curated-only", "sipri-beside-curated", "sipri-alone"],
)
def test_the_ticked_sipri_layer_is_drawn_like_an_upload(
    tiny_data: ExplorerData,
    builtin: tuple[BuiltinLayer, ...],
    enabled: list[str],
    present: set[tuple[str, str]],
    absent: set[tuple[str, str]],
) -> None:
    state = ViewState(step=tiny_data.timeline.months.index("2022-10"))
    scene = build_scene(
        tiny_data, state, layers=layer_frames([], enabled, builtin), curated=ids.CURATED in enabled
    )
    drawn = {
        tuple(sorted(pair))
        for pair in zip(scene.dyads["source"], scene.dyads["target"], strict=True)
    }
    assert present <= drawn
    assert not absent & drawn


def _find(component: Any, component_id: str) -> Any:
    if getattr(component, "id", None) == component_id:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            found = _find(child, component_id)
            if found is not None:
                return found
    return None


def test_the_page_lists_the_sipri_layer_unticked_with_its_credit(tiny_data: ExplorerData) -> None:
    from ui.layout import build_layout

    page = build_layout(tiny_data)
    toggle = _find(page, ids.LAYER_TOGGLE)
    assert [option["value"] for option in toggle.options] == [ids.CURATED, SIPRI_LAYER]
    assert toggle.value == [ids.CURATED]
    assert "Information from the SIPRI Arms Transfers Database" in str(page)


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        ({}, "missing"),
        ({"ties.csv": "id,source\nx,IRN\n"}, "invalid"),
    ],
    ids=["no-folder", "broken-layer"],
)
def test_a_missing_or_broken_layer_is_left_out(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, files: dict[str, str], reason: str
) -> None:
    if files:
        shutil.copytree(BUNDLED_LAYERS / "sipri", tmp_path / "sipri")
        for name, text in files.items():
            (tmp_path / "sipri" / name).write_text(text, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="ui.layers"):
        assert load_builtin_layers(tmp_path) == ()
    assert "built-in layer sipri" in caplog.text, reason
