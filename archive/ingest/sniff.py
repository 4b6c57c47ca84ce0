"""Tell a file's format from its first bytes, and from its name only as a tie-breaker.

Formats: ``pdf``, ``docx``, ``zip``, ``html``, ``markdown``, ``bibtex``, ``ris``,
``csl-json``, ``text``, ``empty`` and ``binary`` (not text at all).  The content
decides: a PDF named ``.txt`` is a PDF, random bytes named ``.txt`` are binary.
The extension decides only between text formats that look alike (Markdown and
plain text).  No libmagic: magic numbers and a look at the first few KB.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from io import BytesIO

__all__ = ["BIBLIOGRAPHIC_FORMATS", "MEDIA_TYPES", "sniff_format"]

BIBLIOGRAPHIC_FORMATS = frozenset({"bibtex", "ris", "csl-json"})
MEDIA_TYPES = {
    "text": "text/plain",
    "markdown": "text/markdown",
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "csl-json": "application/vnd.citationstyles.csl+json",
}

_HEAD = 8192
_HTML = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S
)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body|article|p|div|h1)\b[^>]*>", re.I)
# A .bib may open with a long header of comments (Beebe's bibliographies: 160 lines of
# "%%%" before the first entry): by its name, an entry anywhere makes it BibTeX.
_BIBTEX_EXTENSIONS = (".bib", ".bibtex")
_BIBTEX_ENTRY = re.compile(rb"^\s*@[a-zA-Z]+\s*[{(]", re.M)
_BIBTEX = re.compile(rb"^\s*(?:%[^\n]*\n\s*)*@[a-zA-Z]+\s*[{(]", re.S)
_RIS = re.compile(rb"^\s*TY  - ", re.M)
_JSON_ARRAY = re.compile(rb"^\s*\[\s*\{")
_MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd")
_MARKDOWN_HINTS = re.compile(rb"^(?:---\s*$|\+\+\+\s*$|#{1,6} )|\[\^[^\]\s]+\]", re.M)
_TEXT_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _ascii_head(data: bytes) -> bytes:
    """The first bytes as (roughly) ASCII: UTF-16 text is narrowed so patterns match."""
    head = data[:_HEAD]
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom) and not head.startswith(codecs.BOM_UTF32_LE):
            return head[2:].decode(codec, errors="ignore").encode("ascii", errors="replace")
    return head.removeprefix(codecs.BOM_UTF8)


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "zip"  # a damaged zip is still refused as an archive, with its reason
    return "docx" if "word/document.xml" in names else "zip"


def _binary(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        # UTF-16 without a BOM is text we refuse to guess, not binary: decode says so.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        return not (max(even, odd) > 0.4 * len(head) / 2 and min(even, odd) < 0.05 * len(head) / 2)
    return len(_TEXT_CONTROL.findall(head)) > max(2, len(head) // 100)


def sniff_format(data: bytes, filename: str = "") -> str:
    """The format of ``data`` (see the module docstring)."""
    if not data:
        return "empty"
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    head = data[:_HEAD]
    if _binary(head):
        return "binary"
    text = _ascii_head(data)
    name = filename.lower()
    if _HTML.match(text) or (name.endswith((".html", ".htm")) and _HTML_ANYWHERE.search(text)):
        return "html"
    if _BIBTEX.match(text) or (name.endswith(_BIBTEX_EXTENSIONS) and _BIBTEX_ENTRY.search(data)):
        return "bibtex"
    if _RIS.search(text[:200]):
        return "ris"
    if _JSON_ARRAY.match(text) and b'"type"' in text and b'"title"' in text:
        return "csl-json"
    if name.endswith(_MARKDOWN_EXTENSIONS) or (
        name.endswith(".txt") is False and _MARKDOWN_HINTS.search(text)
    ):
        return "markdown"
    return "text"
