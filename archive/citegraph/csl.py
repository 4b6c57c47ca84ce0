"""A CSL-JSON item from the labelled segments of one citation.

Each field's text is cut out of the note exactly (``text[start:end]``), then
cleaned the way a reference manager would store it: quotes and the
punctuation that separated it from the next field removed, names split into
family and given parts (:mod:`archive.citegraph.names`), dates into date-parts
(:mod:`archive.citegraph.dates`), "no. 2 vol.64" into volume and issue, page
ranges with a plain hyphen.  The item's ``type`` follows from which fields are
present (a journal → ``article-journal``, a publisher and no container →
``book`` …).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from archive.citegraph.dates import parse_date
from archive.citegraph.names import parse_names
from archive.citegraph.segment import Draft
from archive.citegraph.tokens import Token

__all__ = ["build_item", "clean_url", "field_texts", "names_a_work"]

_QUOTES = "\"'“”‘’«»„‚`´"
_EDGE = " \t,;:.·/" + _QUOTES
_DASHES = re.compile(r"\s*[‐‑‒–—−-]+\s*")
_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]+", re.I)
_HOST = re.compile(r"^(?:[\w-]+\.)+[a-z]{2,}(?::\d+)?$", re.I)
_ACCESSED = re.compile(r"\b(?:accessed|retrieved|consulted|viewed)\b(?:\s+on)?\s*(.*)", re.I)


def field_texts(draft: Draft, tokens: list[Token], text: str) -> dict[str, list[str]]:
    """The exact text of each labelled segment, by label, in order."""
    texts: dict[str, list[str]] = defaultdict(list)
    for segment in draft.segments:
        texts[segment.label].append(text[tokens[segment.start].start:tokens[segment.end - 1].end])
    return texts


def _balance(value: str) -> str:
    """Drop a bracket that the segment cut off from its partner: "(Montreal" → "Montreal"."""
    for opening, closing in ("()", "[]"):
        while value.count(opening) > value.count(closing) and opening in value:
            at = value.index(opening)
            value = value[:at] + value[at + 1:]
        while value.count(closing) > value.count(opening) and closing in value:
            at = value.rindex(closing)
            value = value[:at] + value[at + 1:]
    return value


def _clean(value: str, keep_final: str = "") -> str:
    value = " ".join(value.split())
    previous = None
    while previous != value:
        previous = value
        value = _balance(value).strip(_EDGE + "()[]" if not keep_final else _EDGE)
        if value.startswith(("(", "[")) and value.endswith((")", "]")) and len(value) > 2:
            value = value[1:-1]
    if keep_final and previous and previous.rstrip(_EDGE).endswith(tuple(keep_final)):
        value = value.rstrip(_EDGE)
    return value


def _title(value: str) -> str:
    value = " ".join(value.split())
    value = _balance(value)
    stripped = value.strip(" ,;:." + _QUOTES)
    # A title keeps its own question or exclamation mark: "Clash of Civilizations?,”".
    return stripped


def _container(value: str) -> str:
    value = re.sub(r"^\s*(?:in|en|dans)\s*:?\s+", "", value, flags=re.I)
    return _title(_clean(value) if value.strip().startswith(("(", "[")) else value)


def _pages(value: str) -> str:
    value = re.sub(r"^\W*(?:pp?|pages?|s|seiten?)\.?\s*", "", _clean(value), flags=re.I)
    return _DASHES.sub("-", value).strip(" .,;:")


def _volume_issue(texts: list[str]) -> dict[str, str]:
    joined = " ".join(texts)
    found: dict[str, str] = {}
    if match := re.search(r"\b(?:vol(?:ume)?|bd|jg|t)\.?\s*(\w+)", joined, re.I):
        found["volume"] = match.group(1)
    if match := re.search(r"\b(?:no|nos|nr|num|number|iss(?:ue)?|heft|h)\.?\s*(\w+)", joined,
                          re.I):
        found["issue"] = match.group(1)
    if "volume" not in found:
        if match := re.search(r"(\d+)\s*[(:]\s*(\w+(?:[-–/]\w+)?)\)?", joined):
            found["volume"] = match.group(1)
            found.setdefault("issue", match.group(2))
        elif match := re.search(r"\b(\d+|[IVXLC]+)\b", joined):
            found["volume"] = match.group(1)
    return found


def clean_url(value: str) -> str | None:
    """An http(s) URL from a URL segment, or None for a fragment that is no address."""
    value = value.strip().strip("<>").rstrip(".,;:)]”’\"'")
    value = re.sub(r"^(?:url|available|at|from|online)\s*:?\s*", "", value, flags=re.I)
    if value.lower().startswith("www."):
        value = "http://" + value
    match = re.match(r"^(https?)://([^/\s?#]+)(\S*)$", value, re.I)
    if not match or not _HOST.match(match.group(2)):
        return None
    return value


def _doi(texts: list[str]) -> str | None:
    for value in texts:
        if match := _DOI.search(value):
            return match.group().rstrip(".,;:)]").lower()
    return None


def _accessed(notes: list[str]) -> dict[str, Any] | None:
    for note in notes:
        if (match := _ACCESSED.search(note)) and (date := parse_date(match.group(1))):
            return date
    return None


def _type(item: dict[str, Any], texts: dict[str, list[str]]) -> str:
    genre = " ".join(texts.get("genre", [])).lower()
    if re.search(r"thesis|dissertation|diss\.|phd", genre):
        return "thesis"
    container = item.get("container-title", "").lower()
    if re.search(r"proceedings|conference|symposium|workshop|congress", container):
        return "paper-conference"
    if texts.get("journal"):
        return "article-journal"
    if container:
        if texts.get("editor") or item.get("publisher"):
            return "chapter"
        parts = (item.get("issued") or {}).get("date-parts", [[]])[0]
        return "article-newspaper" if len(parts) == 3 else "article-journal"
    if re.search(r"report|working paper|brief", genre):
        return "report"
    if item.get("publisher") or item.get("publisher-place"):
        return "book"
    if item.get("URL"):
        return "webpage"
    return "document"


_WORK_FIELDS = ("title", "author", "editor", "container-title", "URL", "DOI")


def names_a_work(item: dict[str, Any]) -> bool:
    """Whether a parsed item names something a reader could find (not only a URL fragment)."""
    return any(item.get(key) for key in _WORK_FIELDS)


def build_item(draft: Draft, tokens: list[Token], text: str) -> dict[str, Any]:
    """The CSL-JSON fields of ``draft`` (no ``id``: the caller numbers items)."""
    texts = field_texts(draft, tokens, text)
    item: dict[str, Any] = {}
    for role in ("author", "editor", "translator"):
        names = parse_names(" ".join(texts.get(role, [])))
        if names:
            item[role] = names
    if texts.get("title"):
        item["title"] = _title(" ".join(texts["title"]))
    containers = texts.get("journal", []) + texts.get("container-title", [])
    if containers:
        item["container-title"] = _container(" ".join(containers))
    for label, key in (("collection-title", "collection-title"), ("publisher", "publisher"),
                       ("location", "publisher-place"), ("edition", "edition"),
                       ("genre", "genre"), ("source", "source"), ("isbn", "ISBN"),
                       ("citation-number", "citation-number")):
        if texts.get(label):
            value = _clean(" ".join(texts[label]))
            if value:
                item[key] = value
    if texts.get("date"):
        if date := parse_date(" ".join(texts["date"])):
            item["issued"] = date
    if texts.get("volume"):
        item |= _volume_issue(texts["volume"])
    if texts.get("pages"):
        pages = _pages(" ".join(texts["pages"]))
        if pages:
            item["page"] = pages
    urls = [url for value in texts.get("url", []) if (url := clean_url(value))]
    if urls:
        item["URL"] = urls[0]
    if doi := _doi(texts.get("doi", []) + texts.get("url", [])):
        item["DOI"] = doi
    notes = texts.get("note", [])
    if accessed := _accessed(notes):
        item["accessed"] = accessed
    if notes and not draft.ibid:
        item["note"] = _clean(" ".join(notes))
    item["type"] = _type(item, texts)
    return {key: value for key, value in item.items() if value not in ("", None, [], {})}
