"""Stories: guided walks through the network, one Markdown file per story in ``data/stories/``
(the format is documented in ``data/stories/README.md``).

Each step is a view of the page (its URL query, read by the page's own validator), a short
text and the ties and sources it rests on. A bad file gets findings that name the file, the
line and the field, like the rest of the dataset; a file with errors is left out, never half
read.

>>> text = '''---
... id: tiny
... title: A tiny story
... summary: Two countries at war.
... ---
...
... ## The invasion
... view: ?date=2022-03&dyad=RUS,UKR
... ties: ex-rus-ukr-war
...
... Russia invaded Ukraine.
... '''
>>> from graph.example import example_dataset
>>> story, problems = parse_story(text, "tiny.md", example_dataset())
>>> story.title, [step.title for step in story.steps], problems
('A tiny story', ['The invasion'], [])
>>> story.steps[0].sources
('ex-src',)
>>> _, problems = parse_story(text.replace("RUS,UKR", "RUS,XXX"), "tiny.md", example_dataset())
>>> print(problems[0])
ERROR tiny.md:8 [view] '?date=2022-03&dyad=RUS,XXX': dyad: 'RUS,XXX' is not two countries of \
this dataset
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from graph.dataset import Dataset, split_ids
from graph.validate import Problem
from graph.view_state import ViewState, Vocabulary, parse_query

__all__ = [
    "MAX_STEPS",
    "MAX_STORY_BYTES",
    "Step",
    "Story",
    "load_stories",
    "parse_story",
    "story_steps",
    "validate_stories",
]

MAX_STORY_BYTES = 64 * 1024
MAX_STEPS = 30
MAX_TITLE = 100
MAX_SUMMARY = 300
MAX_TEXT = 1200
STEP_KEYS = ("view", "ties", "sources")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_KEY_LINE = re.compile(r"^([a-z_]+):\s*(.*)$")
#: A second-level heading, also when its title is missing ("##"), so that it is reported
#: rather than read as text.
_HEADING = re.compile(r"^##(?!#)")


@dataclass(frozen=True)
class Step:
    """One step: its title, the page's view (``query`` as in a link, ``state`` as read),
    the text's paragraphs, the ties it is about and every source it rests on (its own and
    its ties')."""

    title: str
    query: str
    state: ViewState
    paragraphs: tuple[str, ...]
    ties: tuple[str, ...]
    sources: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    summary: str
    steps: tuple[Step, ...]

    def state_at(self, number: int) -> ViewState:
        """The page's view at step ``number`` (from 1, clamped), marked as in this story."""
        number = max(1, min(number, len(self.steps)))
        return replace(self.steps[number - 1].state, story=self.id, story_step=number,
                       notices=())


class _Findings:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def error(self, line: int, field: str, value: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, field, value[:120], message))


def _front_matter(lines: list[str], out: _Findings) -> tuple[dict[str, str], int]:
    """The ``key: value`` pairs between the two ``---`` lines, and the line after them."""
    if not lines or lines[0].strip() != "---":
        out.error(1, "", "", "a story starts with a front matter between two '---' lines")
        return {}, 0
    values: dict[str, str] = {}
    for index in range(1, len(lines)):
        line = lines[index]
        if line.strip() == "---":
            return values, index + 1
        if not line.strip():
            continue
        match = _KEY_LINE.match(line)
        if match is None:
            out.error(index + 1, "", line, "is not a 'key: value' line of the front matter")
            continue
        key, value = match.group(1), match.group(2).strip()
        if key not in ("id", "title", "summary"):
            out.error(index + 1, key, value, "is not a front matter key (id, title, summary)")
        elif key in values:
            out.error(index + 1, key, value, "is given twice")
        else:
            values[key] = value
    out.error(1, "", "", "the front matter is not closed by a '---' line")
    return values, len(lines)


def _split_steps(lines: list[str], first: int, out: _Findings) -> list[tuple[int, list[str]]]:
    """``(line number of the heading, the lines of the step)`` per ``## `` heading."""
    steps: list[tuple[int, list[str]]] = []
    for index in range(first, len(lines)):
        line = lines[index]
        if _HEADING.match(line):
            steps.append((index + 1, [line]))
        elif steps:
            steps[-1][1].append(line)
        elif line.strip():
            out.error(index + 1, "", line, "text before the first step ('## ' heading)")
    return steps


