"""Decode the bytes and split them into lines.

Accepted: strict UTF-8, with or without a byte-order mark; line ends LF, CRLF,
CR, and form feeds (page breaks from PDF extraction) all count as line breaks.
Anything else raises :class:`DecodeError`: a document is never decoded into
replacement characters.
"""

import re

from archive.ingest.errors import DecodeError
from archive.ingest.working import WorkingDocument

__all__ = ["decode_bytes", "run"]

_BREAKS = re.compile(r"\r\n|[\r\f\v\u2028\u2029]")
# C0 controls other than tab/newline/CR/FF/VT do not occur in text files.
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, filename: str) -> str:
    """Strict UTF-8 (BOM stripped) with line ends normalised to ``\\n``."""
    try:
        text = data.decode("utf-8-sig", errors="strict")
    except UnicodeDecodeError as exc:
        raise DecodeError(filename, "not valid UTF-8", exc.start) from exc
    binary = _BINARY.search(text)
    if binary:
        reason = f"control character U+{ord(binary.group()):04X}: binary data, not text"
        raise DecodeError(filename, reason)
    return _BREAKS.sub("\n", text)


def run(doc: WorkingDocument) -> None:
    doc.text = decode_bytes(doc.data, doc.filename)
    # Trailing spaces are layout, never content.
    doc.lines = [line.rstrip() for line in doc.text.split("\n")]
