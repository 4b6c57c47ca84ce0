"""No input makes a reader raise anything but IngestError (the documented error)."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.ingest.encoding import decode_text
from archive.ingest.errors import IngestError
from archive.ingest.pipeline import parse_document
from archive.ingest.readers.bibliographic import read_records
from archive.ingest.sniff import sniff_format

_FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of each format, so the fuzzer reaches past the first parse error.
_HTML = [
    "<html>",
    "<body>",
    "<article>",
    "<h1>",
    "</h1>",
    "<p>",
    "</p>",
    "<sup>",
    '<a href="#n1">',
    "</a>",
    '<li id="n1">',
    '<ol class="footnotes">',
    "<nav>",
    '<meta name="citation_author" content="',
    '">',
    '<script type="application/ld+json">',
    '{"@type": "Article", "author": [',
    "]}",
    "</script>",
    '<time datetime="',
    "By ",
    "&amp;",
    "<!--",
    "-->",
    "<![CDATA[",
    "<?xml version='1.0' encoding='utf-8'?>",
    "\x00",
    "\ue000",
]
_MARKDOWN = [
    "---\n",
    "+++\n",
    "title: ",
    "date: ",
    "authors: [",
    "]\n",
    "[^1]",
    "[^1]: ",
    "# ",
    "> ",
    "* ",
    "```\n",
    "\n\n",
    "*",
    "_",
    "[x](http://e.org)",
    "&x;",
    "\\",
    "date = 1979-05-27T07:32:00Z\n",
    "!!python/object:os.system\n",
    "&a [*a, *a]\n",
]
_BIB = [
    "@article{",
    "@string{",
    "@comment{",
    "}",
    "{",
    ",",
    "title = ",
    "author = ",
    " and ",
    "year = ",
    '"',
    "#",
    "TY  - ",
    "ER  - ",
    "AU  - ",
    "PY  - ",
    "[{",
    '"type":',
    '"title":',
    '"issued": {"date-parts": [[',
    "]]}",
    "}]",
    "\n",
    "\\'e",
]


def _assembled(pieces: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces) | st.text(max_size=8), max_size=30).map("".join)


def _only_ingest_errors(call) -> None:
    try:
        call()
    except IngestError as error:
        assert error.reason  # always says why


@_FAST
@given(st.binary(max_size=2000))
def test_any_bytes(data: bytes) -> None:
    sniff_format(data, "x.txt")
    _only_ingest_errors(lambda: decode_text(data, "x"))
    for format in ("text", "markdown", "html"):
        _only_ingest_errors(lambda format=format: parse_document(data, "x", format=format))


@_FAST
@given(_assembled(_HTML))
def test_any_html(text: str) -> None:
    _only_ingest_errors(lambda: parse_document(text.encode(), "x.html", format="html"))


@_FAST
@given(_assembled(_MARKDOWN))
def test_any_markdown(text: str) -> None:
    _only_ingest_errors(lambda: parse_document(text.encode(), "x.md", format="markdown"))


@_FAST
@given(_assembled(_BIB), st.sampled_from(["bibtex", "ris", "csl-json"]))
def test_any_bibliography(text: str, format: str) -> None:
    _only_ingest_errors(lambda: read_records(text.encode(), "refs", format))


def _docx(document_xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", document_xml)
        archive.writestr("word/footnotes.xml", document_xml[: len(document_xml) // 2])
    return out.getvalue()


_WORD = [
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">',
    "<w:body>",
    "<w:p>",
    "</w:p>",
    "<w:r>",
    "</w:r>",
    "<w:t>",
    "</w:t>",
    '<w:footnoteReference w:id="1"/>',
    "</w:body>",
    "</w:document>",
    "<!DOCTYPE x [",
    '<!ENTITY e SYSTEM "file:///etc/passwd">',
    "&e;",
    "]>",
]


@_FAST
@given(_assembled(_WORD))
def test_any_docx(xml: str) -> None:
    _only_ingest_errors(lambda: parse_document(_docx(xml.encode()), "x.docx", format="docx"))


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_any_pdf(tail: bytes) -> None:
    """Each example starts a PDF process: few examples, all of them refused or read."""
    _only_ingest_errors(lambda: parse_document(b"%PDF-1.4\n" + tail, "x.pdf", format="pdf"))
