"""The bad-input corpus (tests/bad_inputs/): every file gets a clear message or a clean import.

``tests/bad_inputs/manifest.csv`` names each file's target and expected outcome:

- target ``validate``: the file replaces one table (column ``table``) of a small valid dataset
  folder, checked with ``graph.validate.validate_folder``; ``refused`` means errors,
  ``warning`` warnings only, ``clean`` no finding;
- targets ``csv``, ``sipri``, ``gdelt``, ``gexf``, ``graphml``: that importer; ``upload``:
  ``graph.importers.import_upload``. ``refused`` is an ``ImportRefused``; ``rows_dropped`` an
  import that skipped rows; ``warning`` one with warnings and no row dropped; ``clean`` one
  without either;
- ``message``: words of the refusal, the findings or the report's summary;
- ``known_gap``: the importer does not do what the manifest expects yet (an ``xfail`` that
  says why, and fails once fixed so the manifest is updated).

Every importable file also goes through the page's upload callback over HTTP (the app's Flask
test client): a 200 with a report, never a traceback, and the layers already loaded untouched.
The two large inputs (a 50 MB upload, two million rows under the byte cap) are generated in
``tmp_path``, never committed.
"""

from __future__ import annotations

import base64
import csv
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from server_helpers import load_test_data

from graph.importers import (
    MAX_UPLOAD_BYTES,
    ImportRefused,
    ImportResult,
    import_edgelist,
    import_gdelt,
    import_sipri,
    import_upload,
    import_xml,
)
from graph.validate import validate_folder

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "bad_inputs"
OUTCOMES = {"refused", "clean", "rows_dropped", "warning"}
TARGETS = {"validate", "sipri", "gdelt", "csv", "gexf", "graphml", "upload"}


@dataclass(frozen=True)
class Entry:
    file: str
    target: str
    table: str
    expected: str
    message: str
    known_gap: str

    @property
    def path(self) -> Path:
        return CORPUS / self.file


