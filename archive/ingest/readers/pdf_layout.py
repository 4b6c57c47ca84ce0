"""Rebuild a PDF's document from its laid-out lines: what the font sizes and baselines tell.

The worker (:mod:`archive.ingest.readers.pdf_worker`) gives each page's lines
as spans of text with their font size, baseline and style.  From them:

* **Running heads and page numbers** go: a line in the top or bottom band of
  the page whose text (digits aside) comes back on several pages, or a bare
  page number ("12", "Page 3 of 9", "- 4 -") there.
* **Note markers** are exact: a run of digits set smaller than its line and
  raised above its baseline ("century.¹") is a marker, never a number of the
  text ("in 1923.").  Digits at the level of the text are left to the
  plain-text stages, as before.
* **Notes** are the runs of lines set smaller than the body that open with a
  note number (raised, or the number expected next) and stand in the lower
  part of a page or column, plus the numbered lines under a "Notes" /
  "Endnotes" heading.  A run without a number continues the note before it
  when that note's text is unfinished.  When the body holds raised markers
  for these notes, markers and notes are written exactly (``MARK_OPEN n
  MARK_CLOSE``, the notes last under a heading) like the structured readers
  do; otherwise the notes found at page bottoms are moved to the end of the
  text and the plain-text stages read markers and notes as they always did.
* **The title** is the page-1 lines that read as the file's stated title (its
  properties) when some do; else the largest type on page 1 (consecutive lines of that size)
  when it is clearly larger than the body text (a type label such as "Research
  Article", a web address or a letter-spaced masthead is never the title), else
  a bold line among the first of the page, else the bold lines of one size right
  above the first body text; an organisation's name alone in the largest type (a
  letterhead) with large type under it is a masthead, the type under it the title;
  behind a cover sheet (page 1 a few lines in one type, nothing larger: a series'
  name, the issuer, the title, a number) the largest type of page 2.  A title line
  ending in a colon puts the lines under it apart as the subtitle; an article-type
  tag before it ("[Re] ") and a note mark after it ("… Models ∗") go.
* **Paragraphs** are rebuilt from vertical gaps, first-line indents and short
  finished lines; a line ending in a hyphen keeps it ("ocean- going"), for
  the hyphen stage to decide.  A paragraph runs on across a column or page
  break when its last line is unfinished or the next starts in lower case.
  Larger or bold short lines are headings: each opens a section.  On the title's
  page, short centred lines of different widths (a name, an affiliation, a date)
  stand apart, whatever their spacing.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from archive.ingest.stages.notes_split import is_notes_heading
from archive.ingest.working import MARK_CLOSE, MARK_OPEN

__all__ = ["Layout", "Line", "lay_out", "lines_of"]

_BAND = 0.1  # of the page height: where running heads and footers stand
_RAISED = 0.15  # of the line's size: how far above the baseline a marker stands
_SMALLER = 0.86  # a marker's or a note's size, at most, against its line or the body
_HEADING = 1.15  # a heading's size, at least, against the body
_TITLE = 1.25  # the title's size, at least, against the body
_MAX_HEADING = 150  # characters
_COLUMN_FOOT = 0.5  # of the page height: a column's last line stands below it
_SHORT_LINE = 0.8  # of the column width: a shorter last line ends its paragraph
_BOLD_TITLE_WITHIN = 4  # lines of page 1: where a title set in bold body type stands

_MARKER = re.compile(r"^\d{1,3}(?:\s*[,–-]\s*\d{1,3})*$")
_PLAIN_NOTE = re.compile(r"^(\d{1,3})[.)]?\s+(?=\S)")
_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,7})(?:\s*(?:of|/)\s*\d{1,4})?[-–—\s]*$", re.I
)
# Terminal punctuation, maybe closing quotes and a glued marker ("summer.”3").
_FINISHED = re.compile(r"[.!?…:][\"”’')\]]*\d{0,3}$")
_LINE_END_HYPHENS = ("-", "\u2010", "\u00ad")


@dataclass(slots=True)
class Span:
    text: str
    size: float
    top: float
    style: int


@dataclass(slots=True)
class Line:
    page: int
    x0: float
    x1: float
    spans: list[Span]
    size: float = 0.0
    top: float = 0.0
    page_height: float = 0.0
    page_width: float = 0.0

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans).strip()

    def raised(self, span: Span) -> bool:
        """A span set smaller than the line and above its baseline: a marker's place."""
        return span.size <= _SMALLER * self.size and self.top - span.top >= _RAISED * self.size

    @property
    def bold(self) -> bool:
        return all(s.style & 2 for s in self.spans if s.text.strip())


