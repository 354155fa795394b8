"""Reading a dataset folder: every row kept as text with its line, then typed."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from graph.dataset import (
    DATAPACKAGE_PROFILE,
    LINE,
    PARTIAL_DATE_DESCRIPTION,
    PARTIAL_DATE_PATTERN,
    TABLES,
    build_dataset,
    content_hash,
    datapackage_descriptor,
    read_tables,
    split_ids,
    write_datapackage,
)
from graph.dates import OPEN_END


def day(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


@pytest.mark.parametrize(
    ("edit", "expected_lines"),
    [
        (lambda text: text, [2, 3, 4]),
        (lambda text: text.replace("Shahed-136 drones,", '"Shahed-136\ndrones",', 1), [2, 4, 5]),
        (lambda text: text.replace("\nt-rus-irn-treaty", "\n\n\nt-rus-irn-treaty"), [2, 3, 6]),
        (lambda text: text.replace("\n", "\r\n"), [2, 3, 4]),
        (lambda text: "\ufeff" + text, [2, 3, 4]),
    ],
    ids=["plain", "quoted-newline", "blank-lines", "crlf", "byte-order-mark"],
)
def test_each_row_keeps_the_physical_line_it_starts_on(dataset_dir, edit, expected_lines):
    path = dataset_dir / "ties.csv"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8", newline="")
    table = read_tables(dataset_dir)["ties"]
    assert table.problems == []
    assert table.frame[LINE].tolist()[:3] == expected_lines
    assert table.frame["id"].tolist()[:3] == [
        "t-irn-rus-arms-2022",
        "t-irn-rus-arms-2023",
        "t-rus-irn-treaty",
    ]


def test_a_missing_optional_file_is_an_empty_table(dataset_dir):
    (dataset_dir / "events.csv").unlink()
    tables = read_tables(dataset_dir)
    assert tables["events"].missing
    assert tables["events"].frame.empty
    assert not tables["ties"].missing


def test_cells_are_kept_as_stripped_text(dataset_dir):
    path = dataset_dir / "sources.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("s1,SIPRI", " s1 , SIPRI"), encoding="utf-8"
    )
    frame = read_tables(dataset_dir)["sources"].frame
    assert frame.loc[0, "id"] == "s1"
    assert frame.loc[0, "publisher"] == "SIPRI"


@pytest.mark.parametrize(
    ("tie", "start", "end"),
    [
        ("t-irn-rus-arms-2022", "2022-08-01", "2022-12-31"),
        ("t-irn-rus-arms-2023", "2023-01-01", "2024-12-31"),
        ("t-isr-irn-strike", "2024-04-19", "2024-04-19"),
        ("t-rus-irn-treaty", "2025-01-17", None),
    ],
    ids=["months", "years", "one-day", "still-in-force"],
)
def test_tie_dates_are_read_at_their_widest(tiny, tie, start, end):
    row = tiny.ties.set_index("id").loc[tie]
    assert row["start_day"] == day(start)
    assert row["end_day"] == (day(end) if end else OPEN_END)
    assert row["start"] != "" and isinstance(row["start"], str)  # the text stays as written


@pytest.mark.parametrize(
    ("country", "start_day", "end_day"),
    [
        ("RUS", day("1991-12-26"), OPEN_END),
        ("SUN", 0, day("1991-12-26")),
        ("HZB", day("1982-01-01"), OPEN_END),
        ("IRN", 0, OPEN_END),
    ],
    ids=["founded", "dissolved", "year-only", "always"],
)
def test_country_existence_defaults_to_always(tiny, country, start_day, end_day):
    row = tiny.countries.set_index("id").loc[country]
    assert (row["start_day"], row["end_day"]) == (start_day, end_day)


def test_ties_are_typed(tiny):
    ties = tiny.ties.set_index("id")
    assert ties.loc["t-rus-ukr-war", "sign"] == -1
    assert ties.loc["t-rus-ukr-war", "group"] == "hostility"
    assert ties.loc["t-usa-ukr-arms", "group"] == "cooperation"
    assert ties.loc["t-usa-ukr-arms", "weight"] == pytest.approx(0.8)
    assert bool(ties.loc["t-usa-ukr-arms", "directed"]) is True
    assert bool(ties.loc["t-rus-blr-union", "directed"]) is False


def test_events_are_sorted_by_day(make_dataset):
    events = [("2025-01-17", "later", "", "", ""), ("2022-02", "earlier", "", "", "")]
    tables = read_tables(make_dataset(events=events))
    dataset = build_dataset(tables)
    assert dataset.events["title"].tolist() == ["earlier", "later"]


def test_dropped_lines_leave_the_typed_tables(dataset_dir):
    tables = read_tables(dataset_dir)
    dataset = build_dataset(tables, drop_lines={"ties": {2, 3}})
    assert "t-irn-rus-arms-2022" not in set(dataset.ties["id"])
    assert "t-irn-rus-arms-2023" not in set(dataset.ties["id"])
    assert len(dataset.ties) == len(tables["ties"].frame) - 2


def test_metadata_gives_name_and_version(tiny):
    assert tiny.name == "Tiny test data"
    assert tiny.version == "0.0.1"


@pytest.mark.parametrize(
    ("text", "ids"),
    [("a; b;;c", ["a", "b", "c"]), ("", []), (" ; ", []), ("s1", ["s1"])],
    ids=["blanks", "empty", "separators-only", "one"],
)
def test_split_ids(text, ids):
    assert split_ids(text) == ids


@pytest.mark.parametrize(
    "edit",
    [
        lambda folder: (folder / "ties.csv").write_text(
            (folder / "ties.csv").read_text(encoding="utf-8").replace("0.5", "0.6", 1),
            encoding="utf-8",
        ),
        lambda folder: (folder / "datapackage.json").write_text("{}", encoding="utf-8"),
        lambda folder: (folder / "events.csv").unlink(),
    ],
    ids=["one-weight", "metadata", "file-removed"],
)
def test_content_hash_follows_any_edit(dataset_dir, edit):
    before = content_hash(dataset_dir)
    assert content_hash(dataset_dir) == before
    edit(dataset_dir)
    assert content_hash(dataset_dir) != before


def test_descriptor_declares_every_table_and_column():
    descriptor = datapackage_descriptor({"name": "demo", "resources": ["stale"]})
    assert json.loads(json.dumps(descriptor)) == descriptor
    by_name = {resource["name"]: resource for resource in descriptor["resources"]}
    assert set(by_name) == set(TABLES)
    for name, table in TABLES.items():
        fields = by_name[name]["schema"]["fields"]
        assert [field["name"] for field in fields] == table.column_names
        assert by_name[name]["path"] == table.filename
    weight = next(f for f in by_name["ties"]["schema"]["fields"] if f["name"] == "weight")
    assert weight["constraints"] == {"required": True, "maximum": 1, "exclusiveMinimum": 0}
    assert by_name["ties"]["schema"]["primaryKey"] == ["id"]


#: Table Schema v2 allows these formats for strings; anything else is refused by the standard.
STRING_FORMATS = {"default", "email", "uri", "binary", "uuid"}


def _fields() -> list[tuple[str, dict[str, object]]]:
    descriptor = datapackage_descriptor({"name": "demo"})
    return [
        (resource["name"], field)
        for resource in descriptor["resources"]
        for field in resource["schema"]["fields"]
    ]


@pytest.mark.parametrize(
    ("table", "column"),
    [
        (table.name, spec.name)
        for table in TABLES.values()
        for spec in table.fields
        if spec.type == "date"
    ],
    ids=lambda value: str(value),
)
def test_partial_dates_are_patterned_strings_with_a_description(table: str, column: str) -> None:
    field = next(f for name, f in _fields() if name == table and f["name"] == column)
    assert field["type"] == "string"
    assert "format" not in field
    assert field["constraints"]["pattern"] == PARTIAL_DATE_PATTERN
    assert PARTIAL_DATE_DESCRIPTION in field["description"]


def test_no_string_field_declares_a_format_outside_the_standard() -> None:
    bad = [
        (name, field["name"], field["format"])
        for name, field in _fields()
        if field["type"] == "string" and field.get("format", "default") not in STRING_FORMATS
    ]
    assert bad == []


@pytest.mark.parametrize(
    "metadata",
    [
        {"name": "demo"},
        {"name": "demo", "profile": "tabular-data-package"},
        {"name": "demo", "$schema": "https://datapackage.org/profiles/1.0/datapackage.json"},
    ],
    ids=["no-profile", "v1-profile-dropped", "v1-schema-replaced"],
)
def test_the_descriptor_declares_data_package_v2(metadata: dict[str, str]) -> None:
    descriptor = datapackage_descriptor(metadata)
    assert descriptor["$schema"] == DATAPACKAGE_PROFILE
    assert "profile" not in descriptor
    assert all(
        resource["type"] == "table" and "profile" not in resource
        for resource in descriptor["resources"]
    )


def test_write_datapackage_writes_the_descriptor(tmp_path) -> None:
    path = write_datapackage(tmp_path, {"name": "demo", "version": "9.9.9"})
    assert path == tmp_path / "datapackage.json"
    assert json.loads(path.read_text(encoding="utf-8")) == datapackage_descriptor(
        {"name": "demo", "version": "9.9.9"}
    )
