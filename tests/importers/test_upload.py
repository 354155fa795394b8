"""Uploads: kinds detected, size and zip caps, path traversal, dataset zips, never a traceback."""

from __future__ import annotations

import gzip
import io
import logging
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.importers import (
    ImportRefused,
    detect_kind,
    import_dataset_folder,
    import_file,
    import_upload,
)

from .conftest import FIXTURES, GDELT_SAMPLE, SIPRI_EXCERPT, assert_loads, shared_file


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "path", "kind"),
    [
        ("atop.csv", FIXTURES / "atop5_1dy_sample.csv", "atop"),
        ("old.csv", FIXTURES / "sipri_older_export.csv", "sipri"),
        ("a.gexf", FIXTURES / "network_static.gexf", "gexf"),
        ("b.xml", FIXTURES / "network.graphml", "graphml"),
    ],
    ids=["atop", "sipri-older", "gexf", "graphml"],
)
def test_kinds_are_detected_from_content(name: str, path: Path, kind: str) -> None:
    assert detect_kind(name, path.read_bytes()[:65536]) == kind
    assert import_upload(name, path.read_bytes()).report.kind == kind


def test_real_files_are_detected() -> None:
    sipri = shared_file(SIPRI_EXCERPT).read_bytes()
    gdelt = shared_file(GDELT_SAMPLE).read_bytes()
    assert detect_kind("x.csv", sipri) == "sipri"
    assert detect_kind("x.CSV", gdelt) == "gdelt"
    assert import_upload("excerpt.csv", sipri).report.read == 190
    assert import_upload("events.CSV", gdelt).report.read == 710


def test_size_cap() -> None:
    data = b"source,target,start\n" + b"IRN,RUS,2022\n" * 100
    with pytest.raises(ImportRefused, match="more than the 100 allowed"):
        import_upload("t.csv", data, max_bytes=100)


def test_a_dataset_zip_is_validated_and_imported(make_dataset: Callable[..., Path],
                                                 tmp_path: Path) -> None:
    folder = make_dataset()
    members = {f"tiny/{path.name}": path.read_bytes() for path in folder.iterdir()}
    result = import_upload("tiny.zip", zipped(members))
    assert result.report.kind == "dataset"
    assert len(result.ties) == 11 and result.report.skipped == 0
    assert set(result.tables) >= {"countries", "ties", "sources", "blocs", "memberships"}
    assert_loads(result, tmp_path / "again")


def test_a_dataset_zip_with_bad_rows_drops_them_until_valid(make_dataset: Callable[..., Path],
                                                            tmp_path: Path) -> None:
    folder = make_dataset()
    ties = (folder / "ties.csv").read_text(encoding="utf-8")
    ties += "t-bad,IRN,ATL,alliance,1,0.5,false,2020,,,s1,high\n"
    ties += "t-worse,IRN,RUS,alliance,1,7,false,2020,,,s1,high\n"
    (folder / "ties.csv").write_text(ties, encoding="utf-8")
    members = {path.name: path.read_bytes() for path in folder.iterdir()}
    result = import_upload("tiny.zip", zipped(members))
    assert result.report.skipped == 2
    assert {issue.line for issue in result.report.issues if issue.level == "ERROR"} == {13, 14}
    assert result.report.balanced
    assert_loads(result, tmp_path / "cleaned")


def test_a_dataset_missing_a_file_is_refused(make_dataset: Callable[..., Path]) -> None:
    folder = make_dataset()
    members = {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "countries.csv"}
    with pytest.raises(ImportRefused, match=r"countries\.csv is missing"):
        import_upload("tiny.zip", zipped(members))


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"../evil.csv": b"source,target,start\nIRN,RUS,2022\n"}, "path traversal"),
        ({"/etc/evil.csv": b"x"}, "path traversal"),
        ({f"f{i}.csv": b"x" for i in range(101)}, "101 members"),
        ({"a.csv": b"source,target,start\n", "b.csv": b"source,target,start\n"},
         "holds 2 files and no dataset"),
        ({}, "holds no file"),
    ],
    ids=["dot-dot", "absolute", "too-many-members", "two-unrelated-files", "empty-zip"],
)
def test_unsafe_or_unusable_zips_are_refused(members: dict[str, bytes], message: str) -> None:
    with pytest.raises(ImportRefused, match=message):
        import_upload("x.zip", zipped(members))


