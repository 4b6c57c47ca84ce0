"""Values made safe for XML metadata: characters, language tags, links.

Text extracted from PDFs and Word files may hold control characters XML 1.0
cannot carry; lxml refuses them, and one such footnote would break a whole page
of a harvest.  They are dropped here (the stored record keeps them).  Escaping
``<``, ``&`` and quotes is lxml's job: every value goes in as text, never as
markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["http_links", "language_tag", "xml_text"]

# Everything outside XML 1.0's Char production.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPACE = re.compile(r"\s")
# xs:language (RFC 3066 shape), what xml:lang accepts.
_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")


def xml_text(value: str) -> str:
    return _NOT_XML.sub("", value) if _NOT_XML.search(value) else value


def language_tag(value: str | None) -> str | None:
    """``value`` if it can stand in ``xml:lang`` and says something (not ``und``), else None."""
    if not value or value.lower() == "und" or not _LANGUAGE.fullmatch(value):
        return None
    return value


def http_links(urls: Iterable[str | None]) -> list[str]:
    """The http(s) links among ``urls``, each once, in order (no other scheme is ever linked)."""
    seen: dict[str, None] = {}
    for url in urls:
        if url and url[:8].lower().startswith(("http://", "https://")) and not _SPACE.search(url):
            seen.setdefault(xml_text(url))
    return list(seen)