# A TeX font draws an accent as a glyph of its own before the letter, and the
# text layer keeps it spacing ("Universit´e", "na¨ıve", "´Ecole"): the accent and
# its letter are one character.  A grave (the backquote) only between letters.
_SPACING_ACCENTS = {"´": "\u0301", "¨": "\u0308", "ˆ": "\u0302", "˜": "\u0303",
                    "ˇ": "\u030c", "˘": "\u0306", "˚": "\u030a", "`": "\u0300"}
_ACCENTED = re.compile(r"(?:(?<=[^\W\d_])`|[´¨ˆ˜ˇ˘˚])([^\W\d_])")


def _accented(match: re.Match[str]) -> str:
    letter = "i" if match.group(1) == "ı" else match.group(1)  # the dotless i takes the accent
    composed = unicodedata.normalize("NFC", letter + _SPACING_ACCENTS[match.group()[0]])
    return composed if len(composed) == 1 else match.group()


def compose_accents(text: str) -> str:
    """``text`` with each spacing accent set before a letter joined to it ("é", "ï")."""
    return _ACCENTED.sub(_accented, text) if any(a in text for a in _SPACING_ACCENTS) else text


def _compose_accents(spans: list[Span]) -> None:
    """Join spacing accents to their letters, also when the accent ends a span."""
    for span, following in zip(spans, spans[1:], strict=False):
        if span.text[-1:] in _SPACING_ACCENTS and following.text[:1].isalpha():
            span.text, following.text = span.text[:-1], span.text[-1] + following.text
    for span in spans:
        span.text = compose_accents(span.text)


# A C1 control character is what PDFium gives for a glyph its font maps to nothing
# printable (a TeX symbol font's dagger after an author's name): no text.
_C1_CONTROLS = re.compile("[\x80-\x9f]")


_WIDE_SPACE = "\u2003"  # the worker's mark for a gap far wider than a word space
_MAX_ROW = 6  # names set side by side in one row, at most


def _wide_spaces(lines: list[Line], body: float) -> None:
    """Each line's wide gaps: between names set side by side below the title's type (a
    title page's row of authors, "Ann Lee∗   Bo Chen†"), a comma, as a byline
    separates names; anywhere else (table cells, a stretched line), a space."""
    from archive.ingest.names import is_person_like
    from archive.ingest.stages.byline import strip_markers

    for line in lines:
        text = line.text
        if _WIDE_SPACE not in text:
            continue
        parts = [strip_markers(part).strip(" ,") for part in text.split(_WIDE_SPACE)]
        row = (line.size < _TITLE * body and 2 <= len(parts) <= _MAX_ROW
               and all(is_person_like(part) for part in parts))
        for span in line.spans:
            span.text = span.text.replace(_WIDE_SPACE, ", " if row else " ")


def lines_of(pages: list[list[object]]) -> list[Line]:
    """The worker's pages as lines; a line's size and baseline are those of most of its text."""
    found: list[Line] = []
    for number, page in enumerate(pages):
        width, height, raw_lines = page  # type: ignore[misc]
        for x0, x1, raw_spans in raw_lines:  # type: ignore[union-attr]
            spans = [Span(_C1_CONTROLS.sub("", str(t)), float(s), float(top), int(st))
                     for t, s, top, st in raw_spans]
            _compose_accents(spans)
            weight: Counter[tuple[float, float]] = Counter()
            for span in spans:
                weight[(span.size, span.top)] += len(span.text.strip())
            if not weight or not any(weight.values()):
                continue
            line = Line(number, float(x0), float(x1), spans, page_height=float(height),
                        page_width=float(width))
            line.size, line.top = max(weight, key=lambda k: (weight[k], k[0]))
            found.append(line)
    return found


