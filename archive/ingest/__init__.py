"""Framework-free ingest: plain text in, a typed :class:`ParsedDocument` out.

>>> doc = parse_text(path.read_bytes(), path.name)   # doctest: +SKIP

Nothing here imports Django; bad content becomes ``doc.problems``, and only
bytes that are not text raise :class:`DecodeError`.
"""

from archive.ingest.document import (
    ParsedAffiliation,
    ParsedAuthor,
    ParsedDisclaimer,
    ParsedDocument,
    ParsedFootnote,
    Problem,
    Repair,
)
from archive.ingest.errors import DecodeError, IngestError
from archive.ingest.pipeline import DEFAULT_STAGES, Stage, parse_text

__all__ = [
    "DEFAULT_STAGES",
    "DecodeError",
    "IngestError",
    "ParsedAffiliation",
    "ParsedAuthor",
    "ParsedDisclaimer",
    "ParsedDocument",
    "ParsedFootnote",
    "Problem",
    "Repair",
    "Stage",
    "parse_text",
]
