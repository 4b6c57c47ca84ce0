"""Find the note markers in the body, remove them and anchor each note.

Accepted: a marker is a note number (any count of notes) glued to the end of a word
or to the punctuation closing a sentence or quotation ("in 2019.1 Prices",
"said “enough.”12 The", "rose.”7" at a paragraph end), followed by a space or the
paragraph end; or superscript digits ("day.¹ Boats"); or a number in brackets,
"[1]" (spaced or glued; reStructuredText's "[1]_" too, taken in any order since it
names its note), or in parentheses glued to
the text ("it.(1) Several", "rights(6)") — a spaced "(1)" opens a list item.
A number glued to a letter ("go1", "python3") is a marker only when that note
exists: a name's own digit otherwise, never a marker without its note.  In a
document with a reference list (a "References" or "Bibliography" heading), a
bracketed number that names no note is a citation of that list ("[6]", and the
list's own "[6] A. Author, …" labels), not a marker without its note.
Markers run in order through the text, so a candidate is taken only when it is
the next number expected, or a note a few numbers ahead (a marker lost in
extraction).  Numbers glued to a digit and a stop or comma
("12.5", "40,200", "1988.12") are markers only when they are exactly the next
note, that note exists, and a new sentence or the paragraph end follows.
"""

import re
from dataclasses import dataclass

from archive.ingest.edits import Edit
from archive.ingest.stages.footnotes import MAX_GAP
from archive.ingest.working import NoteDraft, WorkingDocument

__all__ = ["Marker", "find_markers", "run"]

# ASCII digits then a space or the end; what precedes is checked in Python,
# which is much faster than a look-behind tried at every position.
_CANDIDATE = re.compile(r"[0-9]{1,6}(?=\s|$)")
_SUPERSCRIPT = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4}")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_BRACKETED = re.compile(r"\[([0-9]{1,4})\]_?|(?<=\S)\(([0-9]{1,4})\)")
_NEXT = re.compile(r"\S")
_IDENTIFIER = re.compile(r"\d[^\W\d_]")
_CLOSING = frozenset(".,;:!?)]”’\"'")
# The heading of a reference list (a paragraph of its own).
_REFERENCE_LIST = re.compile(
    r"(?i)^(?:\d+\.?\s+)?(?:references|bibliography|works\s+cited|literature\s+cited)$")


def _glued(text: str, start: int) -> bool:
    """Glued to a lower-case letter ("G20" is no marker) or closing punctuation.

    Not the end of an identifier whose digits run into letters ("e26954v1") or of
    a web address ("https://x.org/v1"): those digits are part of the token.
    """
    before = text[start - 1] if start else " "
    if not (before in _CLOSING or (before.isalpha() and before.islower())):
        return False
    token = text[text.rfind(" ", 0, start) + 1 : start]
    return not (_IDENTIFIER.search(token) or "://" in token or token.startswith("www."))


@dataclass(frozen=True, slots=True)
class Marker:
    paragraph: int  # 0-based index
    start: int
    end: int
    number: int


def _after_number(text: str, start: int) -> bool:
    """True for "76.|92": the candidate follows a digit and a stop/comma (a decimal)."""
    return start >= 2 and not text[start - 1].isalpha() and text[start - 2].isdigit()


def _sentence_follows(text: str, end: int) -> bool:
    """The paragraph ends or the next word opens a sentence or a quotation."""
    following = _NEXT.search(text, end)
    return following is None or following.group().isupper() or following.group() in "“‘\"'(["


def _accept(number: int, last: int, notes: set[int], decimal_like: bool) -> bool:
    if decimal_like:  # the caller has checked that a sentence follows
        return number == last + 1 and number in notes
    return number == last + 1 or (last < number <= last + MAX_GAP and number in notes)