def _body_size(lines: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size)] += len(line.text)
    return float(sizes.most_common(1)[0][0]) if sizes else 10.0


def _in_band(line: Line) -> bool:
    return line.top < _BAND * line.page_height or line.top > (1 - _BAND) * line.page_height


def _running(lines: list[Line], pages: int, first_page: bool = False) -> set[int]:
    """Indexes of running heads, footers and page numbers (``first_page``: their copies on
    page 1 too, which are kept in the text)."""

    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", " ".join(line.text.lower().split()))

    seen: dict[str, set[int]] = {}
    for line in lines:
        if _in_band(line):
            seen.setdefault(key(line), set()).add(line.page)
    repeated = {k for k, on in seen.items() if len(on) >= max(2, round(0.3 * pages))}
    # A running head's copy on the first page stays: it often alone states the
    # periodical, the issue and the date ("Federal Register / Vol. 85 / August 6, 2020").
    return {
        i
        for i, line in enumerate(lines)
        if _in_band(line)
        and (
            _PAGE_NUMBER.match(line.text)
            or (pages > 1 and key(line) in repeated and (first_page or line.page > 0))
        )
    }


def _marker_numbers(text: str) -> list[int]:
    """The note numbers a raised run names: "3", "3,4", "3–5"."""
    numbers: list[int] = []
    for part in re.split(r"\s*,\s*", text.strip()):
        # A range "3–5" (its split keeps the dash: three parts, not two).
        ranged = re.fullmatch(r"(\d+)\s*[–-]\s*(\d+)", part)
        if ranged:
            first, last = int(ranged.group(1)), int(ranged.group(2))
            numbers += range(first, last + 1) if 0 <= last - first < 20 else [first]
        elif part.isdigit():
            numbers.append(int(part))
    return numbers


def _note_start(line: Line, expected: int) -> tuple[int, str] | None:
    """(number, text after it) when the line opens a note: a raised number, or the next one."""
    spans = [s for s in line.spans if s.text.strip()]
    if not spans:
        return None
    first = spans[0]
    if line.raised(first) and first.text.strip().isdigit():
        rest = "".join(s.text for s in line.spans[line.spans.index(first) + 1 :])
        return int(first.text.strip()), rest.strip()
    match = _PLAIN_NOTE.match(line.text)
    if match and int(match.group(1)) == expected:
        return expected, line.text[match.end() :]
    return None


@dataclass(slots=True)
class _Notes:
    texts: dict[int, str] = field(default_factory=dict)
    lines: set[int] = field(default_factory=set)
    last: int = 0
    # The page a note set at a page's foot starts on: its marker stands on that page.
    pages: dict[int, int] = field(default_factory=dict)

    starts: dict[int, int] = field(default_factory=dict)  # number -> index of its first line

    def add(self, number: int, text: str, page: int | None = None, line: int = -1) -> None:
        self.texts[number] = text
        self.last = number
        self.starts[number] = line
        if page is not None:
            self.pages[number] = page

    def extend(self, text: str) -> None:
        self.texts[self.last] = _join(self.texts[self.last], text)

    @property
    def open(self) -> bool:
        return bool(self.texts) and not _FINISHED.search(self.texts[self.last].rstrip())


def _join(before: str, after: str) -> str:
    if not before:
        return after
    if before.endswith(_LINE_END_HYPHENS):
        return before[:-1] + "- " + after.lstrip()  # the hyphen stage decides
    return before.rstrip() + " " + after.lstrip()


def _page_notes(lines: list[Line], skip: set[int], body: float, notes: _Notes) -> None:
    """Runs of small lines in the lower part of a page or column that are notes."""
    index = 0
    while index < len(lines):
        line = lines[index]
        small = line.size <= _SMALLER * body + 0.01
        if index in skip or not small or line.top < 0.4 * line.page_height:
            index += 1
            continue
        run = [index]
        while (
            run[-1] + 1 < len(lines)
            and run[-1] + 1 not in skip
            and lines[run[-1] + 1].page == line.page
            and lines[run[-1] + 1].size <= _SMALLER * body + 0.01
            and lines[run[-1] + 1].top > lines[run[-1]].top - 0.5 * body
        ):
            run.append(run[-1] + 1)
        opening = _note_start(line, notes.last + 1)
        if opening is None and not notes.open:
            index = run[-1] + 1
            continue
        for i in run:
            start = _note_start(lines[i], notes.last + 1)
            if start is not None and (start[0] == notes.last + 1 or not notes.texts):
                notes.add(*start, page=lines[i].page, line=i)
            elif notes.texts:
                notes.extend(lines[i].text)
            notes.lines.add(i)
        index = run[-1] + 1


