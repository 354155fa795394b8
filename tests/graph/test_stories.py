"""Stories are data: a documented format, located errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.dataset import Dataset
from graph.stories import MAX_STORY_BYTES, load_stories, parse_story

GOOD = """---
id: good
title: Russia and Iran
summary: Drones, a treaty, a friction.
---

## Drones
view: ?date=2023-06&dyad=IRN,RUS&layout=map
ties: t-irn-rus-arms-2023

Iran delivered Shahed drones.

They were used against Ukraine.

## The treaty
view: ?date=2025-02&focus=IRN
sources: s2

Russia and Iran signed a treaty.
"""


def test_a_good_story_is_read_whole(tiny: Dataset) -> None:
    story, problems = parse_story(GOOD, "good.md", tiny)
    assert problems == []
    assert story is not None
    first, second = story.steps
    assert first.title == "Drones" and first.state.layout == "map"
    assert first.state.dyad == ("IRN", "RUS")
    assert first.paragraphs == ("Iran delivered Shahed drones.", "They were used against Ukraine.")
    assert first.sources == ("s1",)  # the tie's source
    assert second.sources == ("s2",) and second.state.focus == "IRN"
    assert (first.line, second.line) == (7, 15)


@pytest.mark.parametrize(
    ("change", "line", "field", "message"),
    [
        (("---\nid: good", "id: good"), 1, "", "front matter"),
        (("id: good", "id: Good Story"), 2, "id", "lower-case"),
        (("id: good", "id: other"), 2, "id", "file's name"),
        (("title: Russia and Iran\n", ""), 1, "title", "needs a title"),
        (("summary: Drones", "colour: red\nsummary: Drones"), 4, "colour",
         "not a front matter key"),
        (("dyad=IRN,RUS", "dyad=IRN,XXX"), 8, "view", "not two countries"),
        (("date=2023-06", "date=2023-13"), 8, "view", "not a date"),
        (("layout=map", "layout=globe"), 8, "view", "not one of"),
        (("ties: t-irn-rus-arms-2023", "ties: t-nothing"), 9, "ties", "not the id of a tie"),
        (("sources: s2", "sources: s9"), 17, "sources", "not the id of a source"),
        (("view: ?date=2025-02&focus=IRN\n", ""), 15, "view", "needs a 'view:' line"),
        (("sources: s2\n", ""), 15, "sources", "at least one source"),
        (("Russia and Iran signed a treaty.", ""), 15, "text", "needs a text"),
        (("Russia and Iran signed a treaty.", "x" * 1300), 15, "text", "longer than"),
        (("## The treaty", "##"), 15, "title", "needs a title"),
        (("---\n\n## Drones", "---\nstray words\n## Drones"), 6, "", "text before"),
    ],
    ids=["no-front-matter", "bad-id", "id-not-file", "no-title", "unknown-key", "bad-dyad",
         "bad-date", "bad-layout", "unknown-tie", "unknown-source", "no-view", "no-source",
         "no-text", "long-text", "heading-without-title", "text-before-steps"],
)
def test_a_bad_story_is_refused_with_located_findings(
    tiny: Dataset, change: tuple[str, str], line: int, field: str, message: str
) -> None:
    text = GOOD.replace(*change, 1)
    story, problems = parse_story(text, "good.md", tiny)
    assert story is None
    assert any(
        problem.line == line and problem.column == field and message in problem.message
        for problem in problems
    ), [str(problem) for problem in problems]


def test_the_folder_keeps_good_stories_and_reports_bad_files(tiny: Dataset, tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "README.md").write_text("# not a story", encoding="utf-8")
    (tmp_path / "latin.md").write_bytes("---\nid: latin\ntitle: caf\xe9\n".encode("latin-1"))
    (tmp_path / "big.md").write_bytes(b"x" * (MAX_STORY_BYTES + 1))
    stories, problems = load_stories(tmp_path, tiny)
    assert [story.id for story in stories] == ["good"]
    assert {problem.file for problem in problems} == {"stories/latin.md", "stories/big.md"}
    assert load_stories(tmp_path / "none", tiny) == ((), [])
