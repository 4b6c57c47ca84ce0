"""Collect the web addresses cited in the notes, rejoining ones broken by a space.

A URL is "http(s)://" followed by non-space characters.  When extraction put
a space inside its host ("http://example. org/2019/report") the pieces are
rejoined, recorded as a repair.  A URL is complete when its host has a dot and
an alphabetic top-level label; anything else is kept as a fragment, as are
bare pieces of addresses: paths ("reports/2020", "policy-brief/"), file
names (".pdf"), percent-encoded text, and lower-case hyphenated slugs.  A
slug anywhere needs five or more words (shorter ones are ordinary compounds:
"step-by-step", "state-of-the-art"); the note's last token, where a cut-off
URL's tail sits, needs three, or two when it stands alone after the citation's
closing comma or stop ("… May 3, 2019. flood-map").
"""

import re
from urllib.parse import urlsplit

from archive.ingest.edits import Edit
from archive.ingest.working import NoteDraft, WorkingDocument

__all__ = ["classify_token", "rejoin_urls", "run"]

# A URL whose host is cut after a dot, then the rest of the host.
_BROKEN = re.compile(r"(https?://[^\s/]*\.) ((?:[a-z0-9-]+\.)*[a-z]{2,}(?:[/:?#]\S*)?)(?=\s|$)")
_URL = re.compile(r"https?://\S*")
_TRAILING = ".,;:)]”’\"'"
_PATH = re.compile(r"^[\w%.~+=&?#-]*(?:/[\w%.~+=&?#-]*)+$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+/?$")
_SLUG_WORDS, _SLUG_WORDS_AT_END, _SLUG_WORDS_ALONE = 5, 3, 2
_FILE = re.compile(r"\.(?:pdf|html?|php|aspx?|jsp)$", re.I)
_HOST = re.compile(r"^(?:[\w-]+\.)+[a-z]{2,}(?::\d+)?$", re.I)


def rejoin_urls(text: str) -> list[Edit]:
    """Edits closing the space inside each broken host."""
    return [Edit(m.start(), m.end(), m.group(1) + m.group(2)) for m in _BROKEN.finditer(text)]


def _is_complete(url: str) -> bool:
    return bool(_HOST.match(urlsplit(url).netloc))


def _is_slug(token: str, last: bool, alone: bool) -> bool:
    if not (_SLUG.match(token) and re.search(r"[a-z]", token)):
        return False
    needed = _SLUG_WORDS_ALONE if alone else _SLUG_WORDS_AT_END if last else _SLUG_WORDS
    return token.count("-") + 1 >= needed


def _is_fragment(token: str, last: bool, alone: bool) -> bool:
    if _PATH.match(token):
        # "and/or", dates ("3/4/2021") and document symbols ("A/RES/70/1") are not addresses.
        return bool(re.search(r"[a-z]", token)) and bool(re.search(r"[\d%-]|/$|/.*/", token))
    return bool(
        _is_slug(token, last, alone) or _FILE.search(token) or re.search(r"%[0-9A-F]{2}", token)
    )


def _trimmed(token: str) -> str:
    # Brackets and sentence punctuation around an address are not part of it; a final "/" is.
    return token.lstrip("(<[“‘\"'").rstrip(_TRAILING)


def classify_token(token: str, *, last: bool = False, alone: bool = False) -> str | None:
    """ "url", "fragment" or None for one trimmed token.

    ``last``: the token ends the note; ``alone``: it ends the note and follows
    a token ending in a comma or stop.
    """
    if not ("/" in token or "-" in token or "%" in token or "." in token):
        return None  # the common case: an ordinary word
    if _URL.match(token):
        return "url" if _is_complete(token) else "fragment"
    return "fragment" if len(token) >= 4 and _is_fragment(token, last, alone) else None


def _collect(note: NoteDraft) -> None:
    raw_tokens = note.text.split()
    tokens = [_trimmed(raw) for raw in raw_tokens]
    for position, token in enumerate(tokens, start=1):
        last = position == len(tokens)
        alone = last and position > 1 and raw_tokens[-2][-1] in ",."
        kind = classify_token(token, last=last, alone=alone)
        if kind == "url":
            note.urls.append(token)
        elif kind == "fragment":
            note.url_fragments.append(token)


def run(doc: WorkingDocument) -> None:
    for index, note in enumerate(doc.notes):
        doc.edit(f"footnote:{note.number}", index, rejoin_urls(note.text))
        _collect(note)
