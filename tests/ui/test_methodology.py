"""The methodology page's content: generated from the code's own declarations, in the data
README's words, escaped, and a well-formed document a screen reader can navigate."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser
from itertools import pairwise

import pytest

from graph.dataset import BUNDLED_DATA, CONFIDENCE_LEVELS, TIE_TYPES
from graph.metrics import METRIC_DESCRIPTIONS
from ui.methodology import (
    CONFIDENCE_MEANINGS,
    METRIC_METHODS,
    REFERENCES,
    WEIGHT_ANCHORS,
    methodology_html,
)

PAGE = methodology_html("Realpolitik curated alliance network", "2026.12.0")
DATA_README = " ".join((BUNDLED_DATA / "README.md").read_text(encoding="utf-8").split())


class Outline(HTMLParser):
    """The page's structure: tags opened, heading levels in order, ids, in-page links."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.anchors: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = values.get("lang")
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        if values.get("id"):
            self.ids.append(str(values["id"]))
        href = values.get("href") or ""
        if href.startswith("#"):
            self.anchors.append(href[1:])


def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    parser.close()
    return parser


@pytest.mark.parametrize("name", list(TIE_TYPES), ids=list(TIE_TYPES))
def test_every_tie_type_is_explained_in_plain_words(name: str) -> None:
    tie_type = TIE_TYPES[name]
    assert f"<td>{escape(tie_type.label)}</td>" in PAGE
    assert escape(tie_type.description) in PAGE
    assert f"<code>{name}</code>" in PAGE


@pytest.mark.parametrize("metric", list(METRIC_DESCRIPTIONS), ids=list(METRIC_DESCRIPTIONS))
def test_every_metric_is_explained_with_its_treatment_of_hostility(metric: str) -> None:
    label, meaning = METRIC_DESCRIPTIONS[metric]
    hostility, method, cited = METRIC_METHODS[metric]
    assert f"<strong>{escape(label)}</strong>" in PAGE
    assert f"<code>{metric}</code>" in PAGE
    for text in (meaning, hostility, method):
        assert escape(text) in PAGE
    for key in cited:
        assert f'href="#ref-{key}">{escape(REFERENCES[key][0])}</a>' in PAGE


def test_the_methods_cover_exactly_the_metrics() -> None:
    assert list(METRIC_METHODS) == list(METRIC_DESCRIPTIONS)


@pytest.mark.parametrize(
    ("rubric", "key"),
    [
        *((CONFIDENCE_MEANINGS, level) for level in CONFIDENCE_LEVELS),
        *((WEIGHT_ANCHORS, weight) for weight in WEIGHT_ANCHORS),
    ],
    ids=[
        *(f"confidence-{level}" for level in CONFIDENCE_LEVELS),
        *(f"weight-{weight}" for weight in WEIGHT_ANCHORS),
    ],
)
def test_the_rubrics_are_the_data_readmes_words(rubric: dict[str, str], key: str) -> None:
    assert " ".join(rubric[key].split()) in DATA_README
    assert escape(rubric[key]) in PAGE


def test_every_reference_is_listed_and_every_in_page_link_lands() -> None:
    parsed = outline(PAGE)
    assert {f"ref-{key}" for key in REFERENCES} <= set(parsed.ids)
    assert set(parsed.anchors) <= set(parsed.ids)
    assert len(parsed.ids) == len(set(parsed.ids)), "ids are unique"


def test_the_page_is_a_navigable_document() -> None:
    parsed = outline(PAGE)
    assert parsed.lang == "en"
    assert parsed.tags.count("title") == 1 and parsed.tags.count("main") == 1
    assert parsed.headings[0] == 1 and parsed.headings.count(1) == 1
    # Headings in order: never a level skipped on the way down.
    assert all(after - before <= 1 for before, after in pairwise(parsed.headings))
    assert "<script" not in PAGE and "style=" not in PAGE


@pytest.mark.parametrize(
    ("name", "version"),
    [
        ("<script>alert(1)</script>", "<i>1</i>"),
        ('"><img src=x onerror=alert(2)>', "9 & <b>9</b>"),
    ],
    ids=["script-tag", "attribute-breakout"],
)
def test_the_dataset_reaches_the_page_as_text(name: str, version: str) -> None:
    page = methodology_html(name, version, home='/x"y', stylesheet="/a<b>.css")
    assert name not in page and escape(name) in page
    assert version not in page and escape(version) in page
    assert 'href="/x&quot;y"' in page and 'href="/a&lt;b&gt;.css"' in page