def _end_notes(lines: list[Line], skip: set[int], body: float, notes: _Notes) -> None:
    """Numbered lines under a "Notes"/"Endnotes" heading, up to the next heading."""
    heading = next(
        (i for i, line in enumerate(lines) if i not in skip and _is_notes_heading(line.text)),
        None,
    )
    if heading is None:
        return
    for number, start in notes.starts.items():
        if start > heading:  # endnotes after all, though set small at a page's foot
            notes.pages.pop(number, None)
    taken = {heading}
    for i in range(heading + 1, len(lines)):
        if i in notes.lines:  # already read as notes at the foot of the page
            taken.add(i)
            continue
        if i in skip:
            continue
        line = lines[i]
        start = _note_start(line, notes.last + 1)
        if start is not None and start[0] == notes.last + 1:
            notes.add(*start)
        elif notes.texts and not (line.size >= _HEADING * body or _is_heading_text(line)):
            notes.extend(line.text)
        elif notes.texts:
            break
        else:
            continue
        taken.add(i)
    if len(taken) > 1:
        notes.lines |= taken


def _is_notes_heading(text: str) -> bool:
    """ "Notes", "Endnotes", "Footnotes": not a list of references, which is no notes."""
    return is_notes_heading(text) and not re.match(r"(?i)references|sources", text.strip())


def _is_heading_text(line: Line) -> bool:
    text = line.text
    return line.bold and len(text) <= _MAX_HEADING and not _FINISHED.search(text)


# Large type on page 1 that is not a title: a type label ("Research Article",
# "Proposed Rules"), a web address, a letter-spaced masthead ("R E S C I E N C E").
_NOT_TITLE = re.compile(
    r"^(?:(?:original|research|review|short|brief)\s+(?:article|paper|report|communication)|"
    r"opinion(?:\s+piece)?|perspective|commentary|editorial|letter|correspondence|"
    r"proposed\s+rules|rules\s+and\s+regulations|notices|presidential\s+documents|"
    r"(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?|(?:\S\s){3,}\S)$",
    re.I,
)


def _candidates(lines: list[Line], skip: set[int], page: int) -> list[int]:
    return [
        i
        for i, line in enumerate(lines)
        if line.page == page
        and i not in skip
        and sum(c.isalpha() for c in line.text) >= 3
        and not _NOT_TITLE.match(line.text.strip())
    ]


def _title(lines: list[Line], skip: set[int], body: float) -> list[int]:
    """Indexes of the title's lines: the largest type on page 1, when clearly larger;
    after a cover sheet, the largest type of page 2 (see :func:`_after_cover`)."""
    first = _candidates(lines, skip, 0)
    if not first:
        return []
    largest = max(lines[i].size for i in first)
    if largest < _TITLE * body:
        after_cover = _after_cover(lines, skip, body, first)
        if after_cover:
            return after_cover
        # No larger type: a bold line among the first few of the page, set like a title.
        bold = next((i for i in first[:_BOLD_TITLE_WITHIN] if _is_heading_text(lines[i])), None)
        if bold is None:
            return _bold_above_text(lines, first, body)
        if re.match(r"(?i)abstract|summary|contents", lines[bold].text):
            return []
        return [bold]
    return _first_run_in(lines, first, largest)


def _first_run_in(lines: list[Line], candidates: list[int], size: float) -> list[int]:
    """The first run of consecutive ``candidates`` set in ``size`` (a title's lines)."""
    chosen: list[int] = []
    for i in candidates:
        if abs(lines[i].size - size) <= 0.5:
            if chosen and i != chosen[-1] + 1:
                break
            chosen.append(i)
        elif chosen:
            break
    return chosen


_COVER_LINES = 20  # a cover sheet: a few lines (series, issuer, title, author, number)


