"""Where a document's fields came from, in words a librarian reads.

Ingest stores one entry a field in ``document.provenance`` (revision 0014):
``{"field", "source", "value", "other": [{"source", "value"}]}``, each source
already in words ("the HTML meta tag article:published_time").  This module
turns the stored list into sentences for the admin:

    Date: from the HTML meta tag article:published_time ("2021-03-04");
    the dateline under the title said "4 March 2021".

No HTML here: the admin escapes what it prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["FIELD_LABELS", "describe", "sentence"]

FIELD_LABELS: dict[str, str] = {
    "title": "Title",
    "subtitle": "Subtitle",
    "authors": "Authors",
    "published": "Date",
    "publisher": "Publisher",
    "disclaimer": "Disclaimer",
    "kind": "Kind",
}

_SHOWN = 120  # characters of a value quoted in a sentence


def _quoted(value: str) -> str:
    value = " ".join(str(value).split())
    return f"“{value[:_SHOWN]}…”" if len(value) > _SHOWN else f"“{value}”"


def sentence(entry: Mapping[str, Any]) -> str:
    """One stored entry as a sentence."""
    label = FIELD_LABELS.get(str(entry.get("field")), str(entry.get("field")).capitalize())
    source, value = entry.get("source") or "an unrecorded source", entry.get("value") or ""
    text = f"{label}: from {source}"
    if value:
        text += f" ({_quoted(value)})"
    others = [o for o in entry.get("other") or () if isinstance(o, Mapping)]
    if others:
        said = "; ".join(
            f"{o.get('source') or 'another source'} said {_quoted(o.get('value') or '')}"
            for o in others
        )
        text += f"; {said}"
    return text + "."


def describe(entries: Iterable[Mapping[str, Any]] | None) -> list[str]:
    """Every entry as a sentence, in stored order; [] when nothing was recorded."""
    return [sentence(entry) for entry in entries or () if isinstance(entry, Mapping)]
