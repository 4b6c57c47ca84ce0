"""Span edits on a string that keep earlier recorded offsets valid.

Stages change text (remove note markers, join split words, rejoin URLs) after
other stages have recorded offsets into it.  :func:`apply_edits` returns the new
string plus a function mapping any old offset to the new string, so every
recorded offset can be moved along.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["Edit", "apply_edits"]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement``; ``repair`` says whether to record it."""

    start: int
    end: int
    replacement: str
    repair: bool = True


def apply_edits(
    text: str, edits: Sequence[Edit]
) -> tuple[str, list[tuple[Edit, int]], Callable[[int], int]]:
    """Apply non-overlapping edits; return (new text, (edit, new start) pairs, offset map).

    Edits are applied in start order.  An old offset at or after an edit's end
    moves by that edit's change in length; an offset inside a replaced span
    moves to the start of its replacement.
    """
    ordered = sorted(edits, key=lambda e: e.start)
    pieces: list[str] = []
    new_starts: list[int] = []
    ends: list[int] = []
    deltas: list[int] = []
    position = delta = 0
    for edit in ordered:
        pieces += [text[position : edit.start], edit.replacement]
        new_starts.append(edit.start + delta)
        delta += len(edit.replacement) - (edit.end - edit.start)
        ends.append(edit.end)
        deltas.append(delta)
        position = edit.end
    pieces.append(text[position:])

    def remap(offset: int) -> int:
        index = bisect_right(ends, offset)
        moved = offset + (deltas[index - 1] if index else 0)
        inside = index < len(ordered) and ordered[index].start < offset
        return new_starts[index] if inside else moved

    return "".join(pieces), list(zip(ordered, new_starts, strict=True)), remap