def _step(
    heading_line: int,
    lines: list[str],
    dataset: Dataset,
    vocabulary: Vocabulary,
    tie_sources: dict[str, tuple[str, ...]],
    source_ids: set[str],
    out: _Findings,
) -> Step | None:
    before = len(out.problems)
    title = lines[0][2:].strip()
    if not title:
        out.error(heading_line, "title", "", "a step needs a title after '## '")
    elif len(title) > MAX_TITLE:
        out.error(heading_line, "title", title, f"is longer than {MAX_TITLE} characters")
    keys: dict[str, tuple[int, str]] = {}
    text_lines: list[str] = []
    for offset, line in enumerate(lines[1:], start=1):
        number = heading_line + offset
        match = _KEY_LINE.match(line)
        if not text_lines and match is not None and match.group(1) in STEP_KEYS:
            key = match.group(1)
            if key in keys:
                out.error(number, key, match.group(2), "is given twice")
            keys[key] = (number, match.group(2).strip())
        elif text_lines or line.strip():
            text_lines.append(line)
    if "view" not in keys:
        out.error(heading_line, "view", "", "a step needs a 'view:' line (the page's query)")
        state, query = ViewState(), ""
    else:
        number, query = keys["view"]
        state = parse_query(query, vocabulary)
        for notice in state.notices:
            out.error(number, "view", query, notice)
    ties: list[str] = []
    sources: list[str] = []
    if "ties" in keys:
        number, value = keys["ties"]
        for tie in split_ids(value):
            if tie in tie_sources:
                ties.append(tie)
                sources.extend(tie_sources[tie])
            else:
                out.error(number, "ties", tie, "is not the id of a tie in ties.csv")
    if "sources" in keys:
        number, value = keys["sources"]
        for source in split_ids(value):
            if source in source_ids:
                sources.append(source)
            else:
                out.error(number, "sources", source, "is not the id of a source in sources.csv")
    if not sources and len(out.problems) == before:
        out.error(heading_line, "sources", "",
                  "a step rests on at least one source: list it, or the ties that cite it")
    text = "\n".join(text_lines).strip()
    paragraphs = tuple(
        " ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip()
    )
    if not paragraphs:
        out.error(heading_line, "text", "", "a step needs a text after its keys")
    elif sum(len(paragraph) for paragraph in paragraphs) > MAX_TEXT:
        out.error(heading_line, "text", paragraphs[0], f"is longer than {MAX_TEXT} characters")
    if len(out.problems) > before:
        return None
    return Step(title, query, state, paragraphs, tuple(ties), tuple(dict.fromkeys(sources)),
                heading_line)


def parse_story(
    text: str, filename: str, dataset: Dataset, vocabulary: Vocabulary | None = None
) -> tuple[Story | None, list[Problem]]:
    """Read one story; ``None`` and the findings when the file has any error."""
    out = _Findings(filename)
    vocabulary = vocabulary or Vocabulary.of(dataset)
    lines = text.splitlines()
    meta, first = _front_matter(lines, out)
    story_id = meta.get("id", "")
    stem = Path(filename).stem
    if not _ID.match(story_id):
        out.error(2, "id", story_id, "an id is lower-case letters, digits and hyphens")
    elif story_id != stem:
        out.error(2, "id", story_id, f"must be the file's name without .md ({stem!r})")
    for key, limit in (("title", MAX_TITLE), ("summary", MAX_SUMMARY)):
        if not meta.get(key):
            out.error(1, key, "", f"the front matter needs a {key}")
        elif len(meta[key]) > limit:
            out.error(1, key, meta[key], f"is longer than {limit} characters")
    ties = dataset.ties
    tie_sources = {
        str(tie): tuple(split_ids(str(sources)))
        for tie, sources in zip(ties["id"], ties["sources"], strict=True)
    }
    source_ids = set(dataset.sources["id"])
    chunks = _split_steps(lines, first, out)
    if not chunks:
        out.error(first + 1, "", "", "a story needs at least one step ('## ' heading)")
    if len(chunks) > MAX_STEPS:
        out.error(chunks[MAX_STEPS][0], "", "", f"a story has at most {MAX_STEPS} steps")
    steps = [_step(line, chunk, dataset, vocabulary, tie_sources, source_ids, out)
             for line, chunk in chunks[:MAX_STEPS]]
    if out.problems:
        return None, out.problems
    return Story(story_id, meta["title"], meta["summary"],
                 tuple(step for step in steps if step is not None)), []


def _read(path: Path, out: _Findings) -> str | None:
    try:
        size = path.stat().st_size
        if size > MAX_STORY_BYTES:
            out.error(0, "", "", f"is {size:,} bytes; a story is at most {MAX_STORY_BYTES:,}")
            return None
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        out.error(0, "", "", f"is not UTF-8 text (byte {error.start})")
    except OSError as error:
        out.error(0, "", "", f"cannot be read: {error.strerror or error}")
    return None


def load_stories(
    folder: Path | str, dataset: Dataset, vocabulary: Vocabulary | None = None
) -> tuple[tuple[Story, ...], list[Problem]]:
    """Every story of ``folder`` (``*.md`` but the README), in file name order, and the
    findings of the files left out. A missing folder holds no story."""
    root = Path(folder)
    stories: list[Story] = []
    problems: list[Problem] = []
    if not root.is_dir():
        return (), []
    vocabulary = vocabulary or Vocabulary.of(dataset)
    for path in sorted(root.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        name = f"stories/{path.name}"
        out = _Findings(name)
        text = _read(path, out)
        if text is None:
            problems.extend(out.problems)
            continue
        story, found = parse_story(text, name, dataset, vocabulary)
        problems.extend(found)
        if story is not None:
            stories.append(story)
    return tuple(stories), problems


def validate_stories(folder: Path | str, dataset: Dataset) -> list[Problem]:
    """The findings of every story file of ``folder`` (``data/stories``)."""
    return load_stories(folder, dataset)[1]


def story_steps(stories: Sequence[Story], story_id: str) -> tuple[Step, ...]:
    """The steps of the story ``story_id`` (none when there is no such story)."""
    return next((story.steps for story in stories if story.id == story_id), ())
