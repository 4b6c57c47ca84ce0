"""The typed result of parsing one document: plain, frozen dataclasses.

Conventions shared by every field:

* ``ParsedDocument.section_starts`` holds 0-based indexes into ``paragraphs``.
* ``ParsedFootnote.paragraph`` and ``Repair.paragraph`` are 1-based paragraph
  numbers (as a reader counts them); offsets are 0-based character offsets
  into the *repaired* string they refer to.
* ``Problem.line`` is the 1-based line in the decoded source text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ParsedAffiliation",
    "ParsedAuthor",
    "ParsedDisclaimer",
    "ParsedDocument",
    "FieldSource",
    "ParsedFootnote",
    "Problem",
    "Repair",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedAffiliation:
    """One position an author holds: "a research fellow at X in Kampala, Uganda"."""

    organization: str
    title: str | None = None
    place: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedAuthor:
    """A byline entry; ``position`` is the 1-based byline order."""

    name: str
    honorific: str | None = None
    position: int
    role: str = "author"
    affiliations: list[ParsedAffiliation] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedDisclaimer:
    """A stance disclaimer, verbatim, and the organisation it speaks for (if named)."""

    text: str
    disclaims: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedFootnote:
    """An endnote; ``paragraph``/``offset`` locate its marker in the body (None if unmarked)."""

    number: int
    text: str
    paragraph: int | None = None
    offset: int | None = None
    urls: list[str] = field(default_factory=list)
    url_fragments: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class Repair:
    """One change to the extracted text, e.g. "govern ment" -> "government".

    ``where`` is ``"title"``, ``"subtitle"``, ``"text"`` (then ``paragraph`` is
    set) or ``"footnote:N"``; ``offset`` is where ``repaired`` starts in the
    final string.
    """

    where: str
    paragraph: int | None
    offset: int
    original: str
    repaired: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldSource:
    """Where one catalog field came from: the source that won, in words, and the others.

    ``source`` reads in a sentence ("the HTML meta tag article:published_time");
    ``value`` is what it said, as text; ``other`` the (source, value) of the
    evidence that lost or agreed (``archive.ingest.provenance`` words it).
    """

    field: str
    source: str
    value: str
    other: list[tuple[str, str]] = field(default_factory=list)

    def to_record(self) -> dict[str, Any]:
        """The stored form (``document.provenance``, revision 0014)."""
        return {
            "field": self.field,
            "source": self.source,
            "value": self.value,
            "other": [{"source": s, "value": v} for s, v in self.other],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """Something the pipeline could not read with confidence."""

    stage: str
    line: int | None
    raw: str
    reason: str
    field: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedDocument:
    """A parsed document, ready to be stored; problems are data, not exceptions."""

    title: str
    subtitle: str | None
    kind: str
    language: str
    published: dt.date | None
    published_raw: str | None
    authors: list[ParsedAuthor]
    publisher: str | None
    disclaimer: ParsedDisclaimer | None
    paragraphs: list[str]
    section_starts: list[int]
    footnotes: list[ParsedFootnote]
    repairs: list[Repair]
    problems: list[Problem]
    # From structured metadata (HTML <meta>, JSON-LD, front matter …); DOI lower-case.
    doi: str | None = None
    url: str | None = None
    # The format the document was read from: "text", "html", "markdown", "pdf", "docx".
    format: str = "text"
    # Where each field came from, in field order (stages/metadata.py decides).
    provenance: list[FieldSource] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The body: repaired paragraphs separated by one blank line."""
        return "\n\n".join(self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings), including ``text``."""
        result = dataclasses.asdict(self)
        result["published"] = self.published.isoformat() if self.published else None
        result["text"] = self.text
        return result