def _after_cover(lines: list[Line], skip: set[int], body: float, first: list[int]) -> list[int]:
    """The title of a paper behind a cover sheet: page 1 is a few lines in one type
    with nothing larger (a series' cover: its name, the issuer, the title, the author,
    a number, a notice), and page 2 opens with type clearly larger than the body."""
    cover = [i for i in range(len(lines)) if lines[i].page == 0 and i not in skip]
    if len(cover) > _COVER_LINES:
        return []
    second = _candidates(lines, skip, 1)
    if not second:
        return []
    largest = max(lines[i].size for i in second)
    if largest < _TITLE * body or largest <= max(lines[i].size for i in first):
        return []
    return _first_run_in(lines, second, largest)


_SECTION_START = re.compile(r"(?i)^(?:abstract|summary|contents|introduction|\d+\.?\s|[ivx]+\.\s)")


def _bold_above_text(lines: list[Line], first: list[int], body: float) -> list[int]:
    """The bold lines of one size right above page 1's first body paragraph.

    A title set in bold body type under a block of bold header lines (agency,
    docket, identifiers in other sizes): the last run of one size is the title.
    """
    for at, i in enumerate(first):
        line = lines[i]
        if line.bold or abs(line.size - body) > 0.6:
            continue
        if not at or not lines[first[at - 1]].bold:
            continue  # body text not under a bold heading: look further down
        run: list[int] = []
        for j in reversed(first[:at]):
            if not lines[j].bold or (run and (abs(lines[j].size - lines[run[0]].size) > 0.1
                                              or j != run[0] - 1)):
                break
            run.insert(0, j)
        text = " ".join(lines[j].text for j in run)
        if run and len(text) <= _MAX_HEADING and not _FINISHED.search(text) and not (
                _SECTION_START.match(text)):
            return run
        return []
    return []


@dataclass(slots=True)
class Layout:
    """What the reader renders: the title, blocks (text, opens a section) and the notes."""

    title: str | None
    subtitle: str | None  # the title's lines under one that ends in a colon
    blocks: list[tuple[list[str], bool]]
    notes: dict[int, str]
    exact: bool  # markers written as MARK_OPEN n MARK_CLOSE
    masthead: list[str] = field(default_factory=list)  # page-1 lines above the title


def _line_text(line: Line, notes: _Notes, exact: bool, apart: bool) -> str:
    """The line's text; raised numbers become exact markers when they name notes.

    ``apart``: the document has no notes at all, so a raised number glued to a
    word ("Tennant¹", an affiliation or a reference) is set apart by a space
    rather than read as a note marker by the plain-text stages.
    """
    out: list[str] = []
    for span in line.spans:
        text = span.text
        if line.raised(span) and _MARKER.match(text.strip()):
            numbers = _marker_numbers(text)
            # A page-foot note's marker stands on its page: a raised "1" elsewhere (an
            # author's affiliation on the title page) is not its marker.
            if exact and all(
                n in notes.texts and notes.pages.get(n, line.page) == line.page for n in numbers
            ):
                out.append("".join(f"{MARK_OPEN}{n}{MARK_CLOSE}" for n in numbers))
                if text.endswith(" "):
                    out.append(" ")
                continue
            if apart and out and out[-1][-1:].strip():
                out.append(" ")
        out.append(text)
    return "".join(out).strip()


def _raised_numbers(lines: list[Line], skip: set[int]) -> set[int]:
    found: set[int] = set()
    for i, line in enumerate(lines):
        if i in skip:
            continue
        for span in line.spans:
            if line.raised(span) and _MARKER.match(span.text.strip()):
                found.update(_marker_numbers(span.text))
    return found


