"""The JSON of ``manage.py parse-citations``: one ``{"citations": [CSL item, …]}`` per note.

Item ids are ``n<line>c<k>`` (the note's 1-based line, the citation's 1-based
place in it), so a short form's ``custom.refers_to`` names the full citation's
item.  Everything CSL has no variable for (the span of the note the citation
was read from, the labeller's confidence, whether it is a full citation, a
short form or an "Ibid.") is under ``custom``, as CSL-JSON 1.0.2 provides.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from archive.citegraph.citation import Citation
from archive.citegraph.model import Labeller
from archive.citegraph.parser import parse_note, parse_notes

__all__ = ["item_id", "note_lines"]


def item_id(note: int, index: int) -> str:
    """The id of the ``index``-th (0-based) citation of note ``note`` (0-based)."""
    return f"n{note + 1}c{index + 1}"


def _line(n: int, citations: list[Citation]) -> dict[str, Any]:
    return {"citations": [
        citation.csl(item_id(n, k), item_id(*citation.refers_to) if citation.refers_to else None)
        for k, citation in enumerate(citations)]}


def note_lines(texts: Sequence[str], *, document: bool = True,
               labeller: Labeller | None = None) -> list[dict[str, Any]]:
    """One JSON object per text.  ``document``: the texts are one document's notes, in
    order, so short forms and "Ibid." resolve to earlier lines; otherwise each is alone."""
    if document:
        parsed = parse_notes(texts, labeller)
    else:
        parsed = [parse_note(text, labeller) for text in texts]
    return [_line(n, citations) for n, citations in enumerate(parsed)]
