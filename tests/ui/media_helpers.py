"""Helpers shared by the media export tests (images, GIF, standalone page)."""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

REQUIRE = "REALPOLITIK_REQUIRE_BROWSER"


def require_renderer() -> None:
    """Skip (with the reason) unless kaleido, Pillow and Chromium are here; fail instead when
    REALPOLITIK_REQUIRE_BROWSER=1."""
    reasons = []
    try:
        import kaleido  # noqa: F401
    except ImportError:
        reasons.append("kaleido is not installed (pip install 'realpolitik[export]')")
    try:
        import PIL  # noqa: F401
    except ImportError:
        reasons.append("Pillow is not installed (pip install 'realpolitik[export]')")
    browser = os.environ.get("BROWSER_PATH") or next(
        (
            found
            for name in ("chromium", "chromium-browser", "google-chrome", "chrome")
            if (found := shutil.which(name))
        ),
        None,
    )
    if not browser or not Path(browser).exists():
        reasons.append("Chromium is not installed (apt-get install chromium)")
    if reasons:
        reason = "; ".join(reasons)
        if os.environ.get(REQUIRE) == "1":
            pytest.fail(f"{REQUIRE}=1 but {reason}")
        pytest.skip(reason)


def page_parts(page: str) -> dict[str, Any]:
    """The figure spec, the frames and plotly.js of a standalone page, decoded."""

    def block(name: str) -> str:
        found = re.search(rf'<script type="[^"]+" id="{name}">(.*?)</script>', page, re.S)
        assert found, f"no {name} block in the page"
        return found.group(1)

    def inflate(name: str) -> str:
        return gzip.decompress(base64.b64decode(block(name))).decode("utf-8")

    return {
        "spec": json.loads(block("figure")),
        "frames": json.loads(inflate("frames")),
        "plotly": inflate("plotly-js"),
    }


def assert_offline(page: str) -> None:
    """Nothing in the page is fetched from the network: no script source, no URL at all."""
    assert not re.search(r"<script[^>]*\ssrc\s*=", page, re.I)
    assert not re.search(r"<link[^>]*\shref\s*=", page, re.I)
    assert not re.search(r"https?://", page), re.search(r".{40}https?://.{40}", page)
    assert "cdn." not in page.lower()
