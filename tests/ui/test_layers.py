"""Uploaded layers: decoding, importing, and a user-controlled store read defensively."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from ui.layers import UploadError, decode_upload, layer_frames, read_upload

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
    "stored",
    [None, "x", [1, 2], [{"id": "a"}], [{"id": "a", "ties": "nope"}],
     [{"id": "a", "ties": [{"weird": 1}]}]],
    ids=["none", "string", "numbers", "no-ties", "ties-not-list", "rows-without-columns"],
)
def test_layer_frames_ignore_malformed_stores(stored: Any) -> None:
    frames = layer_frames(stored, ["a"])
    assert all(frame.empty or "start_day" in frame.columns for frame in frames)


def test_layer_frames_type_the_enabled_layers_only() -> None:
    content = b"source,target,start,type\nIRN,RUS,2022,arms_transfer\n"
    payload, _ = read_upload("mine.csv", data_url(content), KNOWN)
    assert payload is not None
    assert layer_frames([payload], []) == ()
    (frame,) = layer_frames([payload], [payload["id"]])
    assert frame.loc[0, "source"] == "IRN" and frame.loc[0, "layer"] == "mine.csv"
    assert int(frame.loc[0, "start_day"]) > 0
