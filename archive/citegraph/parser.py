"""Parse notes and references into citations: tokenise, label, group, build CSL items.

``parse_note(text)`` reads one note on its own; ``parse_notes(texts)`` reads
the notes of one document in order and resolves short forms and "Ibid." to the
full citations they stand for (:mod:`archive.citegraph.resolve`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from archive.citegraph.citation import Citation
from archive.citegraph.csl import build_item, names_a_work
from archive.citegraph.model import Labeller, default_labeller
from archive.citegraph.resolve import resolve_document
from archive.citegraph.segment import Draft, group_citations
from archive.citegraph.tokens import Token, tokenize

__all__ = ["NoteCitations", "parse_note", "parse_notes"]


def _confidence(draft: Draft, confidences: list[float]) -> float:
    """The least sure field of the citation: the mean label probability of its weakest segment."""
    means = [sum(confidences[s.start:s.end]) / (s.end - s.start) for s in draft.segments]
    return round(min(means), 3) if means else 0.0


def _citation(draft: Draft, tokens: list[Token], text: str, confidences: list[float]) -> Citation:
    first, last = tokens[draft.segments[0].start], tokens[draft.segments[-1].end - 1]
    return Citation(
        item=build_item(draft, tokens, text),
        span=(first.start, last.end),
        confidence=_confidence(draft, confidences),
        form="ibid" if draft.ibid else "full",
    )


def parse_note(text: str, labeller: Labeller | None = None) -> list[Citation]:
    """The citations in one note or reference, in order (none for pure commentary)."""
    tokens = tokenize(text)
    if not tokens:
        return []
    labelled = (labeller or default_labeller()).label(tokens)
    drafts = group_citations(labelled.labels, [token.text for token in tokens])
    citations = [_citation(draft, tokens, text, labelled.confidences) for draft in drafts]
    return [c for c in citations if c.form == "ibid" or names_a_work(c.item)]


def parse_notes(texts: Sequence[str], labeller: Labeller | None = None) -> list[list[Citation]]:
    """The citations of each note of one document, short forms and ibid resolved."""
    return resolve_document([parse_note(text, labeller) for text in texts])


@dataclass(frozen=True, slots=True)
class NoteCitations:
    """A document's notes parsed into citations before its write transaction opens.

    Parsing is the costly part of linking citations and needs no database, so ingest
    does it beside the rest of parsing: the transaction (one writer at a time on
    SQLite) then only writes.  ``texts`` are the notes it was parsed from, in order;
    a store that ends with other notes (a correction that kept old ones) parses again.
    """

    texts: tuple[str, ...]
    citations: tuple[list[Citation], ...]

    @classmethod
    def parse(cls, texts: Sequence[str], labeller: Labeller | None = None) -> NoteCitations:
        return cls(tuple(texts), tuple(parse_notes(texts, labeller)))

    def of(self, texts: Sequence[str]) -> list[list[Citation]] | None:
        """The citations of exactly these notes, or None when they are not the ones parsed."""
        return list(self.citations) if tuple(texts) == self.texts else None