def test_a_zip_bomb_is_stopped_by_the_uncompressed_cap() -> None:
    bomb = zipped({"zeros.csv": b"0" * 5_000_000})
    assert len(bomb) < 20_000
    with pytest.raises(ImportRefused, match="uncompress to"):
        import_upload("bomb.zip", bomb, max_uncompressed=1_000_000)


def test_a_zip_with_one_file_or_gdelt_files_and_a_gzip(tmp_path: Path) -> None:
    sipri = (FIXTURES / "sipri_older_export.csv").read_bytes()
    assert import_upload("s.zip", zipped({"register.csv": sipri})).report.kind == "sipri"
    row = ("1\t20240101\t202401\t2024\t2024.0\t\t\tUSA" + "\t" * 10 + "UKR" + "\t" * 12
           + "1\t1.0" + "\t" * 26 + "20240101\thttp://x\n").encode()
    assert len(row.decode().rstrip("\n").split("\t")) == 58
    result = import_upload("g.zip", zipped({"1.export.CSV": row, "2.export.CSV": row}))
    assert (result.report.kind, result.report.read, result.report.merged) == ("gdelt", 2, 1)
    assert import_upload("g.CSV.gz", gzip.compress(row)).report.kind == "gdelt"


def test_archives_inside_archives_are_not_opened() -> None:
    inner = zipped({"t.csv": b"source,target,start\nIRN,RUS,2022\n"})
    assert import_upload("one.zip", inner).report.kind == "csv"
    with pytest.raises(ImportRefused, match="an archive inside an archive is not opened"):
        import_upload("two.zip", zipped({"inner.zip": inner}))
    with pytest.raises(ImportRefused, match="an archive inside an archive is not opened"):
        import_upload("t.csv.gz.gz", gzip.compress(gzip.compress(b"source,target,start\n")))


def test_a_broken_zip_and_a_broken_gzip_are_refused() -> None:
    with pytest.raises(ImportRefused, match="zip cannot be read"):
        import_upload("x.zip", b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(ImportRefused, match="gzip file cannot be read"):
        import_upload("x.gz", b"\x1f\x8b\x08\x00garbage")


def test_import_file_detects_the_kind(tmp_path: Path, make_dataset: Callable[..., Path]) -> None:
    assert import_file(FIXTURES / "atop5_1dy_sample.csv").report.kind == "atop"
    assert import_file(FIXTURES / "network.graphml").report.kind == "graphml"
    assert import_file(make_dataset()).report.kind == "dataset"
    packed = tmp_path / "events.zip"
    packed.write_bytes(zipped({"e.CSV": shared_file(GDELT_SAMPLE).read_bytes()}))
    assert import_file(packed).report.read == 710
    with pytest.raises(FileNotFoundError):
        import_file(tmp_path / "nothing.csv")
    with pytest.raises(ImportRefused):
        import_dataset_folder(tmp_path / "nothing")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=2000).map(lambda text: text.encode("utf-8")),
    st.lists(st.sampled_from(["source", "target", "start", "IRN", "RUS", "2022", ",", ";",
                              "\n", "\t", '"', "<gexf>", "<graphml>", "PK\x03\x04", "-1",
                              "Supplier,Recipient", "2022-13-01", "\x00"]),
             max_size=60).map(lambda parts: "".join(parts).encode("utf-8")),
), name=st.sampled_from(["t.csv", "n.gexf", "g.graphml", "x.zip", "e.CSV", "a.gz", "up"]))
def test_never_a_traceback(content: bytes, name: str) -> None:
    failures: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = failures.append  # type: ignore[method-assign]
    logger = logging.getLogger("graph.importers.dispatch")
    logger.addHandler(handler)
    try:
        result = import_upload(name, content)
    except ImportRefused as refused:
        assert str(refused)
        assert refused.report.refused
        return
    finally:
        logger.removeHandler(handler)
        # The catch-all in import_upload logs what it caught: an importer bug, not bad input.
        assert not failures, failures[0].getMessage() if failures else ""
    assert result.report.balanced
    assert len(result.ties) >= 1
