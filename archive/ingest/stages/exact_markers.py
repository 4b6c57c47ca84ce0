"""Anchor notes at the markers a structured reader placed exactly.

Readers of HTML, Markdown and DOCX know where each note reference stands (a
``<sup>`` link, ``[^n]``, a footnote reference run) and write it as
``MARK_OPEN number MARK_CLOSE`` (see :mod:`archive.ingest.working`).  This
stage removes every such marker from the title, the body and the notes, and
anchors each note at its first marker in the body.  A note without a marker,
or a marker without a note, is reported as the plain-text stage reports it.
For plain text and PDF (``exact_markers`` unset) it does nothing: the
heuristic ``markers`` stage runs instead.
"""

import re

from archive.ingest.edits import Edit
from archive.ingest.working import MARK_CLOSE, MARK_OPEN, WorkingDocument

__all__ = ["run", "strip_marks"]

_MARK = re.compile(f"{MARK_OPEN}(\\d+){MARK_CLOSE}")  # any count of notes


def strip_marks(text: str) -> str:
    """``text`` without any exact marker (for values read outside the stages)."""
    return _MARK.sub("", text)


def run(doc: WorkingDocument) -> None:
    if not doc.exact_markers:
        return
    waiting = {note.number: note for note in reversed(doc.notes)}
    numbers = set(waiting)
    for where, index in doc.targets():
        text = doc.get(where, index)
        marks = list(_MARK.finditer(text))
        if not marks:
            continue
        starts = doc.edit(where, index, [Edit(m.start(), m.end(), "", repair=False) for m in marks])
        if where != "text" or index is None:
            continue
        for mark, start in zip(marks, starts, strict=True):
            number = int(mark.group(1))
            if number not in numbers:
                doc.problem(
                    "markers",
                    f"marker {number} has no note",
                    line=doc.paragraphs[index].line_at(mark.start()),
                    field="footnotes",
                )
            note = waiting.pop(number, None)
            if note is not None:
                note.paragraph, note.offset = index + 1, start
    for note in sorted(waiting.values(), key=lambda n: n.number):
        doc.problem(
            "markers",
            f"note {note.number} has no marker in the text",
            line=note.line,
            raw=note.raw,
            field="footnotes",
        )
