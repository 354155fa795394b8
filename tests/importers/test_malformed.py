"""Malformed input of every kind: a clear ImportRefused or a clean import, never another error.

Each case goes both through the kind's own importer and through ``import_upload`` (which must
detect or be told the kind), so the page and the command line behave the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graph.importers import (
    ImportRefused,
    ImportResult,
    import_atop,
    import_edgelist,
    import_gdelt,
    import_sipri,
    import_upload,
    import_xml,
)

from .conftest import FIXTURES

SIPRI_HEADER = (
    "SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,"
    "Order date,Order date is estimate,Numbers delivered,Numbers delivered is estimate,"
    "Delivery year,Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,"
    "TIV delivery values,Local production;\r\n")
ATOP_HEADER = "dyad,mem1,mem2,year,atopally,defense,offense,neutral,nonagg,consul\n"
GEXF_HEAD = '<?xml version="1.0"?>\n<gexf xmlns="http://gexf.net/1.3" version="1.3">'
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<gexf version="1.3"><graph><nodes><node id="&lol9;"/></nodes></graph></gexf>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE graphml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<graphml><graph edgedefault="undirected"><node id="&xxe;"/></graph></graphml>"""

Importer = Callable[..., ImportResult]
REFUSED = "refused"
OK = "ok"

# (id, importer, upload kind, file name, content, expected outcome, words in the message)
CASES: list[tuple[str, Importer, str, str, bytes, str, str]] = [
    ("csv-empty", import_edgelist, "csv", "t.csv", b"", REFUSED, "empty"),
    ("csv-blank", import_edgelist, "csv", "t.csv", b"\n \r\n", REFUSED, "empty"),
    ("csv-header-only", import_edgelist, "csv", "t.csv", b"source,target,start\n", REFUSED,
     "no data rows"),
    ("csv-binary", import_edgelist, "csv", "t.csv", bytes(range(256)) * 4, REFUSED, "binary"),
    ("csv-zip-named-csv", import_edgelist, "csv", "t.csv", b"PK\x03\x04\x14\x00\x00\x00junk",
     REFUSED, "t.csv refused"),
    ("csv-latin-1", import_edgelist, "csv", "t.csv",
     "source,target,start\nCôte d'Ivoire,France,2020\n".encode("latin-1"), OK, ""),
    ("csv-utf16", import_edgelist, "csv", "t.csv",
     "source,target,start\nIran,Russia,2022\n".encode("utf-16"), OK, ""),
    ("csv-ragged", import_edgelist, "csv", "t.csv",
     b"source,target,start\nIRN,RUS\nIRN,RUS,2022,x,y\nIRN,RUS,2022\n", OK, ""),
    ("csv-all-ragged", import_edgelist, "csv", "t.csv", b"source,target,start\nIRN\nRUS\n",
     REFUSED, "not one tie could be imported"),
    ("csv-unclosed-quote", import_edgelist, "csv", "t.csv",
     b'source,target,start\n"IRN,RUS,2022\n', REFUSED, "unclosed quote"),
    ("csv-no-header-fields", import_edgelist, "csv", "t.csv", b"just some words\n", REFUSED,
     "no column for source, target, start"),
    ("sipri-empty", import_sipri, "sipri", "s.csv", b"", REFUSED, "empty"),
    ("sipri-header-only", import_sipri, "sipri", "s.csv",
     b"Source: SIPRI Arms Transfers Database;\r\n" + SIPRI_HEADER.encode(), REFUSED,
     "no data rows"),
    ("sipri-binary", import_sipri, "sipri", "s.csv", b"\x00" * 64, REFUSED, "binary"),
    ("sipri-latin-1", import_sipri, "sipri", "s.csv",
     (SIPRI_HEADER + "1,Iran,Russia,Shahed-136,drône,Missiles,2022,No,600,Yes,2022,No,New,"
      "0.1,0.1,60,Yes;\r\n").encode("latin-1"), OK, ""),
    ("sipri-ragged", import_sipri, "sipri", "s.csv",
     (SIPRI_HEADER + "1,Iran,Russia;\r\n2,Iran,Russia,Shahed-136,drone,Missiles,2022,No,600,"
      "Yes,2022,No,New,0.1,0.1,60,Yes;\r\n").encode(), OK, ""),
    ("atop-empty", import_atop, "atop", "a.csv", b"", REFUSED, "empty"),
    ("atop-header-only", import_atop, "atop", "a.csv", ATOP_HEADER.encode(), REFUSED,
     "no data rows"),
    ("atop-binary", import_atop, "atop", "a.csv", b"\x89PNG\r\n\x1a\n\x00\x00", REFUSED,
     "binary"),
    ("atop-ragged", import_atop, "atop", "a.csv",
     (ATOP_HEADER + "2200,2,200,1949\n2200,2,200,1950,1,1,0,0,0,1\n").encode(), OK, ""),
    ("gdelt-empty", import_gdelt, "gdelt", "g.tsv", b"", REFUSED, "empty"),
    ("gdelt-binary", import_gdelt, "gdelt", "g.tsv", b"\x00\x01" * 40, REFUSED, "binary"),
    ("gdelt-header-line", import_gdelt, "gdelt", "g.tsv",
     b"GLOBALEVENTID\tSQLDATE\tMonthYear\n", REFUSED, "not a GDELT event export"),
    ("gdelt-ragged", import_gdelt, "gdelt", "g.tsv",
     (("1\t20160728" + "\t" * 56 + "\n") + "2\t20160728\tonly three\n").encode(), REFUSED,
     "not one tie could be imported"),
    ("gexf-empty", import_xml, "gexf", "n.gexf", b"", REFUSED, "empty"),
    ("gexf-billion-laughs", import_xml, "gexf", "n.gexf", BILLION_LAUGHS, REFUSED, "DOCTYPE"),
    ("graphml-external-entity", import_xml, "graphml", "n.graphml", EXTERNAL_ENTITY, REFUSED,
     "DOCTYPE"),
    ("gexf-truncated", import_xml, "gexf", "n.gexf",
     (FIXTURES / "network_dynamic.gexf").read_bytes()[:700], REFUSED, "malformed or truncated"),
    ("gexf-wrong-root", import_xml, "gexf", "n.gexf",
     b"<?xml version='1.0'?><html><body>not a graph</body></html>", REFUSED,
     "root element is <html>"),
    ("gexf-no-graph", import_xml, "gexf", "n.gexf", (GEXF_HEAD + "</gexf>").encode(), REFUSED,
     "no <graph> element"),
    ("gexf-no-edges", import_xml, "gexf", "n.gexf",
     (GEXF_HEAD + "<graph><nodes/></graph></gexf>").encode(), REFUSED, "no data rows"),
    ("gexf-undeclared-entity", import_xml, "gexf", "n.gexf",
     (GEXF_HEAD + "<graph>&nope;</graph></gexf>").encode(), REFUSED, "malformed"),
    ("gexf-binary", import_xml, "gexf", "n.gexf", b"\x00\x00\x00\x00", REFUSED, ""),
]


