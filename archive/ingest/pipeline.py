"""The default stage list and the driver loop.

``parse_text`` reads the bytes into a working document and runs each stage in
order.  A stage that fails unexpectedly is recorded as a Problem and the next
stage runs: one bad paragraph must not cost the whole document.  Only an
:class:`IngestError` (a file that cannot be read at all) propagates.

``parse_document`` first tells the format from the content
(:func:`archive.ingest.sniff.sniff_format`) and picks the reader; every reader
fills the same working document, so the same stages run for every format.
Bibliographic files (BibTeX, RIS, CSL-JSON) hold many records and no text:
they are read by :func:`archive.ingest.readers.bibliographic.read_records`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from archive.citegraph.parser import NoteCitations
from archive.ingest.document import ParsedDocument
from archive.ingest.encoding import decode_text
from archive.ingest.errors import IngestError, LimitExceeded, UnreadableFile
from archive.ingest.limits import DEFAULT_LIMITS, IngestLimits
from archive.ingest.readers.docx import read_docx
from archive.ingest.readers.html import read_html
from archive.ingest.readers.markdown import read_markdown
from archive.ingest.readers.pdf import read_pdf
from archive.ingest.readers.text import read_text
from archive.ingest.sniff import BIBLIOGRAPHIC_FORMATS, sniff_format
from archive.ingest.stages import (
    affiliations,
    blocks,
    byline,
    dateline,
    decode,
    disclaimer,
    exact_markers,
    footnotes,
    front,
    header,
    hyphens,
    kind,
    language,
    manuscript_byline,
    markers,
    metadata,
    name_case,
    notes_split,
    paragraphs,
    split_words,
    title_page,
    untitled,
    urls,
)
from archive.ingest.stages.decode import decode_bytes
from archive.ingest.working import WorkingDocument

__all__ = [
    "DEFAULT_STAGES",
    "READABLE_FORMATS",
    "READERS",
    "Stage",
    "cite_notes",
    "parse_document",
    "parse_text",
    "run_stages",
]


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    run: Callable[[WorkingDocument], None]


# A tuple: a caller that wants other stages builds its own sequence; nobody can change
# the default for every later ingest by appending to it.
DEFAULT_STAGES: tuple[Stage, ...] = (
    Stage("decode", decode.run),
    Stage("blocks", blocks.run),
    Stage("notes_split", notes_split.run),  # before front matter: notes never hold it
    Stage("header", header.run),  # "Key: value" lines at the top: metadata, not body
    Stage("front", front.run),
    Stage("byline", byline.run),
    # Names under a paper's title that a date or an e-mail line confirms; before
    # title_page, which would take the names alone and leave their date or affiliation.
    Stage("manuscript_byline", manuscript_byline.run),
    Stage("title_page", title_page.run),  # a paper's names and affiliation lines; needs the byline
    Stage("date", dateline.run),
    Stage("disclaimer", disclaimer.run),
    Stage("metadata", metadata.run),  # structured metadata fills gaps; before affiliations
    Stage("name_case", name_case.run),  # "ROBIN MALLOY" is "Robin Malloy"; before affiliations
    Stage("affiliations", affiliations.run),  # needs the byline's names
    Stage("paragraphs", paragraphs.run),
    Stage("footnotes", footnotes.run),
    Stage("exact_markers", exact_markers.run),  # markers a structured reader placed
    Stage("markers", markers.run),  # needs the note numbers; before any text edit
    Stage("language", language.run),  # repairs use the language's word list
    Stage("hyphens", hyphens.run),
    Stage("split_words", split_words.run),
    Stage("urls", urls.run),
    Stage("kind", kind.run),
    Stage("untitled", untitled.run),  # last: a title derived from the file name, for review
)


def run_stages(doc: WorkingDocument, stages: Sequence[Stage]) -> WorkingDocument:
    """Run ``stages`` in order on ``doc``; unexpected failures become problems."""
    for stage in stages:
        try:
            stage.run(doc)
        except IngestError:
            raise
        except Exception as exc:  # noqa: BLE001 - a stage bug is data about this document
            doc.problem(stage.name, f"stage failed: {type(exc).__name__}: {exc}")
    return doc


def parse_text(
    data: bytes, filename: str, stages: Sequence[Stage] = DEFAULT_STAGES
) -> ParsedDocument:
    """Parse a plain-text document; raises only :class:`DecodeError` for non-text bytes."""
    return run_stages(read_text(data, filename), stages).finish()


Reader = Callable[[bytes, str, IngestLimits], WorkingDocument]

# The reader of each format read into one document (bibliographic formats hold many
# records: ``read_records``), keyed by the name ``sniff_format`` gives; a new format is
# one line here.
READERS: Mapping[str, Reader] = MappingProxyType(
    {
        "text": lambda data, filename, _limits: read_text(data, filename),
        "markdown": read_markdown,
        "html": lambda data, filename, _limits: read_html(data, filename),
        "pdf": read_pdf,
        "docx": read_docx,
    }
)
READABLE_FORMATS = frozenset(READERS)
# What the sniffer can name but no reader reads, and why (the reason a librarian sees).
_NOT_DOCUMENTS = {
    "empty": "empty file",
    "binary": "binary data, not a document",
    "zip": "a zip archive is a batch, not a document",
}


def read_working(
    data: bytes, filename: str, format: str, limits: IngestLimits = DEFAULT_LIMITS
) -> WorkingDocument:
    """The reader of ``format``, its text decoded and within ``limits.max_text_chars``.

    Raises :class:`IngestError` for anything it cannot read.
    """
    doc = _read(data, filename, format, limits)
    if not doc.decoded:  # plain text: decoded here, so its length is known before any stage
        doc.text, doc.decoded = decode_bytes(data, filename), True
    if len(doc.text) > limits.max_text_chars:
        raise LimitExceeded(
            filename,
            f"the extracted text is {len(doc.text):,} characters, over the limit of "
            f"{limits.max_text_chars:,}",
            format,
        )
    return doc


def _read(data: bytes, filename: str, format: str, limits: IngestLimits) -> WorkingDocument:
    reader = READERS.get(format)
    if reader is not None:
        return reader(data, filename, limits)
    if format == "binary":
        decode_text(data, filename)  # raises DecodeError with the precise reason
    if format in _NOT_DOCUMENTS:
        raise UnreadableFile(filename, _NOT_DOCUMENTS[format], format)
    if format in BIBLIOGRAPHIC_FORMATS:
        raise UnreadableFile(filename, f"{format} holds records: use read_records", format)
    raise UnreadableFile(filename, f"unsupported format {format!r}", format)


def parse_document(
    data: bytes,
    filename: str,
    *,
    format: str | None = None,
    limits: IngestLimits = DEFAULT_LIMITS,
    stages: Sequence[Stage] = DEFAULT_STAGES,
) -> ParsedDocument:
    """Parse one document of any readable format (found from the content when not given).

    Raises only :class:`IngestError` (:class:`DecodeError`, :class:`UnreadableFile`,
    :class:`LimitExceeded`), each with a ``reason``.
    """
    found = format or sniff_format(data, filename)
    parsed = run_stages(read_working(data, filename, found, limits), stages).finish()
    if not parsed.paragraphs:
        # A title alone (or one stray byte) is not a document: never catalog it empty.
        shown = parsed.title[:60] or "nothing"
        raise UnreadableFile(filename, f"no body text to catalog (read only: {shown!r})", found)
    return parsed


def cite_notes(parsed: ParsedDocument) -> NoteCitations:
    """The citations of the parsed document's notes, in the order the store keeps them.

    Part of parsing, not of storing: ingest runs it before the write transaction
    opens, and the parse-only benchmark runs it too, so that the two compare.
    """
    notes = sorted(parsed.footnotes, key=lambda note: note.number)
    return NoteCitations.parse([note.text for note in notes])
