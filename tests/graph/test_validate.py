"""Validation reports every problem at once, each with file, line, column, value and a plain
sentence, at two levels; no input, however broken, produces a traceback."""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cli
from graph.validate import DatasetError, load_dataset, load_dataset_with_report, validate_folder

# --- editing one cell, column or byte of a written dataset ---------------------------------

Edit = Callable[[Path], None]


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _write(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def cell(file: str, line: int, column: str, value: str) -> Edit:
    """Set one cell; ``line`` is the file's line (the header is line 1)."""

    def edit(folder: Path) -> None:
        rows = _rows(folder / file)
        rows[line - 1][rows[0].index(column)] = value
        _write(folder / file, rows)

    return edit


def cells(file: str, line: int, **values: str) -> Edit:
    def edit(folder: Path) -> None:
        for column, value in values.items():
            cell(file, line, column, value)(folder)

    return edit


def header(file: str, old: str, new: str | None) -> Edit:
    """Rename a column, or drop it (and its cells) when ``new`` is None."""

    def edit(folder: Path) -> None:
        rows = _rows(folder / file)
        position = rows[0].index(old)
        if new is None:
            rows = [row[:position] + row[position + 1 :] for row in rows]
        else:
            rows[0][position] = new
        _write(folder / file, rows)

    return edit


def copy_row(file: str, line: int, **values: str) -> Edit:
    """Append a copy of a row with some cells changed."""

    def edit(folder: Path) -> None:
        rows = _rows(folder / file)
        row = list(rows[line - 1])
        for column, value in values.items():
            row[rows[0].index(column)] = value
        _write(folder / file, [*rows, row])

    return edit


def raw_bytes(file: str, old: bytes, new: bytes) -> Edit:
    def edit(folder: Path) -> None:
        path = folder / file
        path.write_bytes(path.read_bytes().replace(old, new, 1))

    return edit


def remove(file: str) -> Edit:
    return lambda folder: (folder / file).unlink()


def reads_as_a_sentence(message: str) -> bool:
    words = re.findall(r"[A-Za-z]+", message)
    code = re.search(r"Traceback|lambda|<|>|dtype|Series|\bCheck\b|Error\b|\bnan\b", message)
    return len(words) >= 3 and code is None


# Lines of the tiny dataset (tests/conftest.py): the header is line 1.
IRN_RUS_2022, TREATY, FRICTION, SUN_IRN = 2, 4, 5, 12

PROBLEMS = [
    # id, edit, level, file, line, column, value
    (
        "misspelt-column",
        header("ties.csv", "weight", "wieght"),
        "ERROR",
        "ties.csv",
        1,
        "weight",
        "",
    ),
    (
        "missing-required-column",
        header("ties.csv", "confidence", None),
        "ERROR",
        "ties.csv",
        1,
        "confidence",
        "",
    ),
    (
        "missing-optional-column",
        header("ties.csv", "description", None),
        "WARNING",
        "ties.csv",
        1,
        "description",
        "",
    ),
    (
        "unknown-column",
        header("countries.csv", "subregion", "continent"),
        "WARNING",
        "countries.csv",
        1,
        "continent",
        "",
    ),
    ("missing-file", remove("ties.csv"), "ERROR", "ties.csv", 0, "", ""),
    (
        "unknown-country",
        cell("ties.csv", TREATY, "target", "XYZ"),
        "ERROR",
        "ties.csv",
        TREATY,
        "target",
        "XYZ",
    ),
    (
        "unknown-country-in-event",
        cell("events.csv", 2, "countries", "RUS;XYZ"),
        "ERROR",
        "events.csv",
        2,
        "countries",
        "XYZ",
    ),
    (
        "unknown-country-in-membership",
        cell("memberships.csv", 3, "country", "BLX"),
        "ERROR",
        "memberships.csv",
        3,
        "country",
        "BLX",
    ),
    (
        "unknown-bloc",
        cell("memberships.csv", 2, "bloc", "WARSAW_PACT"),
        "ERROR",
        "memberships.csv",
        2,
        "bloc",
        "WARSAW_PACT",
    ),
    (
        "unknown-source",
        cell("ties.csv", TREATY, "sources", "s2;s9"),
        "ERROR",
        "ties.csv",
        TREATY,
        "sources",
        "s9",
    ),
    (
        "unknown-source-in-event",
        cell("events.csv", 3, "sources", "nope"),
        "ERROR",
        "events.csv",
        3,
        "sources",
        "nope",
    ),
    (
        "date-2024-13-45",
        cell("ties.csv", TREATY, "start", "2024-13-45"),
        "ERROR",
        "ties.csv",
        TREATY,
        "start",
        "2024-13-45",
    ),
    (
        "date-01/02/2024",
        cell("ties.csv", TREATY, "start", "01/02/2024"),
        "ERROR",
        "ties.csv",
        TREATY,
        "start",
        "01/02/2024",
    ),
    (
        "date-february-30",
        cell("ties.csv", FRICTION, "end", "2025-02-30"),
        "ERROR",
        "ties.csv",
        FRICTION,
        "end",
        "2025-02-30",
    ),
    (
        "date-of-country",
        cell("countries.csv", 2, "start", "26/12/1991"),
        "ERROR",
        "countries.csv",
        2,
        "start",
        "26/12/1991",
    ),
    (
        "end-before-start",
        cell("ties.csv", IRN_RUS_2022, "end", "2022-07"),
        "ERROR",
        "ties.csv",
        IRN_RUS_2022,
        "end",
        "2022-07",
    ),
    (
        "membership-ends-before-start",
        cell("memberships.csv", 2, "end", "1999"),
        "ERROR",
        "memberships.csv",
        2,
        "end",
        "1999",
    ),
    (
        "weight-above-1",
        cell("ties.csv", TREATY, "weight", "1.5"),
        "ERROR",
        "ties.csv",
        TREATY,
        "weight",
        "1.5",
    ),
    (
        "weight-zero",
        cell("ties.csv", TREATY, "weight", "0"),
        "ERROR",
        "ties.csv",
        TREATY,
        "weight",
        "0",
    ),
    (
        "weight-negative",
        cell("ties.csv", TREATY, "weight", "-0.2"),
        "ERROR",
        "ties.csv",
        TREATY,
        "weight",
        "-0.2",
    ),
    (
        "weight-empty",
        cell("ties.csv", TREATY, "weight", ""),
        "ERROR",
        "ties.csv",
        TREATY,
        "weight",
        "",
    ),
    (
        "weight-blank",
        cell("ties.csv", TREATY, "weight", "   "),
        "ERROR",
        "ties.csv",
        TREATY,
        "weight",
        "",
    ),
    (
        "weight-nan",
        cell("ties.csv", TREATY, "weight", "nan"),
        "ERROR",
        "ties.csv",
        TREATY,
        "weight",
        "nan",
    ),
    (
        "weight-NaN",
        cell("ties.csv", TREATY, "weight", "NaN"),
        "ERROR",
        "ties.csv",
        TREATY,
        "weight",
        "NaN",
    ),
    (
        "weight-inf",
        cell("ties.csv", TREATY, "weight", "inf"),
        "ERROR",
        "ties.csv",
        TREATY,
        "weight",
        "inf",
    ),
    (
        "weight-minus-infinity",
        cell("ties.csv", TREATY, "weight", "-Infinity"),
        "ERROR",
        "ties.csv",
        TREATY,
        "weight",
        "-Infinity",
    ),
    (
        "weight-overflow",
        cell("ties.csv", TREATY, "weight", "1e400"),
        "ERROR",
        "ties.csv",
        TREATY,
        "weight",
        "1e400",
    ),
    (
        "weight-text",
        cell("ties.csv", TREATY, "weight", "strong"),
        "ERROR",
        "ties.csv",
        TREATY,
        "weight",
        "strong",
    ),
    (
        "latitude-out-of-range",
        cell("countries.csv", 4, "lat", "95"),
        "ERROR",
        "countries.csv",
        4,
        "lat",
        "95",
    ),
    (
        "sign-not-1-or-minus-1",
        cell("ties.csv", TREATY, "sign", "2"),
        "ERROR",
        "ties.csv",
        TREATY,
        "sign",
        "2",
    ),
    (
        "sign-contradicts-type",
        cell("ties.csv", TREATY, "sign", "-1"),
        "WARNING",
        "ties.csv",
        TREATY,
        "sign",
        "-1",
    ),
    (
        "unknown-type",
        cell("ties.csv", TREATY, "type", "friendship"),
        "ERROR",
        "ties.csv",
        TREATY,
        "type",
        "friendship",
    ),
    (
        "directed-not-boolean",
        cell("ties.csv", TREATY, "directed", "sometimes"),
        "ERROR",
        "ties.csv",
        TREATY,
        "directed",
        "sometimes",
    ),
    (
        "confidence-not-allowed",
        cell("ties.csv", TREATY, "confidence", "certain"),
        "ERROR",
        "ties.csv",
        TREATY,
        "confidence",
        "certain",
    ),
    (
        "required-cell-empty",
        cell("ties.csv", TREATY, "sources", ""),
        "ERROR",
        "ties.csv",
        TREATY,
        "sources",
        "",
    ),
    (
        "self-loop",
        cell("ties.csv", TREATY, "target", "RUS"),
        "ERROR",
        "ties.csv",
        TREATY,
        "target",
        "RUS",
    ),
    (
        "duplicate-tie",
        copy_row("ties.csv", TREATY, id="t-copy"),
        "WARNING",
        "ties.csv",
        13,
        "id",
        None,
    ),
    (
        "duplicate-undirected-tie-reversed",
        copy_row("ties.csv", TREATY, id="t-copy", source="IRN", target="RUS"),
        "WARNING",
        "ties.csv",
        13,
        "id",
        None,
    ),
    (
        "duplicate-id",
        copy_row("ties.csv", TREATY, start="2025-02"),
        "ERROR",
        "ties.csv",
        13,
        "id",
        "t-rus-irn-treaty",
    ),
    (
        "tie-before-country-exists",
        cell("ties.csv", TREATY, "start", "1990"),
        "ERROR",
        "ties.csv",
        TREATY,
        "source",
        "RUS",
    ),
    (
        "tie-after-country-ended",
        cell("ties.csv", SUN_IRN, "end", "1992-06"),
        "ERROR",
        "ties.csv",
        SUN_IRN,
        "source",
        "SUN",
    ),
    (
        "tie-with-dissolved-country",
        cell("ties.csv", TREATY, "target", "SUN"),
        "ERROR",
        "ties.csv",
        TREATY,
        "target",
        "SUN",
    ),
    (
        "membership-outside-bloc",
        cell("memberships.csv", 3, "start", "1995"),
        "ERROR",
        "memberships.csv",
        3,
        "start",
        "1995",
    ),
    (
        "ragged-row",
        raw_bytes("ties.csv", b",s2,medium\n", b",s2,medium,extra\n"),
        "ERROR",
        "ties.csv",
        FRICTION,
        "",
        None,
    ),
    (
        "not-utf8",
        raw_bytes("ties.csv", b"Iran sidelined", "Iran sidelin\xe9".encode("latin-1")),
        "ERROR",
        "ties.csv",
        FRICTION,
        "",
        None,
    ),
    (
        "blank-header-line",
        raw_bytes("sources.csv", b"id,publisher", b"\nid,publisher"),
        "ERROR",
        "sources.csv",
        1,
        "",
        "",
    ),
    (
        "repeated-column",
        header("sources.csv", "title", "publisher"),
        "ERROR",
        "sources.csv",
        1,
        "publisher",
        "",
    ),
    (
        "unreadable-datapackage",
        raw_bytes("datapackage.json", b"{", b"{{"),
        "ERROR",
        "datapackage.json",
        0,
        "",
        "",
    ),
]


@pytest.mark.parametrize(
    ("edit", "level", "file", "line", "column", "value"),
    [case[1:] for case in PROBLEMS],
    ids=[case[0] for case in PROBLEMS],
)
def test_each_problem_is_located_and_explained(dataset_dir, edit, level, file, line, column, value):
    edit(dataset_dir)
    report = validate_folder(dataset_dir)
    found = [p for p in report.problems if (p.file, p.line, p.column) == (file, line, column)]
    assert found, f"nothing reported at {file}:{line} [{column}]; got:\n" + "\n".join(
        map(str, report.problems)
    )
    problem = next((p for p in found if p.level == level), found[0])
    assert problem.level == level
    if value is not None:
        assert problem.value == value
    assert reads_as_a_sentence(problem.message), problem.message
    shown = str(problem)
    assert shown.startswith(level)
    assert (f"{file}:{line}" if line else file) in shown
    assert report.ok is (level == "WARNING" and not report.errors)


ACCEPTED = [
    ("tiny-as-written", lambda folder: None),
    (
        "sign-contradiction-explained",
        cells("ties.csv", TREATY, sign="-1", description="Treaty, but sign -1: it was a ruse"),
    ),
    ("partial-start-in-founding-month", cell("ties.csv", TREATY, "start", "1991-12")),
    ("start-on-founding-day", cell("ties.csv", TREATY, "start", "1991-12-26")),
    ("weight-exactly-1", cell("ties.csv", TREATY, "weight", "1")),
    ("one-day-tie", cells("ties.csv", TREATY, start="2025-01-17", end="2025-01-17")),
    ("boolean-spelling", cell("ties.csv", TREATY, "directed", "FALSE")),
    ("padded-cell", cell("ties.csv", TREATY, "weight", " 0.6 ")),
    (
        "no-optional-files",
        lambda folder: [
            (folder / name).unlink() for name in ("events.csv", "memberships.csv", "blocs.csv")
        ],
    ),
    ("same-pair-other-dates", copy_row("ties.csv", TREATY, id="t-copy", start="2025-02")),
]


@pytest.mark.parametrize("edit", [case[1] for case in ACCEPTED], ids=[case[0] for case in ACCEPTED])
def test_valid_variants_raise_nothing(dataset_dir, edit):
    edit(dataset_dir)
    report = validate_folder(dataset_dir)
    assert report.problems == []
    assert report.ok
    assert load_dataset(dataset_dir).ties["id"].is_unique


def test_every_problem_is_reported_at_once(dataset_dir):
    for edit in (
        cell("ties.csv", TREATY, "weight", "nan"),
        cell("ties.csv", FRICTION, "start", "2024-13-45"),
        cell("ties.csv", IRN_RUS_2022, "target", "IRN"),
        cell("memberships.csv", 2, "bloc", "NOPE"),
        cell("countries.csv", 4, "lon", "200"),
        cell("ties.csv", SUN_IRN, "sign", "-1"),
    ):
        edit(dataset_dir)
    report = validate_folder(dataset_dir)
    assert {(p.level, p.file, p.line, p.column) for p in report.problems} >= {
        ("ERROR", "ties.csv", TREATY, "weight"),
        ("ERROR", "ties.csv", FRICTION, "start"),
        ("ERROR", "ties.csv", IRN_RUS_2022, "target"),
        ("ERROR", "memberships.csv", 2, "bloc"),
        ("ERROR", "countries.csv", 4, "lon"),
        ("WARNING", "ties.csv", SUN_IRN, "sign"),
    }
    assert report.summary().startswith(f"{len(report.errors)} error(s)")


def test_loading_refuses_an_invalid_dataset_with_every_error(dataset_dir):
    cell("ties.csv", TREATY, "weight", "2")(dataset_dir)
    cell("ties.csv", FRICTION, "weight", "-1")(dataset_dir)
    with pytest.raises(DatasetError) as refused:
        load_dataset(dataset_dir)
    assert len(refused.value.report.errors) == 2
    assert "ties.csv:4" in str(refused.value) and "ties.csv:5" in str(refused.value)


def test_rows_with_errors_can_be_left_out(dataset_dir):
    cell("ties.csv", TREATY, "weight", "2")(dataset_dir)
    cell("ties.csv", FRICTION, "sign", "1")(dataset_dir)  # a warning: the row stays
    dataset, report = load_dataset_with_report(dataset_dir, drop_invalid_rows=True)
    assert "t-rus-irn-treaty" not in set(dataset.ties["id"])
    assert "t-rus-irn-friction" in set(dataset.ties["id"])
    assert [p.line for p in report.errors] == [TREATY]
    assert [p.line for p in report.warnings] == [FRICTION]


def test_a_structural_error_refuses_even_when_dropping_rows(dataset_dir):
    header("ties.csv", "weight", "wieght")(dataset_dir)
    with pytest.raises(DatasetError):
        load_dataset_with_report(dataset_dir, drop_invalid_rows=True)


# --- no traceback, whatever the input ---------------------------------------------------------

BROKEN = [
    ("empty-file", lambda f: (f / "ties.csv").write_bytes(b"")),
    ("header-only", lambda f: (f / "ties.csv").write_text("id,source\n")),
    ("binary", lambda f: (f / "ties.csv").write_bytes(bytes(range(256)) * 4)),
    ("nul-bytes", lambda f: (f / "countries.csv").write_bytes(b"id,name\x00\nA,\x00\n")),
    ("utf16", lambda f: (f / "ties.csv").write_bytes("id,source\n".encode("utf-16"))),
    ("gzip", lambda f: (f / "ties.csv").write_bytes(gzip.compress(b"id,source\n"))),
    ("unclosed-quote", lambda f: (f / "ties.csv").write_text('id,source\n"a,b\n')),
    (
        "duplicate-column",
        lambda f: (f / "countries.csv").write_text(
            "id,id,name,kind,region\nRUS,X,Russia,state,Europe\n"
        ),
    ),
    ("only-commas", lambda f: (f / "ties.csv").write_text(",,,\n,,,\n,\n")),
    ("blank-first-line", lambda f: (f / "sources.csv").write_text("\nid,publisher\ns1,A\n")),
    ("folder-named-like-a-file", lambda f: ((f / "ties.csv").unlink(), (f / "ties.csv").mkdir())),
    ("datapackage-not-object", lambda f: (f / "datapackage.json").write_text("[1, 2]")),
    ("datapackage-binary", lambda f: (f / "datapackage.json").write_bytes(b"\xff\xfe\x00")),
    ("all-files-gone", lambda f: [p.unlink() for p in f.iterdir()]),
    (
        "huge-field",
        lambda f: (f / "events.csv").write_text("date,title\n2024," + "x" * 200_000 + "\n"),
    ),
]


@pytest.mark.parametrize("breakage", [case[1] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_broken_input_is_reported_not_raised(dataset_dir, capsys, breakage):
    breakage(dataset_dir)
    report = validate_folder(dataset_dir)
    assert report.errors
    assert all(reads_as_a_sentence(problem.message) for problem in report.problems)
    with pytest.raises(DatasetError):
        load_dataset(dataset_dir)
    with contextlib.suppress(DatasetError):  # leaving bad rows out may load what is left
        load_dataset_with_report(dataset_dir, drop_invalid_rows=True)
    assert cli.main(["validate", str(dataset_dir)]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "NOT valid" in captured.err


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet=st.sampled_from(list('ab1-,;"\n\r é\x00')), max_size=80))
def test_arbitrary_ties_file_never_raises(dataset_dir, text):
    (dataset_dir / "ties.csv").write_text(
        "id,source,target,type,sign,weight,directed,start,end,description,sources,"
        "confidence\n" + text,
        encoding="utf-8",
    )
    report = validate_folder(dataset_dir)
    assert all(problem.message for problem in report.problems)


# --- the command ------------------------------------------------------------------------------


def test_validate_command_accepts_a_valid_dataset(dataset_dir, capsys):
    assert cli.main(["validate", str(dataset_dir)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "valid: 0 error(s), 0 warning(s)" in captured.err


def test_validate_command_lists_errors_and_fails(dataset_dir, capsys):
    cell("ties.csv", TREATY, "start", "2024-13-45")(dataset_dir)
    cell("ties.csv", FRICTION, "sign", "1")(dataset_dir)
    assert cli.main(["validate", "--data", str(dataset_dir)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "ERROR ties.csv:4 [start] '2024-13-45': is not a date in the form YYYY, YYYY-MM or "
        "YYYY-MM-DD (or names a day that does not exist)"
    ]
    assert "NOT valid: 1 error(s), 1 warning(s) (use --warnings" in captured.err


def test_warnings_alone_keep_the_exit_status_0(dataset_dir, capsys):
    cell("ties.csv", FRICTION, "sign", "1")(dataset_dir)
    assert cli.main(["validate", str(dataset_dir), "--warnings"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("WARNING ties.csv:5 [sign] '1'")


def test_validate_command_on_a_missing_folder(tmp_path, capsys):
    assert cli.main(["validate", str(tmp_path / "nowhere")]) == 1
    assert "the folder does not exist" in capsys.readouterr().out


# --- a table the graph needs holds a header and no row -----------------------------------------


def header_only(file: str) -> Edit:
    """Keep the file's header line and drop every row."""

    def edit(folder: Path) -> None:
        _write(folder / file, _rows(folder / file)[:1])

    return edit


@pytest.mark.parametrize(
    ("file", "warned", "words"),
    [
        ("ties.csv", True, "there are no ties, so the graph has no edges"),
        ("countries.csv", True, "there are no countries, so the graph has no nodes"),
        ("sources.csv", True, "there are no sources, so no tie can cite one"),
        ("events.csv", False, ""),
        ("memberships.csv", False, ""),
        ("blocs.csv", False, ""),
    ],
    ids=[
        "ties",
        "countries",
        "sources",
        "events-may-be-empty",
        "memberships-may-be-empty",
        "blocs-may-be-empty",
    ],
)
def test_an_empty_table_the_graph_needs_is_a_warning(dataset_dir, file, warned, words):
    header_only(file)(dataset_dir)
    report = validate_folder(dataset_dir)
    empty = [p for p in report.warnings if p.file == file and "no rows" in p.message]
    if not warned:
        assert empty == []
        return
    assert len(empty) == 1
    (problem,) = empty
    assert (problem.line, problem.column, problem.value) == (0, "", "")
    assert problem.message.startswith(f"{file} has a header but no rows: ")
    assert words in problem.message and reads_as_a_sentence(problem.message)


def test_a_header_only_ties_file_is_valid_with_one_warning(dataset_dir, capsys):
    header_only("ties.csv")(dataset_dir)
    report = validate_folder(dataset_dir)
    assert report.ok and len(report.warnings) == 1
    assert cli.main(["validate", str(dataset_dir), "--warnings"]) == 0
    assert capsys.readouterr().out.startswith("WARNING ties.csv: ties.csv has a header but no rows")
