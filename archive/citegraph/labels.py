"""The labeller's vocabulary: the fields a token can belong to.

anystyle's labels, with three of its rare ones folded into their nearest kin
(``director`` is the author of a film, ``producer``/``medium`` are notes).
``note`` is also what commentary in a footnote is labelled: the prose around
citations ("For more details, see …") belongs to no cited work.
"""

from __future__ import annotations

__all__ = ["FIELD_LABELS", "LABELS", "canonical_label"]

FIELD_LABELS: tuple[str, ...] = (
    "author", "editor", "translator", "title", "container-title", "journal",
    "collection-title", "date", "pages", "volume", "edition", "publisher", "location",
    "genre", "url", "doi", "isbn", "source", "citation-number",
)
LABELS: tuple[str, ...] = (*FIELD_LABELS, "note")

_ALIASES = {"director": "author", "producer": "note", "medium": "note"}


def canonical_label(label: str) -> str:
    """Our label for one of anystyle's (``ValueError`` for a label we do not know)."""
    label = _ALIASES.get(label, label)
    if label not in LABELS:
        raise ValueError(f"unknown citation label {label!r}")
    return label
