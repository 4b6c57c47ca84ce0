"""Framework-free ingest: a file in, a typed :class:`ParsedDocument` out.

>>> doc = parse_document(path.read_bytes(), path.name)   # doctest: +SKIP

The format (plain text, HTML, Markdown, PDF, DOCX) is found from the content;
bibliographic files (BibTeX, RIS, CSL-JSON) are read by
``archive.ingest.readers.bibliographic.read_records``.  Nothing here imports
Django; bad content becomes ``doc.problems``, and only a file that cannot be
read at all raises an :class:`IngestError` (:class:`DecodeError`,
:class:`UnreadableFile`, :class:`LimitExceeded`) whose ``reason`` says why.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Loaded on first use (PEP 562): importing a light submodule such as
# ``archive.ingest.jobs`` or ``archive.ingest.limits`` (the admin and the task queue do,
# at every start-up of the web server and of manage.py) must not load every reader.
_HOMES = {
    **dict.fromkeys(("ParsedAffiliation", "ParsedAuthor", "ParsedDisclaimer", "ParsedDocument",
                     "ParsedFootnote", "Problem", "Repair"), "document"),
    **dict.fromkeys(("DecodeError", "IngestError", "LimitExceeded", "UnreadableFile"), "errors"),
    **dict.fromkeys(("DEFAULT_LIMITS", "IngestLimits"), "limits"),
    **dict.fromkeys(
        ("DEFAULT_STAGES", "Stage", "cite_notes", "parse_document", "parse_text"), "pipeline"
    ),
    "sniff_format": "sniff",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"archive.ingest.{_HOMES[name]}"), name)
    globals()[name] = value
    return value


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
    "cite_notes",
    "parse_document",
    "parse_text",
    "sniff_format",
]