def find_markers(
    paragraphs: list[str], notes: set[int], citations: bool = False
) -> list[Marker]:
    """Markers in reading order; ``notes`` are the note numbers that exist.

    ``citations``: the document has a reference list, so a bracketed number that
    is no note cites it.
    """
    found: list[Marker] = []
    last = 0
    for index, text in enumerate(paragraphs):
        for start, end, number, decimal_like, explicit in _candidates(text):
            if citations and number not in notes and text[end - 1 : end] in "]_":
                continue  # "[6]": an entry of the reference list, cited
            if explicit and number in notes:
                # reST's "[3]_" names its note: a marker in any order (a later
                # section may cite an earlier reference).
                found.append(Marker(index, start, end, number))
                last = max(last, number)
            elif text[start - 1 : start].isalpha() and number not in notes:
                continue  # "go1", "python3": a word's own digit, unless that note exists
            elif _accept(number, last, notes, decimal_like):
                found.append(Marker(index, start, end, number))
                last = number
    return found


def _candidates(text: str) -> list[tuple[int, int, int, bool, bool]]:
    """(start, end, number, decimal-like, explicit) of every possible marker, in text
    order; explicit: reStructuredText's "[n]_" reference, which no prose reads like."""
    found = []
    for match in _CANDIDATE.finditer(text):
        if not _glued(text, match.start()):
            continue
        decimal_like = _after_number(text, match.start())
        if decimal_like and not _sentence_follows(text, match.end()):
            continue
        found.append((match.start(), match.end(), int(match.group()), decimal_like, False))
    for match in _SUPERSCRIPT.finditer(text):
        # Set as superscript: a marker wherever it stands (an exponent, "m²", is not the
        # next note and is left alone by the sequence).
        if match.start() and not text[match.start() - 1].isdigit():
            found.append((match.start(), match.end(),
                          int(match.group().translate(_SUPERSCRIPTS)), False, False))
    if "[" in text or "(" in text:
        for match in _BRACKETED.finditer(text):
            start = match.start()
            if match.group(2) and not (text[start - 1].isalpha() or text[start - 1] in _CLOSING):
                continue  # "x (1)" spaced, "f(1)" after a digit or symbol: not a marker
            while start and text[start - 1] == " ":
                start -= 1  # "the list [1]," leaves "the list,"
            found.append((start, match.end(), int(match.group(1) or match.group(2)), False,
                          match.group().endswith("_")))
    found.sort()
    return found


def _anchor(doc: WorkingDocument, markers: list[Marker]) -> None:
    waiting: dict[int, NoteDraft] = {}
    for note in reversed(doc.notes):  # first note of a duplicated number wins
        waiting[note.number] = note
    by_paragraph: dict[int, list[Marker]] = {}
    for marker in markers:
        by_paragraph.setdefault(marker.paragraph, []).append(marker)
    for index, mine in sorted(by_paragraph.items()):
        starts = doc.edit("text", index, [Edit(m.start, m.end, "", repair=False) for m in mine])
        for marker, start in zip(mine, starts, strict=True):
            note = waiting.pop(marker.number, None)
            if note is not None:
                note.paragraph, note.offset = index + 1, start
    _report_unmarked(doc, waiting)


def _report_unmarked(doc: WorkingDocument, waiting: dict[int, NoteDraft]) -> None:
    for note in sorted(waiting.values(), key=lambda n: n.number):
        doc.problem(
            "markers",
            f"note {note.number} has no marker in the text",
            line=note.line,
            raw=note.raw,
            field="footnotes",
        )


def run(doc: WorkingDocument) -> None:
    if doc.exact_markers:  # placed by a structured reader: stages/exact_markers.py
        return
    numbers = {note.number for note in doc.notes}
    texts = [p.text for p in doc.paragraphs]
    markers = find_markers(texts, numbers, any(_REFERENCE_LIST.match(t) for t in texts))
    for marker in markers:
        if marker.number not in numbers:
            line = doc.paragraphs[marker.paragraph].line_at(marker.start)
            doc.problem(
                "markers",
                f"marker {marker.number} has no note",
                line=line,
                raw=doc.source_line(line),
                field="footnotes",
            )
    _anchor(doc, markers)
