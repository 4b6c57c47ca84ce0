"""Framework-free ingest: a file in, a typed :class:`ParsedDocument` out.

>>> doc = parse_document(path.read_bytes(), path.name)   # doctest: +SKIP

The format (plain text, HTML, Markdown, PDF, DOCX) is found from the content;
bibliographic files (BibTeX, RIS, CSL-JSON) are read by
``archive.ingest.readers.bibliographic.read_records``.  Nothing here imports
Django; bad content becomes ``doc.problems``, and only a file that cannot be
read at all raises an :class:`IngestError` (:class:`DecodeError`,
:class:`UnreadableFile`, :class:`LimitExceeded`) whose ``reason`` says why.
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
from archive.ingest.errors import DecodeError, IngestError, LimitExceeded, UnreadableFile
from archive.ingest.limits import DEFAULT_LIMITS, IngestLimits
from archive.ingest.pipeline import DEFAULT_STAGES, Stage, parse_document, parse_text
from archive.ingest.sniff import sniff_format

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_STAGES",
    "DecodeError",
    "IngestError",
    "IngestLimits",
    "LimitExceeded",
    "UnreadableFile",
    "ParsedAffiliation",
    "ParsedAuthor",
    "ParsedDisclaimer",
    "ParsedDocument",
    "ParsedFootnote",
    "Problem",
    "Repair",
    "Stage",
    "parse_document",
    "parse_text",
    "sniff_format",
]
