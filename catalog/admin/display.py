"""Stored structures of a document shown as people read them, not as JSON.

``repairs`` and ``section_starts`` are lists the ingest wrote; the admin shows
them read-only.  Escaping is left to ``format_html``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

__all__ = ["created_summary", "describe_repairs", "describe_section_starts"]

# How many paragraphs of a document a section list quotes before "and N more".
QUOTED = 40


def describe_repairs(repairs: Iterable[Mapping[str, Any]] | None) -> SafeString | str:
    """ "erupt ed → erupted (paragraph 3)", one line per repair."""
    rows = list(repairs or [])
    if not rows:
        return "none"
    return format_html(
        '<ul class="repairs">{}</ul>',
        format_html_join(
            "", "<li><del>{}</del> → <ins>{}</ins> ({})</li>",
            ((r.get("original", ""), r.get("repaired", ""), _where(r)) for r in rows),
        ),
    )


def _where(repair: Mapping[str, Any]) -> str:
    place = str(repair.get("where") or "text")
    paragraph = repair.get("paragraph")
    if place in ("text", "body") and paragraph is not None:
        return f"paragraph {paragraph}"
    return place if paragraph is None else f"{place}, paragraph {paragraph}"


def describe_section_starts(starts: Iterable[int] | None, text: str) -> SafeString | str:
    """The paragraphs that open a section, numbered from 1, with their first words."""
    indexes = list(starts or [])
    if not indexes:
        return "no sections"
    paragraphs = text.split("\n\n")
    shown = [
        (index + 1, _opening(paragraphs[index]) if 0 <= index < len(paragraphs) else "")
        for index in indexes[:QUOTED]
    ]
    more = f"and {len(indexes) - QUOTED} more" if len(indexes) > QUOTED else ""
    return format_html(
        '<ol class="section-starts">{}</ol>{}',
        format_html_join("", "<li>paragraph {}: “{}”</li>", shown),
        more,
    )


def _opening(paragraph: str, words: int = 8) -> str:
    parts = paragraph.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def created_summary(labels: Iterable[str]) -> list[str]:
    """ "document", "author 1", "footnote 2"… as "document; 2 authors; 43 footnotes", in order."""
    counts: Counter[str] = Counter()
    order: list[str] = []
    for label in labels:
        kind = label.split(" ", 1)[0]
        if kind not in counts:
            order.append(kind)
        counts[kind] += 1
    rank = {kind: i for i, kind in enumerate(_ORDER)}
    order.sort(key=lambda kind: (rank.get(kind, len(rank)), kind))
    return [kind if counts[kind] == 1 else f"{counts[kind]} {kind}s" for kind in order]


# A document first, then what hangs on it, in the order of its page.
_ORDER = ("document", "author", "affiliation", "disclaimer", "footnote", "citation", "problem")
