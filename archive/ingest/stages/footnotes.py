"""Assemble the endnotes from the lines after the body.

Accepted: see ``notes_split``.  A line opens a new note when its leading number
is the next one expected.  Any other line continues the note above, so wrapped
lines that start with a number ("1998, vol. 2, …", "12, 2019,") stay in their
note, except:

* a number a little ahead opens a note (a gap: a note really missing) when the
  previous line looks finished, the text opens like a note (a word or a
  quotation mark, not "(2019): 199-515.") and the number expected next does
  not open a later line before the number after this one does; while the
  expected number is still to come, "… vol.\n21 (2019): 199-515." under note 19
  is note 19's wrapped line;
* a number equal to the last (a duplicate) opens a note when the previous line
  looks finished.

A line ending "vol.", "no.", "pp." … is never finished: its number is on the
next line.  So a line starting with the next number ("no.\n3 (2011): 4.") is a
wrapped line when the line before awaits a number and the text does not open
like a note, or when it is doubtful — it follows an unfinished line, or its
text does not open like a note (capital letter or quotation mark) — and the same
number opens a later line before the number after it does.  Should a doubtful
note still be followed by its number again, it is folded back into the note it
continued.  Remaining gaps and duplicates are reported.
"""

import bisect
import re

from archive.ingest.stages.notes_split import NOTE_START, note_number
from archive.ingest.working import NoteDraft, WorkingDocument

__all__ = ["MAX_GAP", "run"]

MAX_GAP = 5  # further ahead than this, a leading number is part of the text
_FINISHED = re.compile(r"[.!?)\]”\"’'/]$|\d{4}\W?$")
# A line ending "vol." / "no." / "pp." is waiting for its number: never finished.
_AWAITS_NUMBER = re.compile(r"\b(?:vols?|nos?|pp?|chs?|arts?|secs?|paras?|figs?|nn?|cf)\.$", re.I)
# How a note's text opens: a word or a quotation, not "(2019): 199-515." or "-12.".
_OPENS_LIKE_NOTE = re.compile(r"^(?:[^\W\d_]|[“‘\"'«\[])")


def _finished(line: str) -> bool:
    return bool(_FINISHED.search(line)) and not _AWAITS_NUMBER.search(line)


def _opens_note(
    number: int, text: str, last: int, previous: str, expected_later: bool, again_later: bool
) -> bool:
    """Whether a line starting with ``number`` opens a note (see the module docstring)."""
    if number == last + 1:
        if _AWAITS_NUMBER.search(previous) and not _OPENS_LIKE_NOTE.match(text):
            return False  # "… vol." / "22 (1951): 243-557.": the number it waited for
        # A doubtful one while the same number opens a later line is a wrapped line.
        return not (again_later and _doubtful(previous, text))
    if last + 1 < number <= last + MAX_GAP:
        return not expected_later and _finished(previous) and bool(_OPENS_LIKE_NOTE.match(text))
    return number == last and _finished(previous)


def _join(text: str, line: str) -> str:
    # A wrapped line is one space; a line-end hyphen is left for the hyphen stage.
    return f"{text} {line}" if text else line


def _doubtful(previous: str, text: str) -> bool:
    unfinished = bool(previous) and not _finished(previous)
    return unfinished or not (text[:1].isupper() or text[:1] in "“‘\"'")


def _fold_back(notes: list[NoteDraft]) -> None:
    """Fold the last note back into the note before it, whose wrapped line it was."""
    folded = notes.pop()
    first_rest = NOTE_START.sub("", folded.raw, count=1)
    notes[-1].text = _join(notes[-1].text, folded.raw + folded.text[len(first_rest) :])


class _Openings:
    """Where each number opens a line (a candidate note start), to look ahead."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.at: dict[int, list[int]] = {}
        for index, (_, line) in enumerate(lines):
            if match := NOTE_START.match(line):
                self.at.setdefault(note_number(match), []).append(index)

    def next(self, number: int, after: int) -> int | None:
        """The first line after ``after`` that ``number`` opens, or None."""
        found = self.at.get(number, [])
        at = bisect.bisect_right(found, after)
        return found[at] if at < len(found) else None

    def comes_before(self, number: int, other: int, after: int) -> bool:
        """``number`` opens a later line, before ``other`` next does: the sequence's order."""
        first, then = self.next(number, after), self.next(other, after)
        return first is not None and (then is None or first < then)


def _collect(lines: list[tuple[int, str]], first: int = 1) -> list[NoteDraft]:
    notes: list[NoteDraft] = []
    doubtful: list[bool] = []  # per note: may be a wrapped line (see _doubtful)
    previous = ""
    openings = _Openings(lines)
    for index, (number, line) in enumerate(lines):
        match = NOTE_START.match(line)
        last = notes[-1].number if notes else first - 1
        found = note_number(match) if match else 0
        if match and _opens_note(
            found,
            line[match.end() :],
            last,
            previous,
            # The number expected next is still to come before the one after ``found``.
            expected_later=openings.comes_before(last + 1, found + 1, index),
            # ``found`` opens a line again before ``found + 1`` does.
            again_later=openings.comes_before(found, found + 1, index),
        ):
            if found == last and len(notes) > 1 and doubtful[-1]:
                _fold_back(notes)
                doubtful.pop()
            notes.append(NoteDraft(number=found, line=number, raw=line, text=line[match.end() :]))
            doubtful.append(_doubtful(previous, line[match.end() :]))
        elif notes:
            notes[-1].text = _join(notes[-1].text, line)
        previous = line
    return notes


def _check_numbering(doc: WorkingDocument) -> None:
    last = doc.first_note - 1
    for note in doc.notes:
        if note.number == last:
            doc.problem(
                "footnotes",
                f"duplicate note number {note.number}",
                line=note.line,
                raw=note.raw,
                field="footnotes",
            )
        elif note.number > last + 1:
            missing = ", ".join(str(n) for n in range(last + 1, note.number))
            doc.problem(
                "footnotes",
                f"note numbering gap: no note {missing}",
                line=note.line,
                raw=note.raw,
                field="footnotes",
            )
        last = note.number


def run(doc: WorkingDocument) -> None:
    doc.notes = _collect(doc.note_lines, doc.first_note)
    _check_numbering(doc)
