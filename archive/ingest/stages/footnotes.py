"""Assemble the endnotes from the lines after the body.

Accepted: see ``notes_split``.  A line opens a new note when its leading number
is the next one expected; a number a little ahead (a gap) or equal to the last
(a duplicate) also opens one when the previous line looks finished.  Any other
line continues the note above, so wrapped lines that start with a number
("1998, vol. 2, …", "12, 2019,") stay in their note.  A wrapped line that
happens to start with the next number ("no.\n3 (2011): 4.") is first taken as
a note; when the same number then opens a line again, the first one is folded
back into the note it continued if it was doubtful: it followed an unfinished
line, or its text does not open like a note (capital letter or quotation
mark).  Remaining gaps and duplicates are reported.
"""

import re

from archive.ingest.stages.notes_split import NOTE_START
from archive.ingest.working import NoteDraft, WorkingDocument

__all__ = ["MAX_GAP", "run"]

MAX_GAP = 5  # further ahead than this, a leading number is part of the text
_FINISHED = re.compile(r"[.!?)\]”\"’'/]$|\d{4}\W?$")


def _opens_note(number: int, last: int, previous: str) -> bool:
    if number == last + 1:
        return True
    plausible = last < number <= last + MAX_GAP or number == last
    return plausible and bool(_FINISHED.search(previous))


def _join(text: str, line: str) -> str:
    # A wrapped line is one space; a line-end hyphen is left for the hyphen stage.
    return f"{text} {line}" if text else line


def _doubtful(previous: str, text: str) -> bool:
    unfinished = bool(previous) and not _FINISHED.search(previous)
    return unfinished or not (text[:1].isupper() or text[:1] in "“‘\"'")


def _fold_back(notes: list[NoteDraft]) -> None:
    """Fold the last note back into the note before it, whose wrapped line it was."""
    folded = notes.pop()
    first_rest = NOTE_START.sub("", folded.raw, count=1)
    notes[-1].text = _join(notes[-1].text, folded.raw + folded.text[len(first_rest) :])


def _collect(lines: list[tuple[int, str]]) -> list[NoteDraft]:
    notes: list[NoteDraft] = []
    doubtful: list[bool] = []  # per note: may be a wrapped line (see _doubtful)
    previous = ""
    for number, line in lines:
        match = NOTE_START.match(line)
        last = notes[-1].number if notes else 0
        if match and _opens_note(int(match.group(1)), last, previous):
            if int(match.group(1)) == last and len(notes) > 1 and doubtful[-1]:
                _fold_back(notes)
                doubtful.pop()
            notes.append(
                NoteDraft(
                    number=int(match.group(1)), line=number, raw=line, text=line[match.end() :]
                )
            )
            doubtful.append(_doubtful(previous, line[match.end() :]))
        elif notes:
            notes[-1].text = _join(notes[-1].text, line)
        previous = line
    return notes


def _check_numbering(doc: WorkingDocument) -> None:
    last = 0
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
    doc.notes = _collect(doc.note_lines)
    _check_numbering(doc)