def read_manifest() -> list[Entry]:
    with (CORPUS / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return [Entry(**row) for row in csv.DictReader(handle)]


MANIFEST = read_manifest()
IMPORTABLE = [entry for entry in MANIFEST if entry.target != "validate"]


def outcome_of(result: ImportResult) -> tuple[str, str]:
    report = result.report
    assert report.balanced, report.summary()  # every row read is accounted for
    text = report.to_text()
    if report.skipped:
        return "rows_dropped", text
    if report.count("WARNING"):
        return "warning", text
    return "clean", text


def run_entry(entry: Entry, folder: Path) -> tuple[str, str]:
    """The outcome of feeding ``entry`` to its target, and the words it said."""
    if entry.target == "validate":
        dataset = load_test_data().write_dataset(folder / "dataset")
        shutil.copyfile(entry.path, dataset / f"{entry.table}.csv")
        report = validate_folder(dataset)
        words = "\n".join(str(problem) for problem in report.problems)
        if report.errors:
            return "refused", words
        return ("warning" if report.warnings else "clean"), words
    importers = {
        "csv": lambda: import_edgelist(entry.path),
        "sipri": lambda: import_sipri(entry.path),
        "gdelt": lambda: import_gdelt(entry.path),
        "gexf": lambda: import_xml(entry.path, kind="gexf"),
        "graphml": lambda: import_xml(entry.path, kind="graphml"),
        "upload": lambda: import_upload(entry.file, entry.path.read_bytes()),
    }
    try:
        return outcome_of(importers[entry.target]())
    except ImportRefused as refused:
        assert refused.report.refused
        return "refused", f"{refused}\n{refused.report.to_text()}"


# --- the manifest ------------------------------------------------------------------------------


def test_the_manifest_describes_every_file_of_the_corpus() -> None:
    listed = [entry.file for entry in MANIFEST]
    on_disk = {path.name for path in CORPUS.iterdir()} - {"manifest.csv", "README.md"}
    assert len(listed) == len(set(listed)), "a file is listed twice"
    assert set(listed) == on_disk
    assert len(listed) >= 30
    for entry in MANIFEST:
        assert entry.target in TARGETS, entry
        assert entry.expected in OUTCOMES, entry
        assert (entry.target == "validate") == bool(entry.table), entry
        assert entry.path.stat().st_size < 64 * 1024, "large inputs are generated, not committed"


@pytest.mark.parametrize("entry", MANIFEST, ids=[entry.file for entry in MANIFEST])
def test_each_bad_input_gets_its_expected_outcome(entry: Entry, tmp_path: Path) -> None:
    outcome, words = run_entry(entry, tmp_path)
    words = words.replace(entry.file, "<file>")  # the message must say it, not the file name
    matches = outcome == entry.expected and entry.message.casefold() in words.casefold()
    if entry.known_gap:
        if matches:
            pytest.fail(f"{entry.file} now behaves as the manifest expects: clear its known_gap")
        pytest.xfail(f"known gap: {entry.known_gap}")
    assert outcome == entry.expected, words[:1500]
    assert entry.message.casefold() in words.casefold(), words[:1500]
    assert "Traceback" not in words


@pytest.mark.parametrize("entry", IMPORTABLE, ids=[entry.file for entry in IMPORTABLE])
def test_every_file_uploaded_as_is_is_imported_or_refused(entry: Entry) -> None:
    try:
        result = import_upload(entry.file, entry.path.read_bytes())
    except ImportRefused as refused:
        assert str(refused).startswith(entry.file)
        return
    outcome_of(result)
    assert len(result.ties) >= 1


# --- through the page --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = load_test_data().write_dataset(tmp_path_factory.mktemp("data") / "tiny")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REALPOLITIK_CACHE", str(tmp_path_factory.mktemp("cache")))
        from app import create_app

        yield create_app(folder).server.test_client()


def upload_body(client: Any, filename: str, content: bytes) -> dict[str, Any]:
    dependencies = client.get("/_dash-dependencies").get_json()
    spec = next(d for d in dependencies if "pending-layer.data" in d["output"]
                and "upload-report.children" in d["output"] and "@" not in d["output"])
    parts = [part.rsplit(".", 1) for part in spec["output"].strip(".").split("...")]
    encoded = base64.b64encode(content).decode("ascii")
    return {
        "output": spec["output"],
        "outputs": [{"id": ident, "property": prop} for ident, prop in parts],
        "inputs": [{"id": "upload", "property": "contents",
                    "value": f"data:text/csv;base64,{encoded}"}],
        "state": [{"id": "upload", "property": "filename", "value": filename}],
        "changedPropIds": ["upload.contents"],
    }


@pytest.mark.parametrize("entry", IMPORTABLE, ids=[entry.file for entry in IMPORTABLE])
def test_uploading_through_the_page_reports_and_keeps_loaded_layers(
    client: Any, entry: Entry
) -> None:
    response = client.post("/_dash-update-component",
                           json=upload_body(client, entry.file, entry.path.read_bytes()))
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Traceback" not in text
    answer = response.get_json()["response"]
    # The upload only proposes a layer: the layers already loaded (a store) are not an output.
    assert "layers-store" not in answer
    assert answer["upload-report"]["children"], "the user is told what happened"
    try:
        import_upload(entry.file, entry.path.read_bytes())
        refused = False
    except ImportRefused:
        refused = True
    assert (answer["pending-layer"]["data"] is None) == refused


# --- the large inputs, generated ---------------------------------------------------------------


def test_a_50_mb_upload_is_refused_by_the_importer(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.write(b"source,target,start\n")
        handle.write(b"IRN,RUS,2022\n" * (50 * 1024 * 1024 // 13 + 1))
    with pytest.raises(ImportRefused, match="more than the 20,971,520 allowed"):
        import_upload("big.csv", big.read_bytes())


def test_a_50_mb_upload_is_refused_by_the_page(client: Any) -> None:
    from ui.layers import UploadError, decode_upload

    content = b"source,target,start\n" + b"IRN,RUS,2022\n" * (50 * 1024 * 1024 // 13 + 1)
    encoded = "data:text/csv;base64," + base64.b64encode(content).decode("ascii")
    with pytest.raises(UploadError, match="larger than 20 MB"):
        decode_upload(encoded)
    response = client.post("/_dash-update-component",
                           json=upload_body(client, "big.csv", content))
    assert response.status_code == 413  # refused before the body is read
    assert "Traceback" not in response.get_data(as_text=True)


def test_two_million_rows_under_the_byte_cap_get_a_clear_answer() -> None:
    # 10 bytes a row: 20,000,020 bytes, under the 20 MiB cap, but far more lines than an
    # upload may have: refused at once, with the way round it named.
    content = b"source,target,start\n" + b"IRN,RUS,1\n" * 2_000_000
    assert len(content) <= MAX_UPLOAD_BYTES
    with pytest.raises(ImportRefused) as refused:
        import_upload("rows.csv", content)
    assert "2,000,001 lines" in str(refused.value)
    assert "realpolitik import" in str(refused.value)
    assert refused.value.report.refused


def test_nothing_already_loaded_is_lost(tmp_path: Path) -> None:
    from graph.importers import write_dataset
    from graph.validate import load_dataset

    data = load_test_data()
    loaded = load_dataset(data.write_dataset(tmp_path / "loaded"))
    before = (loaded.content_hash, loaded.ties.copy(), loaded.countries.copy())
    kept = tmp_path / "kept"
    shutil.copytree(tmp_path / "loaded", kept)
    originals = {path.name: path.read_bytes() for path in kept.iterdir()}
    for number, entry in enumerate(MANIFEST):
        run_entry(entry, tmp_path / f"run{number}")
        if entry.target != "validate":
            try:
                result = import_upload(entry.file, entry.path.read_bytes())
            except ImportRefused:
                continue
            with pytest.raises(FileExistsError):  # never over a folder already there
                write_dataset(result, kept)
    assert loaded.content_hash == before[0]
    assert loaded.ties.equals(before[1]) and loaded.countries.equals(before[2])
    assert {path.name: path.read_bytes() for path in kept.iterdir()} == originals
