"""The dataset format: a folder of UTF-8 CSV files described by a ``datapackage.json``.

The schema of every file is declared once, in :data:`TABLES`; validation (``graph.validate``),
the Frictionless descriptor (:func:`datapackage_descriptor`) and the README's data dictionary all
derive from it. Reading is split in two steps so that nothing is lost: :func:`read_tables` keeps
every row as text with the line it came from, and :func:`build_dataset` turns rows that passed
validation into typed frames.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from graph.dates import OPEN_END, day_span

__all__ = [
    "BUNDLED_DATA",
    "CONFIDENCE_LEVELS",
    "CONFIDENCE_RANK",
    "CURATED_METADATA",
    "DATAPACKAGE_PROFILE",
    "LINE",
    "PARTIAL_DATE_DESCRIPTION",
    "PARTIAL_DATE_PATTERN",
    "TABLES",
    "TIE_TYPES",
    "TIE_TYPE_GROUPS",
    "Dataset",
    "FieldSpec",
    "RawTable",
    "TableSpec",
    "TieType",
    "build_dataset",
    "content_hash",
    "datapackage_descriptor",
    "read_metadata",
    "read_tables",
    "split_ids",
    "tie_type_label",
    "typed_ties",
    "write_datapackage",
]

BUNDLED_DATA = Path(__file__).resolve().parent.parent / "data"

#: Column added to every raw table: the physical line of the CSV file the row started on.
LINE = "_line"

#: Bigger than any curated file, small enough that a hostile folder cannot exhaust memory.
MAX_TABLE_BYTES = 50 * 1024 * 1024

#: The longest cell a table may hold: Python's own default, set explicitly while reading because
#: the limit is process-wide and other libraries raise it (frictionless, for one, on first use).
MAX_FIELD_CHARS = 131_072
_FIELD_LIMIT_LOCK = threading.Lock()


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """Read CSV with ``limit`` as the field size limit, restoring the previous one after."""
    with _FIELD_LIMIT_LOCK:
        previous = csv.field_size_limit(limit)
        try:
            yield
        finally:
            csv.field_size_limit(previous)


#: The Data Package standard the descriptor follows: v2, because the weight's bound is exclusive
#: (``exclusiveMinimum``, a v2 constraint; frictionless 5 reads the version from this ``$schema``
#: and applies it to every resource, schema and field below).
DATAPACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"

#: A partial ISO 8601 date, as a Table Schema ``pattern`` (implicitly anchored): Table Schema's
#: ``date`` type needs a full day, so dates are strings constrained by this pattern. Validation
#: (``graph.validate``) also refuses days that do not exist, such as 2023-02-30.
PARTIAL_DATE_PATTERN = r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?"
PARTIAL_DATE_DESCRIPTION = (
    "Partial ISO 8601 date at the precision known: YYYY, YYYY-MM or YYYY-MM-DD; "
    "a start means its earliest day, an end its latest"
)

#: The descriptor of the bundled dataset, less its resources (generated from :data:`TABLES`):
#: the one place its name, title and version are set. ``python3 -m graph.dataset`` writes
#: ``data/datapackage.json`` from it (:func:`write_datapackage`).
CURATED_METADATA: dict[str, Any] = {
    "name": "realpolitik-curated",
    "title": "Realpolitik curated alliance network",
    "version": "2026.12.0",
    "description": "Sourced, dated, signed and weighted ties between countries and key "
    "non-state actors, 1991 to today.",
    "licenses": [
        {
            "name": "CC-BY-4.0",
            "title": "Creative Commons Attribution 4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        }
    ],
    "contributors": [{"title": "Realpolitik contributors", "roles": ["author"]}],
    "temporalCoverage": {"start": "1991-01-01"},
}

FieldType = Literal["string", "integer", "number", "boolean", "date", "idlist"]


@dataclass(frozen=True)
class FieldSpec:
    """One column: its name, type and constraints, as a Frictionless table-schema field."""

    name: str
    type: FieldType = "string"
    required: bool = False
    description: str = ""
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None


@dataclass(frozen=True)
class TableSpec:
    name: str
    fields: tuple[FieldSpec, ...]
    primary_key: tuple[str, ...] = ()
    required_file: bool = True
    description: str = ""

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [spec.name for spec in self.fields]


@dataclass(frozen=True)
class TieType:
    """A kind of tie: its machine name (as in ``ties.csv`` and every export), default sign
    and direction, group, what it covers, and ``label``, its name in plain words for readers."""

    name: str
    sign: int
    directed: bool
    group: Literal["cooperation", "hostility"]
    description: str
    label: str


#: Confidence levels of a tie, membership or fact, from the most to the least certain (the
#: rubric in data/README.md says what each means).
CONFIDENCE_LEVELS: tuple[str, ...] = ("high", "medium", "low")
#: Higher is more certain: a dyad's confidence is that of its most certain tie.
CONFIDENCE_RANK: dict[str, int] = {
    level: len(CONFIDENCE_LEVELS) - 1 - position for position, level in enumerate(CONFIDENCE_LEVELS)
}

TIE_TYPES: dict[str, TieType] = {
    tie.name: tie
    for tie in (
        TieType(
            "defense_pact",
            1,
            False,
            "cooperation",
            "mutual defence treaty in force",
            "mutual defence pact",
        ),
        TieType(
            "alliance",
            1,
            False,
            "cooperation",
            "formal alliance short of mutual defence",
            "alliance",
        ),
        TieType(
            "strategic_partnership",
            1,
            False,
            "cooperation",
            "signed strategic partnership",
            "strategic partnership",
        ),
        TieType(
            "military_cooperation",
            1,
            False,
            "cooperation",
            "exercises, basing, training",
            "military cooperation",
        ),
        TieType(
            "arms_transfer", 1, True, "cooperation", "deliveries of major weapons", "arms transfers"
        ),
        TieType(
            "economic_cooperation",
            1,
            False,
            "cooperation",
            "trade, energy, investment, aid",
            "economic cooperation",
        ),
        TieType(
            "diplomatic_support",
            1,
            False,
            "cooperation",
            "recognition, votes, normalisation",
            "diplomatic support",
        ),
        TieType(
            "friction", -1, False, "hostility", "sustained political tension", "political friction"
        ),
        TieType("sanctions", -1, True, "hostility", "sanctions imposed on the target", "sanctions"),
        TieType(
            "military_strike", -1, True, "hostility", "strikes on the target", "military strikes"
        ),
        TieType("armed_conflict", -1, False, "hostility", "war between the two", "armed conflict"),
        TieType(
            "proxy_conflict",
            -1,
            False,
            "hostility",
            "conflict fought through proxies",
            "proxy conflict",
        ),
        TieType(
            "diplomatic_rupture",
            -1,
            False,
            "hostility",
            "relations severed",
            "diplomatic relations severed",
        ),
    )
}
#: The tie types of each sign, in the order of :data:`TIE_TYPES`: the page's two checklists
#: and every other place that groups types.
TIE_TYPE_GROUPS: dict[str, tuple[str, ...]] = {
    group: tuple(name for name, tie in TIE_TYPES.items() if tie.group == group)
    for group in ("cooperation", "hostility")
}


def tie_type_label(name: str) -> str:
    """The tie type ``name`` in plain words, for readers; a type this dataset does not declare
    (an uploaded layer's) reads as its name with spaces for underscores.

    >>> tie_type_label("defense_pact"), tie_type_label("diplomatic_rupture")
    ('mutual defence pact', 'diplomatic relations severed')
    >>> tie_type_label("trade_embargo")
    'trade embargo'
    """
    tie_type = TIE_TYPES.get(name)
    return tie_type.label if tie_type is not None else name.replace("_", " ")


_ID = r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"
_COUNTRY_ID = r"^[A-Z][A-Z0-9]{2}$"

TABLES: dict[str, TableSpec] = {
    table.name: table
    for table in (
        TableSpec(
            "countries",
            (
                FieldSpec(
                    "id",
                    required=True,
                    pattern=_COUNTRY_ID,
                    description="ISO 3166-1 alpha-3, or a documented code (XKX, HZB)",
                ),
                FieldSpec("name", required=True, description="Common English short name"),
                FieldSpec("kind", required=True, enum=("state", "non_state")),
                FieldSpec("region", required=True, description="UN M49 region"),
                FieldSpec("subregion", description="UN M49 subregion"),
                FieldSpec(
                    "lat", "number", minimum=-90, maximum=90, description="Latitude of the capital"
                ),
                FieldSpec(
                    "lon",
                    "number",
                    minimum=-180,
                    maximum=180,
                    description="Longitude of the capital",
                ),
                FieldSpec(
                    "cow_code",
                    "integer",
                    minimum=1,
                    maximum=999,
                    description="Correlates of War state number",
                ),
                FieldSpec("start", "date", description="When the actor came into being"),
                FieldSpec("end", "date", description="When the actor ceased to exist"),
            ),
            primary_key=("id",),
            description="Actors: states and the non-state actors that matter to the story",
        ),
        TableSpec(
            "ties",
            (
                FieldSpec("id", required=True, pattern=_ID),
                FieldSpec(
                    "source",
                    required=True,
                    pattern=_COUNTRY_ID,
                    description="Acting country (supplier, sanctioning, striking)",
                ),
                FieldSpec("target", required=True, pattern=_COUNTRY_ID),
                FieldSpec("type", required=True, enum=tuple(TIE_TYPES)),
                FieldSpec(
                    "sign",
                    "integer",
                    required=True,
                    enum=("1", "-1"),
                    description="1 cooperation, -1 hostility",
                ),
                FieldSpec("weight", "number", required=True, exclusive_minimum=0, maximum=1),
                FieldSpec("directed", "boolean", required=True),
                FieldSpec("start", "date", required=True),
                FieldSpec("end", "date", description="Empty: still in force"),
                FieldSpec("description"),
                FieldSpec(
                    "sources",
                    "idlist",
                    required=True,
                    description="Ids from sources.csv separated by ';'",
                ),
                FieldSpec("confidence", required=True, enum=CONFIDENCE_LEVELS),
            ),
            primary_key=("id",),
            description="Relationships between two actors over an interval",
        ),
        TableSpec(
            "sources",
            (
                FieldSpec("id", required=True, pattern=_ID),
                FieldSpec("publisher", required=True),
                FieldSpec("title", required=True),
                FieldSpec("date", "date"),
                FieldSpec("url", pattern=r"^https?://\S+$"),
            ),
            primary_key=("id",),
            description="Citations behind ties, memberships and events",
        ),
        TableSpec(
            "blocs",
            (
                FieldSpec("id", required=True, pattern=_ID),
                FieldSpec("name", required=True),
                FieldSpec("kind", required=True),
                FieldSpec("start", "date"),
                FieldSpec("end", "date"),
            ),
            primary_key=("id",),
            required_file=False,
        ),
        TableSpec(
            "memberships",
            (
                FieldSpec("country", required=True, pattern=_COUNTRY_ID),
                FieldSpec("bloc", required=True, pattern=_ID),
                FieldSpec("start", "date"),
                FieldSpec("end", "date"),
                FieldSpec(
                    "status", required=True, enum=("member", "observer", "partner", "suspended")
                ),
                FieldSpec("sources", "idlist"),
                FieldSpec("confidence", enum=CONFIDENCE_LEVELS),
                FieldSpec("description"),
            ),
            required_file=False,
        ),
        TableSpec(
            "events",
            (
                FieldSpec("date", "date", required=True),
                FieldSpec("title", required=True),
                FieldSpec("description"),
                FieldSpec("countries", "idlist"),
                FieldSpec("sources", "idlist"),
            ),
            required_file=False,
        ),
    )
}

# Columns a table may lack without the dataset being refused (added empty when missing).
OPTIONAL_COLUMNS = {
    (table.name, spec.name)
    for table in TABLES.values()
    for spec in table.fields
    if not spec.required
}


@dataclass
class RawTable:
    """A CSV file as text: every row kept, with the line it started on.

    ``problems`` holds what went wrong while reading (encoding, ragged rows) as
    ``(line, column, value, message)`` tuples; validation turns them into findings.
    """

    name: str
    path: Path
    frame: pd.DataFrame
    header: list[str]
    problems: list[tuple[int, str, str, str]] = field(default_factory=list)
    missing: bool = False


@dataclass(frozen=True)
class Dataset:
    """A loaded, typed dataset. Frames are never mutated after loading.

    ``ties`` gains ``start_day`` and ``end_day`` (ordinals of the widest reading of the partial
    dates; ``end_day`` is :data:`graph.dates.OPEN_END` while in force) and ``group``.
    """

    countries: pd.DataFrame
    ties: pd.DataFrame
    sources: pd.DataFrame
    blocs: pd.DataFrame
    memberships: pd.DataFrame
    events: pd.DataFrame
    metadata: Mapping[str, Any]
    content_hash: str
    path: Path | None = None

    @property
    def name(self) -> str:
        return str(self.metadata.get("title") or self.metadata.get("name") or "dataset")

    @property
    def version(self) -> str:
        return str(self.metadata.get("version") or "unversioned")


def split_ids(text: str) -> list[str]:
    """Split a ``;``-separated id list, ignoring blanks.

    >>> split_ids("a; b;;c")
    ['a', 'b', 'c']
    """
    return [part.strip() for part in text.split(";") if part.strip()]


def _decode(raw: bytes, path: Path, problems: list[tuple[int, str, str, str]]) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(
            (
                line,
                "",
                repr(raw[error.start : error.start + 4]),
                f"{path.name} is not UTF-8 (byte {error.start}); save it as UTF-8",
            )
        )
        # Keep going on a replaced decoding so that every other problem is reported too.
        return raw.decode("utf-8-sig", errors="replace")


def _read_table(spec: TableSpec, folder: Path) -> RawTable:
    path = folder / spec.filename
    columns = [*spec.column_names, LINE]
    empty = pd.DataFrame({name: pd.Series(dtype=object) for name in columns})
    if not path.is_file():
        return RawTable(spec.name, path, empty, [], missing=True)
    problems: list[tuple[int, str, str, str]] = []
    if path.stat().st_size > MAX_TABLE_BYTES:
        problems.append((0, "", "", f"{path.name} is larger than {MAX_TABLE_BYTES} bytes"))
        return RawTable(spec.name, path, empty, [], problems)
    text = _decode(path.read_bytes(), path, problems)
    if "\x00" in text:
        problems.append((1, "", "", f"{path.name} holds NUL bytes: it is not a text CSV file"))
        return RawTable(spec.name, path, empty, [], problems)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] = []
    records: list[list[str]] = []
    try:
        first = next(reader, None)
        if first is None:
            problems.append((1, "", "", f"{path.name} is empty: it needs a header row"))
            return RawTable(spec.name, path, empty, [], problems)
        header = [name.strip() for name in first]
        if not any(header):
            # Otherwise every row is reported as ragged and no column as missing.
            problems.append(
                (
                    1,
                    "",
                    ",".join(first),
                    f"{path.name} has no header row: its first line names no column",
                )
            )
            return RawTable(spec.name, path, empty, [], problems)
        # A repeated column (reported by validation) keeps its first cells: pandas columns
        # must be unique, or every later lookup returns a frame instead of a value.
        columns = list(dict.fromkeys(header))
        line = reader.line_num + 1
        for row in reader:
            if not any(cell.strip() for cell in row):
                line = reader.line_num + 1
                continue
            if len(row) != len(header):
                problems.append(
                    (
                        line,
                        "",
                        ",".join(row)[:80],
                        f"has {len(row)} fields where the header has {len(header)}",
                    )
                )
            cells: dict[str, str] = {}
            for i, name in enumerate(header):
                cells.setdefault(name, row[i].strip() if i < len(row) else "")
            records.append([*(cells[name] for name in columns), str(line)])
            line = reader.line_num + 1
    except csv.Error as error:
        problems.append((reader.line_num, "", "", f"cannot be read as CSV: {error}"))
    frame = pd.DataFrame(records, columns=[*dict.fromkeys(header), LINE], dtype=object)
    for name in spec.column_names:
        if name not in frame.columns:
            frame[name] = ""
    frame[LINE] = frame[LINE].astype(int)
    return RawTable(spec.name, path, frame, header, problems)


def read_tables(folder: Path | str) -> dict[str, RawTable]:
    """Read every table of a dataset folder as text, keeping each row's line number.

    Never raises for a broken file: what went wrong is recorded in ``RawTable.problems``.
    """
    root = Path(folder)
    with _field_limit(MAX_FIELD_CHARS):
        return {name: _read_table(spec, root) for name, spec in TABLES.items()}


def content_hash(folder: Path | str) -> str:
    """SHA-256 over the dataset's files (names and bytes), short form.

    The timeline cache is keyed by it, so any edit to the data invalidates the cache.
    """
    root = Path(folder)
    digest = hashlib.sha256()
    for name in ["datapackage.json", *(spec.filename for spec in TABLES.values())]:
        path = root / name
        if path.is_file():
            digest.update(name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _day_ordinals(values: pd.Series, *, latest: bool, default: int) -> np.ndarray:
    out = np.full(len(values), default, dtype=np.int64)
    for position, text in enumerate(values.tolist()):
        span = day_span(text)
        if span is not None:
            out[position] = span[1] if latest else span[0]
    return out


def _typed(raw: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    frame = raw[[*spec.column_names, LINE]].copy().reset_index(drop=True)
    for column in spec.fields:
        values = frame[column.name].astype(str)
        if column.type == "number":
            frame[column.name] = pd.to_numeric(values.where(values != ""), errors="coerce")
        elif column.type == "integer":
            frame[column.name] = pd.to_numeric(values.where(values != ""), errors="coerce").astype(
                "Int64"
            )
        elif column.type == "boolean":
            frame[column.name] = values.str.lower().isin(["true", "1", "yes"])
        else:
            frame[column.name] = values
    return frame


def build_dataset(
    tables: Mapping[str, RawTable],
    metadata: Mapping[str, Any] | None = None,
    *,
    dataset_hash: str = "",
    path: Path | None = None,
    drop_lines: Mapping[str, set[int]] | None = None,
) -> Dataset:
    """Type the raw tables, leaving out the rows named in ``drop_lines`` (table -> lines).

    Call it on tables that passed validation: values that do not parse become missing.
    """
    dropped = drop_lines or {}
    typed: dict[str, pd.DataFrame] = {}
    for name, spec in TABLES.items():
        raw = tables[name].frame
        keep = ~raw[LINE].isin(dropped.get(name, set()))
        typed[name] = _typed(raw[keep], spec)

    ties = _with_intervals(typed["ties"])

    countries = typed["countries"]
    countries["start_day"] = _day_ordinals(countries["start"], latest=False, default=0)
    countries["end_day"] = _day_ordinals(countries["end"], latest=True, default=OPEN_END)

    memberships = typed["memberships"]
    memberships["start_day"] = _day_ordinals(memberships["start"], latest=False, default=0)
    memberships["end_day"] = _day_ordinals(memberships["end"], latest=True, default=OPEN_END)

    events = typed["events"]
    events["day"] = _day_ordinals(events["date"], latest=False, default=0)
    events = events.sort_values("day", kind="stable").reset_index(drop=True)

    return Dataset(
        countries=countries,
        ties=ties,
        sources=typed["sources"],
        blocs=typed["blocs"],
        memberships=memberships,
        events=events,
        metadata=dict(metadata or {}),
        content_hash=dataset_hash,
        path=path,
    )


def _with_intervals(ties: pd.DataFrame) -> pd.DataFrame:
    ties["sign"] = ties["sign"].fillna(1).astype(int)
    ties["start_day"] = _day_ordinals(ties["start"], latest=False, default=OPEN_END)
    ties["end_day"] = _day_ordinals(ties["end"], latest=True, default=OPEN_END)
    ties["group"] = np.where(ties["sign"] > 0, "cooperation", "hostility")
    return ties


def typed_ties(rows: pd.DataFrame) -> pd.DataFrame:
    """Ties given as text (the columns of ties.csv, e.g. from an importer) typed the way
    :func:`build_dataset` types them, with ``start_day``, ``end_day`` and ``group``.

    Use it on rows that passed validation: values that do not parse become missing.

    >>> rows = pd.DataFrame([{"id": "t", "source": "IRN", "target": "RUS",
    ...     "type": "arms_transfer", "sign": "1", "weight": "0.5", "directed": "true",
    ...     "start": "2022", "end": "2022", "description": "", "sources": "s",
    ...     "confidence": "high"}])
    >>> typed = typed_ties(rows)
    >>> float(typed.loc[0, "weight"]), bool(typed.loc[0, "directed"]), int(typed.loc[0, "end_day"])
    (0.5, True, 738520)
    """
    frame = rows.copy()
    for name in TABLES["ties"].column_names:
        if name not in frame.columns:
            frame[name] = ""
    frame[LINE] = np.arange(2, len(frame) + 2)
    return _with_intervals(_typed(frame.fillna(""), TABLES["ties"]))


def _frictionless_field(spec: FieldSpec) -> dict[str, Any]:
    kind = {"idlist": "string", "date": "string"}.get(spec.type, spec.type)
    described: dict[str, Any] = {"name": spec.name, "type": kind}
    description = spec.description
    if spec.type == "date":
        description = (
            f"{description}. {PARTIAL_DATE_DESCRIPTION}"
            if description
            else (PARTIAL_DATE_DESCRIPTION)
        )
    if description:
        described["description"] = description
    constraints: dict[str, Any] = {}
    if spec.required:
        constraints["required"] = True
    if spec.enum:
        constraints["enum"] = (
            [int(v) for v in spec.enum] if spec.type == "integer" else list(spec.enum)
        )
    if spec.pattern:
        constraints["pattern"] = spec.pattern.strip("^$")
    if spec.type == "date":
        constraints["pattern"] = PARTIAL_DATE_PATTERN
    if spec.minimum is not None:
        constraints["minimum"] = spec.minimum
    if spec.maximum is not None:
        constraints["maximum"] = spec.maximum
    if spec.exclusive_minimum is not None:
        constraints["exclusiveMinimum"] = spec.exclusive_minimum
    if constraints:
        described["constraints"] = constraints
    return described


def datapackage_descriptor(metadata: Mapping[str, Any]) -> dict[str, Any]:
    """A Frictionless Data Package (v2) descriptor with a table schema for each file.

    The metadata's own ``resources`` and ``profile`` (v1's name for ``$schema``) are replaced.

    >>> descriptor = datapackage_descriptor({"name": "demo", "version": "1.0"})
    >>> descriptor["$schema"]
    'https://datapackage.org/profiles/2.0/datapackage.json'
    >>> [resource["path"] for resource in descriptor["resources"]][:3]
    ['countries.csv', 'ties.csv', 'sources.csv']
    """
    descriptor: dict[str, Any] = {"$schema": DATAPACKAGE_PROFILE}
    descriptor.update(
        (key, value)
        for key, value in metadata.items()
        if key not in {"resources", "profile", "$schema"}
    )
    descriptor["resources"] = [
        {
            "name": table.name,
            "type": "table",
            "path": table.filename,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": table.description,
            "schema": {
                "fields": [_frictionless_field(spec) for spec in table.fields],
                **({"primaryKey": list(table.primary_key)} if table.primary_key else {}),
            },
        }
        for table in TABLES.values()
    ]
    return descriptor


def read_metadata(folder: Path | str) -> tuple[dict[str, Any], str | None]:
    """The datapackage.json contents, and a problem sentence when it cannot be used."""
    path = Path(folder) / "datapackage.json"
    if not path.is_file():
        return {}, None
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return {}, f"datapackage.json cannot be read: {error}"
    if not isinstance(loaded, dict):
        return {}, "datapackage.json must hold a JSON object"
    return loaded, None


def write_datapackage(
    folder: Path | str = BUNDLED_DATA, metadata: Mapping[str, Any] = CURATED_METADATA
) -> Path:
    """Write ``datapackage.json`` into ``folder`` from the metadata and :data:`TABLES`.

    Run ``python3 -m graph.dataset`` after changing the declaration or :data:`CURATED_METADATA`.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = write_datapackage(folder, {"name": "demo", "version": "1.0"})
    ...     json.loads(written.read_text(encoding="utf-8"))["version"]
    '1.0'
    """
    path = Path(folder) / "datapackage.json"
    text = json.dumps(datapackage_descriptor(metadata), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover - the command that regenerates the descriptor
    print(write_datapackage())