def _check(outcome: Callable[[], ImportResult], expected: str, words: str) -> None:
    if expected == REFUSED:
        with pytest.raises(ImportRefused) as caught:
            outcome()
        assert words.casefold() in str(caught.value).casefold(), str(caught.value)
        assert caught.value.report.refused
        assert caught.value.report.balanced
    else:
        result = outcome()
        report = result.report
        assert report.balanced, report.summary()
        assert len(result.ties) >= 1


@pytest.mark.parametrize(("importer", "kind", "name", "content", "expected", "words"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_importer(importer: Importer, kind: str, name: str, content: bytes, expected: str,
                  words: str) -> None:
    options: dict[str, Any] = {"names": [name]} if importer is import_gdelt else {"name": name}
    _check(lambda: importer(content, **options), expected, words)


@pytest.mark.parametrize(("kind", "name", "content", "expected", "words"),
                         [case[2:] for case in CASES], ids=[case[0] for case in CASES])
def test_upload_with_kind(kind: str, name: str, content: bytes, expected: str,
                          words: str) -> None:
    _check(lambda: import_upload(name, content, kind), expected, words)


@pytest.mark.parametrize(("kind", "name", "content", "expected"),
                         [(case[2], case[3], case[4], case[5]) for case in CASES],
                         ids=[case[0] for case in CASES])
def test_upload_detecting_the_kind(kind: str, name: str, content: bytes,
                                   expected: str) -> None:
    try:
        result = import_upload(name, content)
    except ImportRefused as refused:
        assert str(refused)
        return
    assert result.report.balanced
    assert expected == OK or kind in {"sipri", "atop", "gdelt"}
