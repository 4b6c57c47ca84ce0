"""How ingest recognises "the same" title, DOI or URL across sources."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

__all__ = ["fold", "normalize_doi", "normalize_url"]

_DOI = re.compile(r"10\.\d{4,9}/\S+", re.I)


def fold(text: str) -> str:
    """NFKC, case-folded, single spaces, no surrounding punctuation."""
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return folded.strip(" .,;:")


def normalize_doi(value: object) -> str | None:
    """ "https://doi.org/10.1000/XYZ" or "doi:10.1000/xyz" -> "10.1000/xyz"; None if none."""
    if not isinstance(value, str):
        return None
    match = _DOI.search(value.strip())
    return match.group().rstrip(".,;").lower() if match else None


def normalize_url(value: object) -> str | None:
    """An http(s) URL with a lower-case scheme and host and no fragment; None otherwise."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in value:
        return None
    if len(value) > 1000:
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))