def _column_right(lines: list[Line], line: Line) -> float:
    """The right edge of the column ``line`` stands in (its page's lines starting near it)."""
    edges = [
        other.x1
        for other in lines
        if other.page == line.page and abs(other.x0 - line.x0) < 3 * line.size
    ]
    edges.sort()
    return edges[(len(edges) * 9) // 10] if edges else line.x1


def _spacing(lines: list[Line], body: float) -> float:
    """The usual distance between the baselines of two body lines."""
    gaps: Counter[float] = Counter()
    for before, after in zip(lines, lines[1:], strict=False):
        if before.page == after.page and abs(before.size - body) < 0.6:
            gap = after.top - before.top
            if 0.8 * body < gap < 3 * body:
                gaps[round(gap, 0)] += 1
    if not gaps:
        return 1.2 * body
    # The tightest common gap: paragraph gaps can outnumber line gaps in a short text.
    tight = min(gaps) * 1.3
    return float(max((g for g in gaps if g <= tight), key=lambda g: (gaps[g], -g)))


_MARK = re.compile(f"{MARK_OPEN}\\d+{MARK_CLOSE}")


def _finished(text: str) -> bool:
    return bool(_FINISHED.search(_MARK.sub("", text)))


def _gapped(lines: list[Line], spacing: float) -> bool:
    """Whether the document sets its paragraphs apart by vertical space."""
    gaps = sum(
        1
        for before, after in zip(lines, lines[1:], strict=False)
        if before.page == after.page and 1.45 * spacing < after.top - before.top < 4 * spacing
    )
    return gaps >= 2


def _line_end(text: str) -> str:
    """A line-end hyphen of any kind as "-", for the hyphen stage ("in‐" -> "in-")."""
    return text[:-1] + "-" if text.endswith(_LINE_END_HYPHENS[1:]) else text


_CENTRED = 0.015  # of the page width: how far a centred line's middle stands from the text's


def _text_blocks(lines: list[Line], keep: list[int]) -> dict[int, tuple[float, float]]:
    """The left and right edge of each page's text block (its outermost kept lines)."""
    edges: dict[int, tuple[float, float]] = {}
    for i in keep:
        line = lines[i]
        left, right = edges.get(line.page, (line.x0, line.x1))
        edges[line.page] = (min(left, line.x0), max(right, line.x1))
    return edges


def _centred_apart(before: Line, after: Line, edges: dict[int, tuple[float, float]],
                   body: float) -> bool:
    """Two short lines of the title page, each centred, of clearly different widths: a
    title page sets its names, affiliation and date lines so, one a line.  A paragraph's
    lines are not: they fill the text's width (a full line is centred too, so both must
    be short) or share one width, and its last line starts at the margin."""
    if after.page not in edges or not after.page_width:
        return False
    left, right = edges[after.page]
    middle, near, short = (left + right) / 2, _CENTRED * after.page_width, _SHORT_LINE * (
        right - left)
    return all(abs((line.x0 + line.x1) / 2 - middle) <= near and line.x1 - line.x0 < short
               for line in (before, after)) and abs(
        (after.x1 - after.x0) - (before.x1 - before.x0)) > 2 * body


def _date_alone(text: str) -> bool:
    from archive.ingest.stages.dateline import DATE_IN_LINE

    return DATE_IN_LINE.fullmatch(text.strip(" .,()")) is not None


def _paragraphs(
    lines: list[Line],
    keep: list[int],
    body: float,
    notes: _Notes,
    exact: bool,
    apart: bool,
    heads: set[int],
    title_page: int | None = None,
) -> list[tuple[list[str], bool]]:
    """Blocks of lines, each with whether it opens a section (a heading, or a wide gap)."""
    spacing = _spacing([lines[i] for i in keep], body)
    edges = _text_blocks(lines, [i for i in keep if lines[i].page == title_page])
    gapped = _gapped([lines[i] for i in keep], spacing)
    rights: dict[int, float] = {}
    blocks: list[tuple[list[str], bool]] = []
    current: list[str] = []
    section = False
    previous: Line | None = None
    previous_index = -1

    def right_of(line: Line) -> float:
        return rights.setdefault(id(line), _column_right(lines, line))

    def close() -> None:
        nonlocal current, section
        if current:
            blocks.append((current, section))
        current, section = [], False

    for i in keep:
        line = lines[i]
        text = _line_end(_line_text(line, notes, exact, apart))
        if not text:
            continue
        if len(text) <= _MAX_HEADING and (line.size >= _HEADING * body or _is_heading_text(line)):
            close()
            blocks.append(([text], True))
            previous = None
            continue
        if previous is None or not current:
            close()
            current, previous, previous_index = [text], line, i
            continue
        gap = line.top - previous.top
        last = current[-1]
        opens = False
        if line.page != previous.page or gap < -0.5 * body or gap > 4 * spacing:
            # A new page or column: the paragraph runs on unless it ended there, on a
            # finished short line, or the notes start ("1 …", "Notes").
            short = previous.x1 < previous.x0 + _SHORT_LINE * (right_of(previous) - previous.x0)
            opens_notes = _is_notes_heading(text) or bool(re.match(r"1[.)]?\s", text))
            new = _finished(last) and not text[:1].islower() and (short or opens_notes)
            # Text runs into the next column from the foot of one: a jump from higher up
            # is another block of the page (a margin column, a masthead), not a run-on.
            same_page = line.page == previous.page
            new = new or (same_page and previous.top < _COLUMN_FOOT * previous.page_height)
        elif gap > 1.45 * spacing:
            new = True
            opens = gap > 2.6 * spacing
        else:
            right = right_of(previous)
            indented = line.x0 > previous.x0 + 0.8 * body and previous.x1 >= right - 3 * body
            short = previous.x1 < right - 3 * body
            # Where paragraphs are set apart by space, a short finished line is only a
            # sentence that ended before the margin.
            new = indented or (short and _finished(last) and not gapped)
            new = new or (line.page == title_page
                          and _centred_apart(previous, line, edges, body))
            # A date alone on its line under a title page's byline or subtitle is
            # a line of its own, never the end of the sentence above it nor the start
            # of the paragraph below.
            new = new or (line.page == title_page and (_date_alone(text) or _date_alone(last)))
        new = new or abs(line.size - previous.size) > 0.05 * body  # another type size
        # A running head kept on the first page stands apart from the text under it.
        new = new or i in heads or previous_index in heads
        if new:
            close()
            current, section = [text], opens
        else:
            # A marker that wrapped to the start of the line belongs to the word before.
            lead = re.match(f"(?:{_MARK.pattern})+", text)
            if lead:
                current[-1] += lead.group()
                text = text[lead.end() :].lstrip()
            if text:
                current.append(text)
        previous, previous_index = line, i
    close()
    return blocks


def _fold(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def _stated_title_lines(lines: list[Line], skip: set[int], stated: str | None) -> list[int]:
    """Consecutive page-1 lines that read as the file's stated title (its properties):
    the metadata and the layout agree, so those lines are the title."""
    want = _fold(stated or "")
    if len(want.split()) < 2:
        return []
    first = [i for i, line in enumerate(lines) if line.page == 0 and i not in skip]
    for at, i in enumerate(first):
        text = ""
        for j in first[at : at + 4]:
            if j != i and lines[j].size != lines[i].size:
                break
            text = _fold(f"{text} {lines[j].text}")
            if text == want:
                return first[at : first.index(j) + 1]
            if not want.startswith(text):
                break
    return []


_SUBTITLE_LINES = 2


def _subtitle_lines(lines: list[Line], skip: set[int], title: list[int], body: float) -> list[int]:
    """The lines set directly under the title in type between the body's and the
    title's (a report's "Trends and Prospects" under its title): the subtitle.

    Not a date, a byline or a line of names (papers print their authors in such
    type too), nor a line under them (an affiliation, an e-mail address), nor a
    type label.
    """
    if not title:
        return []
    size = lines[title[-1]].size
    found: list[int] = []
    for i in range(title[-1] + 1, min(len(lines), title[-1] + 1 + _SUBTITLE_LINES)):
        line = lines[i]
        if i in skip or line.page != lines[title[-1]].page:
            break
        if found and abs(line.size - lines[found[0]].size) > 0.1:
            break
        if not (_HEADING * body <= line.size <= size - 0.5 * _TITLE) or _SECTION_START.match(
                line.text):
            break
        if "@" in line.text or _names_or_date(line.text):
            break  # each line, not only the whole: "Ann Lee" over "Department of X"
        found.append(i)
    text = " ".join(lines[i].text for i in found)
    if not found or len(text) > _MAX_HEADING or _NOT_TITLE.match(text) or _names_or_date(text):
        return []
    return found


def _names_or_date(text: str) -> bool:
    from archive.ingest.names import is_person_like
    from archive.ingest.stages import byline, dateline

    parts = [p for p in re.split(r"\s*(?:,|;|&|\band\b)\s*", byline.strip_markers(text)) if p]
    return (byline.looks_like(text) or dateline.looks_like(text)
            or bool(dateline.DATE_IN_LINE.search(text))
            or (bool(parts) and all(is_person_like(p) for p in parts)))


def _organisation_name(text: str) -> bool:
    """A line that is only an organisation's name ("WESTMERE HARBOUR INSTITUTE",
    "Federal Reserve Bank of Leith"): capitalised words ending in an organisation's
    word, or such a word with "of" and a place.  A title naming one among other
    words ("The Bank of Leith and the Crisis") is no name."""
    from archive.ingest.names import ORGANISATION

    words = text.split()
    if not 1 < len(words) <= 8 or any(ch.isdigit() for ch in text):
        return False
    found = [m for m in ORGANISATION.finditer(text)]
    if not found or not all(w[:1].isupper() or w.lower() in ("of", "for", "and", "&")
                            for w in words):
        return False
    rest = text[found[-1].end():].strip()
    return not rest or re.fullmatch(r"(?i:of|for)\s+(?:the\s+)?[A-Z][\w.'’-]*"
                                    r"(?:\s+[A-Z][\w.'’-]*){0,3}", rest) is not None


def lay_out(pages: list[list[object]], stated_title: str | None = None) -> Layout:
    """The title, paragraphs and notes of a PDF's laid-out pages."""
    lines = lines_of(pages)
    if not lines:
        return Layout(None, None, [], {}, False)
    body = _body_size(lines)
    _wide_spaces(lines, body)
    skip = _running(lines, len(pages))
    notes = _Notes()
    _page_notes(lines, skip, body, notes)
    _end_notes(lines, skip, body, notes)
    raised = _raised_numbers(lines, skip | notes.lines)
    exact = bool(raised & set(notes.texts))
    title_lines = _stated_title_lines(lines, skip | notes.lines, stated_title) or _title(
        lines, skip | notes.lines, body
    )
    under = _subtitle_lines(lines, skip | notes.lines, title_lines, body)
    if under and _organisation_name(" ".join(lines[i].text for i in title_lines)):
        # The issuer's name in the largest type (a letterhead): the title is the large
        # type under it, and the name stands above the title as a masthead does.
        title_lines = under
        under = _subtitle_lines(lines, skip | notes.lines, title_lines, body)
    title, subtitle = _title_parts([lines[i].text for i in title_lines])
    if subtitle is None and under:
        subtitle = " ".join(lines[i].text for i in under)
        title_lines = [*title_lines, *under]
    taken = skip | notes.lines | set(title_lines)
    # What stood above the title on page 1 (a masthead) follows it, as printed.
    keep = [i for i in range(len(lines)) if i not in taken]
    apart = not notes.texts and not any(_is_notes_heading(line.text) for line in lines)
    heads = _running(lines, len(pages), first_page=True) - skip
    title_page = lines[title_lines[0]].page if title_lines else None
    blocks = _paragraphs(lines, keep, body, notes, exact, apart, heads, title_page)
    masthead = [lines[i].text for i in keep if title_lines and lines[i].page == 0
                and i < title_lines[0]]
    return Layout(title, subtitle, blocks, dict(sorted(notes.texts.items())), exact, masthead)


_TYPE_TAG = re.compile(r"^\[\w{1,4}\]\s+")  # an article-type tag before the title ("[Re] ")
# A note mark closing the title ("… Models ∗", "… Growth†"): it points to the
# acknowledgement note, it is not part of the title.
_TITLE_MARK = re.compile(r"\s*[∗*†‡§¶]+$")


def _title_parts(texts: list[str]) -> tuple[str | None, str | None]:
    """(title, subtitle): a title line ending in a colon puts the lines under it apart."""
    if not texts:
        return None, None
    texts = [_TYPE_TAG.sub("", texts[0]), *texts[1:]]
    texts = [_TITLE_MARK.sub("", text) for text in texts]
    for index, text in enumerate(texts[:-1]):
        if text.endswith(":"):
            title = " ".join([*texts[:index], text[:-1]])
            return title, " ".join(texts[index + 1 :])
    return " ".join(texts), None
