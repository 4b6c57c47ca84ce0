"""Decode the bytes and split them into lines.

Decoding is :func:`archive.ingest.encoding.decode_text`: UTF-8 (BOM optional),
UTF-16/32 with a BOM, legacy encodings detected with confidence; anything else
raises :class:`DecodeError`, so a document is never decoded into replacement
characters.  A reader for a structured format (HTML, DOCX …) decodes itself
and leaves ``doc.text`` set: then only the lines are split.  Line ends LF,
CRLF, CR, and form feeds (page breaks from PDF extraction) all count as line
breaks.
"""

import re

from archive.ingest.encoding import decode_text
from archive.ingest.working import WorkingDocument

__all__ = ["decode_bytes", "normalise_breaks", "run"]

_BREAKS = re.compile(r"\r\n|[\r\f\v\u2028\u2029\x85]")


def normalise_breaks(text: str) -> str:
    return _BREAKS.sub("\n", text)


def decode_bytes(data: bytes, filename: str) -> str:
    """The decoded text with line ends normalised to ``\\n``."""
    return normalise_breaks(decode_text(data, filename))


def run(doc: WorkingDocument) -> None:
    if not doc.decoded:
        doc.text = decode_bytes(doc.data, doc.filename)
        doc.decoded = True
    else:
        doc.text = normalise_breaks(doc.text)
    # Trailing spaces are layout, never content.
    doc.lines = [line.rstrip() for line in doc.text.split("\n")]
