"""Import GDELT event exports as monthly cooperation and friction ties, aggregated in DuckDB.

Input: GDELT 1.0 daily or historical event exports (57 tab-separated columns, 58 with the
``SOURCEURL`` of the daily files; both mixed in one file are fine) and GDELT 2.0 exports (61
columns); no header row; plain, gzipped (``.gz``) or zipped (``.zip``, every member read); one
file or many. A line that is not valid UTF-8 is skipped and reported, never fatal.

Mapping (documented choices; GDELT cannot say more):

* ``Actor1CountryCode`` and ``Actor2CountryCode`` (CAMEO codes, mostly ISO alpha-3; the older
  ``ROM``, ``TMP``, ``ZAR``, ``KSV``, ``WSB``/``GZS`` → PSE, and ``RUS`` before 1991-12-26 →
  SUN, come from the crosswalk) resolved on the event day (``SQLDATE``);
* ``QuadClass`` 1–2 (verbal and material cooperation) → ``diplomatic_support`` (+1);
  3–4 (verbal and material conflict) → ``friction`` (−1). Whether material cooperation was
  economic or military is not knowable from the event record, so no stronger type is claimed;
* one tie per pair of actors, month and sign, dated ``YYYY-MM`` to ``YYYY-MM``; undirected,
  as both types are (``directed=True`` keeps Actor1 → Actor2 instead);
* **weight**: the tie's event count scaled against the largest tie of the whole file set,
  ``log(1 + n) / log(1 + max n)`` (``scaling="linear"``: ``n / max n``), floor 0.0001;
  ``weight="goldstein"`` uses the absolute sum of ``GoldsteinScale`` instead of the count;
* ``confidence`` is ``low`` (machine-coded news events);
* the first row of each tie counts as imported, the others as merged;
* skipped rows (ERROR), summarised per reason with counts and the first line numbers: no or
  malformed ``SQLDATE``, an empty actor country code, a regional code (``EUR``, ``AFR``...),
  a code the crosswalk lacks, an actor that did not exist on the event day, both actors the
  same country (domestic events), a missing ``QuadClass``, and (with ``min_events``) rows of
  pairs with fewer events in the month. Line numbers count non-blank lines.

Memory stays bounded: DuckDB streams each file through one aggregation (``memory_limit``,
spilling to a temporary folder), so ten million events fit in a few hundred megabytes.

>>> row = ["1", "20160728", "201607", "2016", "2016.57", "", "", "USA"] + [""] * 9 + ["RUS"]
>>> row += [""] * 11 + ["1", "1.0"] + [""] * 25 + ["20160728", "http://example.org/a"]
>>> result = import_gdelt(("\\t".join(row) + "\\n").encode(), names=["sample.tsv"])
>>> result.ties[["source", "target", "type", "sign", "start", "end"]].values.tolist()
[['RUS', 'USA', 'diplomatic_support', '1', '2016-07', '2016-07']]
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .crosswalk import Crosswalk, default_crosswalk
from .ids import safe_id, scale_weights
from .optional import require
from .reading import Source
from .report import ImportReport
from .result import ImportResult, ResultBuilder
from .zipfiles import extract_zip

__all__ = ["CAMEO_REGIONS", "GDELT_URL", "import_gdelt", "looks_like_gdelt"]

GDELT_URL = "https://www.gdeltproject.org/"

#: CAMEO codes for regions and groupings rather than countries.
CAMEO_REGIONS = frozenset({
    "AFR", "ASA", "BAG", "BLK", "CAF", "CAS", "CAU", "CEU", "CFR", "CRB", "EAF", "EEU", "EIN",
    "EUR", "LAM", "MDT", "MEA", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SCN", "SEA", "WAF",
    "WST",
})

#: Field counts of the exports, and the index of ``DATEADDED`` in each.
_LAYOUTS = {57: ("1.0", 56), 58: ("1.0", 56), 61: ("2.0", 59)}
_COLUMNS = 61


def looks_like_gdelt(first_line: str) -> bool:
    """Whether a line has the shape of a GDELT event row (57, 58 or 61 tab-separated fields
    starting with a numeric event id and an 8-digit date).

    >>> looks_like_gdelt("1\\t20160728" + "\\t" * 56)
    True
    >>> looks_like_gdelt("a,b,c")
    False
    """
    fields = first_line.rstrip("\r\n").split("\t")
    return (len(fields) in _LAYOUTS and fields[0].strip().isdigit()
            and re.fullmatch(r"\d{8}", fields[1].strip()) is not None)


@dataclass
class _File:
    display: str
    path: Path
    version: str
    added_column: int


def _first_line(path: Path) -> bytes:
    opener: Any = gzip.open if path.suffix.lower() == ".gz" else open
    try:
        with opener(path, "rb") as handle:
            for raw in handle:
                if raw.strip():
                    return bytes(raw[:100_000])
                # Skip leading blank lines.
    except (OSError, EOFError) as error:
        return f"\x00unreadable: {error}".encode()
    return b""


def _inputs(sources: Sequence[Source], names: Sequence[str] | None, tmp: Path,
            report: ImportReport) -> list[_File]:
    files: list[_File] = []
    for index, source in enumerate(sources):
        given = names[index] if names and index < len(names) else None
        if isinstance(source, bytes | bytearray | memoryview):
            display = given or f"upload-{index + 1}.tsv"
            path = tmp / f"in{index}{''.join(Path(display).suffixes[-1:]) or '.tsv'}"
            path.write_bytes(bytes(source))
        else:
            path = Path(source)
            display = given or path.name
            if not path.is_file():
                report.files.append(display)
                raise report.refuse(display, f"there is no file at {path}")
        if zipfile.is_zipfile(path):
            report.files.append(display)
            try:
                with zipfile.ZipFile(path) as archive:
                    members = extract_zip(archive, tmp / f"zip{index}", report, display)
            except zipfile.BadZipFile as error:
                raise report.refuse(display, f"the zip cannot be read: {error}") from None
            if not members:
                raise report.refuse(display, "the zip holds no file")
            for member, extracted in members:
                files.append(_sniff(f"{display}:{member}", extracted, report))
            continue
        files.append(_sniff(display, path, report))
    return files


def _sniff(display: str, path: Path, report: ImportReport) -> _File:
    if display not in report.files:
        report.files.append(display)
    first = _first_line(path)
    if not first:
        raise report.refuse(display, "the file is empty")
    if b"\x00" in first:
        raise report.refuse(display, "the file is binary, not a tab-separated GDELT export")
    line = first.decode("latin-1")
    fields = line.rstrip("\r\n").split("\t")
    if len(fields) not in _LAYOUTS:
        raise report.refuse(display, f"not a GDELT event export: the first line has "
                                     f"{len(fields)} tab-separated fields (GDELT 1.0 has 57 or "
                                     "58, GDELT 2.0 has 61)", 1)
    if not looks_like_gdelt(line):
        raise report.refuse(display, "not a GDELT event export: the first line does not start "
                                     "with an event id and an 8-digit SQLDATE", 1)
    version, added = _LAYOUTS[len(fields)]
    return _File(display, path, version, added)


def _day(ordinal: int) -> str:
    return dt.date.fromordinal(max(1, ordinal)).isoformat()


def import_gdelt(sources: Source | Sequence[Source], *, names: Sequence[str] | None = None,
                 weight: Literal["count", "goldstein"] = "count",
                 scaling: Literal["log", "linear"] = "log", min_events: int = 1,
                 directed: bool = False, memory_limit: str = "1GB", threads: int = 2,
                 crosswalk: Crosswalk | None = None) -> ImportResult:
    """Import one or many GDELT event exports (paths or bytes) as monthly ties.

    ``names`` names byte inputs in the report. Raises
    :class:`~graph.importers.report.ImportRefused` for a file that is not a GDELT export, and
    :class:`~graph.importers.optional.MissingDependency` without DuckDB (the ``import`` extra).
    """
    duckdb = require("duckdb", "GDELT import")

    walk = crosswalk or default_crosswalk()
    report = ImportReport("gdelt")
    items: list[Source] = (
        [sources] if isinstance(sources, str | bytes | os.PathLike) else list(sources)
    )
    if not items:
        raise report.refuse("(no file)", "no GDELT file was given")
    with tempfile.TemporaryDirectory(prefix="realpolitik-gdelt-") as folder:
        tmp = Path(folder)
        files = _inputs(items, names, tmp, report)
        con = duckdb.connect()
        try:
            con.execute(f"SET memory_limit = '{_memory(memory_limit)}'")
            con.execute(f"SET threads = {max(1, int(threads))}")
            con.execute("SET preserve_insertion_order = true")
            _small_tables_build(con)
            spill = tmp / "spill"
            spill.mkdir()
            con.execute(f"SET temp_directory = '{spill.as_posix()}'")
            ties, issues, added = _aggregate(con, files, walk, directed, report)
        except duckdb.Error as error:
            message = str(error).splitlines()[0]
            raise report.refuse(files[0].display if len(files) == 1 else "(GDELT files)",
                                f"DuckDB could not read the file: {message}") from None
        finally:
            con.close()

    for display, reason, count, lines in issues:
        report.skip_many(display, reason, count, lines)

    kept = [tie for tie in ties if tie["n"] >= min_events]
    too_few: dict[str, tuple[int, list[int]]] = {}
    for tie in ties:
        if tie["n"] < min_events:
            count, lines = too_few.get(tie["file"], (0, []))
            too_few[tie["file"]] = (count + tie["n"], sorted([*lines, tie["line"]])[:5])
    for display, (count, lines) in too_few.items():
        report.skip_many(display, f"fewer than {min_events} events for the pair in the month "
                                  "(min_events)", count, lines)
    report.imported = len(kept)
    report.merged = sum(tie["n"] for tie in kept) - len(kept)

    magnitudes = [float(tie["n"]) if weight == "count" else abs(float(tie["goldstein"]))
                  for tie in kept]
    weights = scale_weights(magnitudes, scaling=scaling, floor=0.0001)
    version = "/".join(sorted({file.version for file in files}))
    shown = ", ".join(file.display for file in files[:3])
    more = f" and {len(files) - 3} more" if len(files) > 3 else ""
    builder = ResultBuilder("gdelt", report, walk, {
        "id": safe_id("gdelt", "src", Path(files[0].display).stem.split(".")[0], len(files)),
        "publisher": "The GDELT Project",
        "title": f"GDELT {version} event export{'s' if len(files) > 1 else ''}: {shown}{more}",
        "date": added,
        "url": GDELT_URL,
    })
    for tie, value in zip(kept, weights, strict=True):
        cooperation = tie["coop"]
        tie_type = "diplomatic_support" if cooperation else "friction"
        quad = ("QuadClass 1–2 (verbal and material cooperation)" if cooperation
                else "QuadClass 3–4 (verbal and material conflict)")
        pair = (f"from {walk.name(tie['a'])} to {walk.name(tie['b'])}" if directed
                else f"between {walk.name(tie['a'])} and {walk.name(tie['b'])}")
        description = (f"GDELT: {tie['n']} event{'s' if tie['n'] != 1 else ''} {pair} in "
                       f"{tie['month']} "
                       f"coded {quad}; Goldstein sum {float(tie['goldstein']):.1f}, "
                       f"{tie['mentions']} mentions.")
        builder.add_tie(
            tie_id=safe_id("gdelt", tie["a"], tie["b"], tie["month"],
                           "coop" if cooperation else "conflict"),
            source=tie["a"], target=tie["b"], tie_type=tie_type, weight=value,
            start=tie["month"], end=tie["month"], description=description, confidence="low",
            directed=directed)
    return builder.build(files[0].display, {
        "description": ("Monthly cooperation and friction between actors, aggregated from GDELT "
                        "event records (Leetaru & Schrodt 2013, GDELT: Global Data on Events, "
                        "Location and Tone)."),
    })


def _small_tables_build(con: Any) -> None:
    """Keep DuckDB from building hash tables on the event stream.

    The CSV scan is estimated at a few dozen rows, so the optimizer would build the joins' hash
    tables on the events (all of them, in memory) instead of on the small code tables. Without
    join reordering, each join builds on its small right side and the events stream through:
    a third of the time and a quarter of the memory.
    """
    duckdb = require("duckdb", "GDELT import")

    for setting in ("join_order,build_side_probe_side", "join_order"):
        try:
            con.execute(f"SET disabled_optimizers = '{setting}'")
            return
        except duckdb.Error:
            continue


def _physical(row: int, rejected: list[int]) -> int:
    """The line of the ``row``-th row DuckDB kept, given the lines it rejected (sorted)."""
    line = row
    for bad in rejected:
        if bad <= line:
            line += 1
        else:
            break
    return line


def _memory(limit: str) -> str:
    if not re.fullmatch(r"\s*\d+(\.\d+)?\s*[KMGT]?i?B\s*", limit, re.I):
        raise ValueError(f"memory_limit {limit!r} is not a size such as '1GB'")
    return limit.strip()


def _aggregate(con: Any, files: list[_File], walk: Crosswalk, directed: bool,
               report: ImportReport,
               ) -> tuple[list[dict[str, Any]], list[tuple[str, str, int, list[int]]], str]:
    # Lists as parameters, unnested: one statement instead of one per row.
    periods = walk.code_periods("cameo")
    con.execute("""CREATE TEMP TABLE cmap AS
                   SELECT unnest($1::VARCHAR[]) AS code, unnest($2::VARCHAR[]) AS id,
                          unnest($3::VARCHAR[])::DATE AS dfrom,
                          unnest($4::VARCHAR[])::DATE AS dto""",
                [[p[0] for p in periods], [p[1] for p in periods],
                 [_day(p[2]) for p in periods], [_day(p[3]) for p in periods]])
    known = sorted(walk.codes("cameo"))
    regions = sorted(CAMEO_REGIONS - set(known))
    con.execute("""CREATE TEMP TABLE codes AS
                   SELECT unnest($1::VARCHAR[]) AS code, unnest($2::BOOLEAN[]) AS region""",
                [known + regions, [False] * len(known) + [True] * len(regions)])
    rejected_lines: list[list[int]] = []
    extra: list[tuple[int, str, int, list[int]]] = []
    con.execute("""CREATE TEMP TABLE agg (file INTEGER, reason VARCHAR, a VARCHAR, b VARCHAR,
                   month VARCHAR, coop BOOLEAN, n BIGINT, goldstein DOUBLE, mentions BIGINT,
                   first_line BIGINT, lines BIGINT[], added VARCHAR)""")
    pair_a = "s" if directed else "least(s, t)"
    pair_b = "t" if directed else "greatest(s, t)"
    for index, file in enumerate(files):
        width = 58 if file.version == "1.0" else _COLUMNS
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
        path = file.path.as_posix().replace("'", "''")
        source = (f"read_csv('{path}', delim = '\\t', header = false, columns = {columns}, "
                  "null_padding = true, quote = '', escape = '', auto_detect = false, "
                  "strict_mode = false, ignore_errors = true, store_rejects = true, "
                  f"rejects_table = 'rejects{index}', rejects_scan = 'scans{index}')")
        con.execute(f"""
            INSERT INTO agg
            WITH raw AS (
                SELECT row_number() OVER () AS line, c1 AS d, nullif(trim(c7), '') AS a1,
                       nullif(trim(c17), '') AS a2, trim(c29) AS q, c30 AS g, c31 AS mentions,
                       c{file.added_column} AS added
                FROM {source}),
            dated AS (SELECT *, try_strptime(d, '%Y%m%d')::DATE AS day FROM raw),
            classified AS (
                SELECT d.line, d.day, d.q, d.g, d.mentions, d.added,
                       m1.id AS s, m2.id AS t,
                       CASE
                         WHEN d.day IS NULL THEN 'SQLDATE is missing or not a date'
                         WHEN d.a1 IS NULL AND d.a2 IS NULL
                           THEN 'both actor country codes are empty'
                         WHEN d.a1 IS NULL THEN 'Actor1CountryCode is empty'
                         WHEN d.a2 IS NULL THEN 'Actor2CountryCode is empty'
                         WHEN k1.region OR k2.region
                           THEN 'the actor code ' || CASE WHEN k1.region THEN d.a1 ELSE d.a2 END
                                || ' is a region, not a country'
                         WHEN k1.code IS NULL OR k2.code IS NULL
                           THEN 'the actor country code '
                                || CASE WHEN k1.code IS NULL THEN d.a1 ELSE d.a2 END
                                || ' is not in the crosswalk'
                         WHEN m1.id IS NULL OR m2.id IS NULL
                           THEN 'the actor ' || CASE WHEN m1.id IS NULL THEN d.a1 ELSE d.a2 END
                                || ' did not exist on the event day'
                         WHEN m1.id = m2.id
                           THEN 'both actors are the same country (a domestic event)'
                         WHEN d.q NOT IN ('1', '2', '3', '4') OR d.q IS NULL
                           THEN 'QuadClass is missing or not 1 to 4'
                         ELSE '' END AS reason
                FROM dated d
                LEFT JOIN codes k1 ON k1.code = d.a1
                LEFT JOIN codes k2 ON k2.code = d.a2
                LEFT JOIN cmap m1 ON m1.code = d.a1 AND d.day BETWEEN m1.dfrom AND m1.dto
                LEFT JOIN cmap m2 ON m2.code = d.a2 AND d.day BETWEEN m2.dfrom AND m2.dto)
            SELECT {index}, reason,
                   CASE WHEN reason = '' THEN {pair_a} END,
                   CASE WHEN reason = '' THEN {pair_b} END,
                   CASE WHEN reason = '' THEN strftime(day, '%Y-%m') END,
                   CASE WHEN reason = '' THEN q IN ('1', '2') END,
                   count(*), sum(coalesce(try_cast(g AS DOUBLE), 0)),
                   sum(coalesce(try_cast(mentions AS BIGINT), 0)),
                   min(line), min(line, 5),
                   max(CASE WHEN regexp_full_match(added, '[0-9]{{8}}([0-9]{{6}})?') THEN added END)
            FROM classified
            GROUP BY ALL
        """)
        rejected = con.execute(f"""
            SELECT line, error_type FROM rejects{index} ORDER BY line
        """).fetchall()
        bad_lines: dict[int, str] = {}
        for line, error_type in rejected:
            bad_lines.setdefault(int(line), str(error_type))
        rejected_lines.append(sorted(bad_lines))
        by_type: dict[str, list[int]] = {}
        for line, error_type in bad_lines.items():
            by_type.setdefault(error_type, []).append(line)
        for error_type, lines in by_type.items():
            reason = ("the line is not valid UTF-8" if "ENCODING" in error_type.upper()
                      else f"the line cannot be read ({error_type.lower()})")
            extra.append((index, reason, len(lines), sorted(lines)[:5]))
    rows = con.execute("""
        SELECT a, b, month, coop, sum(n), sum(goldstein), sum(mentions),
               arg_min(file, first_line), min(first_line)
        FROM agg WHERE reason = ''
        GROUP BY a, b, month, coop
        ORDER BY month, a, b, coop DESC
    """).fetchall()
    ties = [{"a": a, "b": b, "month": month, "coop": bool(coop), "n": int(n),
             "goldstein": float(goldstein), "mentions": int(mentions),
             "file": files[int(file)].display,
             "line": _physical(int(line), rejected_lines[int(file)])}
            for a, b, month, coop, n, goldstein, mentions, file, line in rows]
    issues_rows = con.execute("""
        SELECT file, reason, sum(n), flatten(list(lines)) FROM agg WHERE reason <> ''
        GROUP BY file, reason ORDER BY file, sum(n) DESC
    """).fetchall()
    issues = [(files[int(file)].display, str(reason), int(n),
               [_physical(int(x), rejected_lines[int(file)]) for x in sorted(lines)[:5]])
              for file, reason, n, lines in issues_rows]
    issues += [(files[file].display, reason, n, lines) for file, reason, n, lines in extra]
    report.read = int(con.execute("SELECT coalesce(sum(n), 0) FROM agg").fetchone()[0])
    report.read += sum(len(lines) for lines in rejected_lines)
    added = con.execute("SELECT max(added) FROM agg").fetchone()[0] or ""
    match = re.match(r"(\d{4})(\d{2})(\d{2})", str(added))
    added_day = ""
    if match:
        try:
            added_day = dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            added_day = ""
    return ties, issues, added_day
