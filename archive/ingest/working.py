"""The mutable document the stages share while a file is being parsed.

Each stage reads what earlier stages left here and adds its own part; the
driver turns the finished state into a frozen :class:`ParsedDocument`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from archive.ingest.document import (
    FieldSource,
    ParsedAuthor,
    ParsedDisclaimer,
    ParsedDocument,
    ParsedFootnote,
    Problem,
    Repair,
)
from archive.ingest.edits import Edit, apply_edits

__all__ = [
    "MARK_CLOSE",
    "MARK_OPEN",
    "Block",
    "Hints",
    "NoteDraft",
    "Paragraph",
    "WorkingDocument",
]

# A reader that knows where a note marker stands (an HTML <sup> link, a DOCX
# footnote reference, a Markdown [^n]) writes it as MARK_OPEN + number +
# MARK_CLOSE: private-use characters, which the structured markers stage
# removes and anchors exactly, instead of guessing from bare digits.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"


@dataclass(slots=True)
class Hints:
    """Metadata a structured format states; reconciled with the text (stages/metadata.py)."""

    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    published: dt.date | None = None
    published_raw: str | None = None
    publisher: str | None = None
    doi: str | None = None
    url: str | None = None
    source: str = ""  # where the hints came from, for problem reports
    # Where each field above came from, in words ("the HTML meta tag og:title"),
    # by field name; a field missing here came from ``source``.
    sources: dict[str, str] = field(default_factory=dict)
    # Affiliations structured metadata states, by author name as in ``authors``.
    affiliations: dict[str, list[str]] = field(default_factory=dict)
    # What the format says the document is (JSON-LD @type, a front matter layout),
    # as a kind code of archive/kinds.py, and the words saying where.
    kind: str | None = None
    kind_source: str | None = None
    # The site's own name (og:site_name): a title part naming it is not the title.
    site_name: str | None = None
    # False for metadata often wrong (PDF properties: "Microsoft Word - draft1.docx"):
    # it fills gaps but never contradicts the text.
    trusted: bool = True


@dataclass(slots=True)
class Block:
    """Consecutive non-blank source lines; ``first_line`` is 1-based."""

    lines: list[str]
    first_line: int
    blank_before: int

    @property
    def text(self) -> str:
        return " ".join(self.lines)


@dataclass(slots=True)
class Paragraph:
    """A body paragraph and, for each joined source line, its number and start offset."""

    text: str
    lines: list[tuple[int, int]]

    def line_at(self, offset: int) -> int:
        """The source line that held ``offset`` before any edit (stages use it early)."""
        return max((n for n, start in self.lines if start <= offset), default=self.lines[0][0])


@dataclass(slots=True)
class NoteDraft:
    """An endnote being assembled; ``paragraph`` is 1-based once anchored."""

    number: int
    line: int
    raw: str
    text: str
    paragraph: int | None = None
    offset: int | None = None
    urls: list[str] = field(default_factory=list)
    url_fragments: list[str] = field(default_factory=list)


@dataclass(slots=True)
class WorkingDocument:
    """Everything known about the document so far."""

    data: bytes
    filename: str
    text: str = ""
    lines: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    body_blocks: list[Block] = field(default_factory=list)
    note_lines: list[tuple[int, str]] = field(default_factory=list)
    front: list[tuple[str, Block]] = field(default_factory=list)
    title: str = ""
    subtitle: str | None = None
    authors: list[ParsedAuthor] = field(default_factory=list)
    published: dt.date | None = None
    published_raw: str | None = None
    # The other reading of an ambiguous numeric date ("03/04/2015"; stages/dateline.py).
    published_alternative: dt.date | None = None
    disclaimer: ParsedDisclaimer | None = None
    publisher: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    section_starts: list[int] = field(default_factory=list)
    notes: list[NoteDraft] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    language: str = "und"
    kind: str = "article"
    # Set by readers of structured formats: the text is already decoded, the
    # metadata they found, and whether note markers are exact (see MARK_OPEN).
    decoded: bool = False
    format: str = "text"
    hints: Hints = field(default_factory=Hints)
    exact_markers: bool = False
    # With exact markers: the 1-based line of the "Notes" heading the reader wrote
    # (None: the document has no notes, whatever its last paragraphs look like).
    notes_heading_line: int | None = None
    # The 1-based lines of the headings the format marks (a Word Heading style, an
    # HTML <h2>, a Markdown "##"): a heading is never a byline, whatever it reads like.
    heading_lines: frozenset[int] = frozenset()
    # The number of the first note, when a structured reader knows it is not 1
    # (the notes of a book chapter that run on from the chapter before).
    first_note: int = 1
    # The title a structured reader was told (<h1>, front matter, the Title style),
    # written as the first line: the title whatever it reads like ("By Land and Sea").
    explicit_title: str | None = None
    # Where the reader found it, in words, when not the format's usual place (a Word
    # file's page header rather than its Title paragraph).
    explicit_title_source: str | None = None
    # Lines a reader saw printed above the title on the first page (a PDF's masthead:
    # the issuing body, the series and its number, a "Policy Brief" label), as printed;
    # the reader writes them after the title, where the front stage sets them apart.
    masthead: list[str] = field(default_factory=list)
    doi: str | None = None
    url: str | None = None
    # Where each field came from (stages/metadata.py and stages/kind.py write it).
    provenance: dict[str, FieldSource] = field(default_factory=dict)

    def hint_source(self, name: str) -> str:
        """Where the hint ``name`` came from, in words."""
        return self.hints.sources.get(name) or self.hints.source or "the document's metadata"

    def problem(
        self,
        stage: str,
        reason: str,
        *,
        line: int | None = None,
        raw: str = "",
        field: str | None = None,
    ) -> None:
        """Record something the stage could not read with confidence."""
        self.problems.append(Problem(stage=stage, line=line, raw=raw, reason=reason, field=field))

    def front_block(self, kind: str) -> Block | None:
        """The first front-matter block classified as ``kind``."""
        return next((block for k, block in self.front if k == kind), None)

    def source_line(self, number: int | None) -> str:
        """The decoded source line ``number`` (1-based), or "" when unknown."""
        if number is None or not 0 < number <= len(self.lines):
            return ""
        return self.lines[number - 1]

    # -- edited strings -------------------------------------------------------

    def targets(self) -> list[tuple[str, int | None]]:
        """Every repairable string as (where, paragraph index 0-based or None)."""
        found: list[tuple[str, int | None]] = [("title", None)]
        if self.subtitle is not None:
            found.append(("subtitle", None))
        found += [("text", i) for i in range(len(self.paragraphs))]
        found += [(f"footnote:{note.number}", i) for i, note in enumerate(self.notes)]
        return found

    def get(self, where: str, index: int | None) -> str:
        """The current text of one target from :meth:`targets`."""
        if where == "title":
            return self.title
        if where == "subtitle":
            return self.subtitle or ""
        assert index is not None
        return self.paragraphs[index].text if where == "text" else self.notes[index].text

    def _set(self, where: str, index: int | None, value: str) -> None:
        if where == "title":
            self.title = value
        elif where == "subtitle":
            self.subtitle = value
        else:
            assert index is not None
            if where == "text":
                self.paragraphs[index].text = value
            else:
                self.notes[index].text = value

    def edit(self, where: str, index: int | None, edits: Sequence[Edit]) -> list[int]:
        """Apply edits to one string, move every offset recorded in it, record repairs.

        Returns the new start offset of each edit, in start order.
        """
        if not edits:
            return []
        old = self.get(where, index)
        new, placed, remap = apply_edits(old, edits)
        self._set(where, index, new)
        paragraph = index + 1 if where == "text" and index is not None else None
        self._move_offsets(where, paragraph, remap)
        for edit, start in placed:
            if edit.repair:
                self.repairs.append(
                    Repair(
                        where=where,
                        paragraph=paragraph,
                        offset=start,
                        original=old[edit.start : edit.end],
                        repaired=edit.replacement,
                    )
                )
        return [start for _, start in placed]

    def _move_offsets(self, where: str, paragraph: int | None, move: Callable[[int], int]) -> None:
        self.repairs = [
            replace(r, offset=move(r.offset)) if (r.where, r.paragraph) == (where, paragraph) else r
            for r in self.repairs
        ]
        if where == "text":
            for note in self.notes:
                if note.paragraph == paragraph and note.offset is not None:
                    note.offset = move(note.offset)

    # -- result ---------------------------------------------------------------

    def finish(self) -> ParsedDocument:
        """Freeze the state into the public result."""
        return ParsedDocument(
            title=self.title,
            subtitle=self.subtitle,
            kind=self.kind,
            language=self.language,
            published=self.published,
            published_raw=self.published_raw,
            authors=list(self.authors),
            publisher=self.publisher,
            disclaimer=self.disclaimer,
            paragraphs=[p.text for p in self.paragraphs],
            section_starts=list(self.section_starts),
            footnotes=[_footnote(n) for n in self.notes],
            repairs=sorted(self.repairs, key=_repair_order),
            problems=list(self.problems),
            doi=self.doi,
            url=self.url,
            format=self.format,
            provenance=[self.provenance[name] for name in _FIELD_ORDER if name in self.provenance],
        )


_FIELD_ORDER = ("title", "subtitle", "authors", "published", "publisher", "disclaimer", "kind")


def _footnote(note: NoteDraft) -> ParsedFootnote:
    return ParsedFootnote(
        number=note.number,
        text=note.text,
        paragraph=note.paragraph,
        offset=note.offset,
        urls=list(note.urls),
        url_fragments=list(note.url_fragments),
    )


def _repair_order(repair: Repair) -> tuple[int, int, int, int]:
    # Reading order: title, subtitle, body paragraphs, then notes by number.
    rank = {"title": 0, "subtitle": 1, "text": 2}.get(repair.where, 3)
    number = int(repair.where.split(":")[1]) if rank == 3 else 0
    return rank, repair.paragraph or 0, number, repair.offset
