"""Markdown reader: front matter, body and ``[^n]`` footnotes -> the working document.

* Front matter: YAML between ``---`` lines or TOML between ``+++`` lines at the
  very start (at most ``front_matter_bytes``; YAML through the bounded loader of
  :mod:`archive.ingest.bounded_yaml`, and a file whose YAML would expand past its
  bounds, an alias bomb, is refused: :class:`LimitExceeded`); keys ``title``, ``subtitle``,
  ``author``/``authors``/``by``, ``date``/``published``, ``publisher``, ``doi``,
  ``url``/``canonical_url`` become ``doc.hints``.  A front matter that does not
  parse is a problem of the document, not a failure: the body is still read.
* Body: markdown-it-py (CommonMark) with the footnote plugin; the first ``#``
  heading is the title, other headings open sections; ``[^label]`` references
  become exact note markers, numbered in order of first reference, and their
  definitions the notes.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from archive.ingest.bounded_yaml import YamlRefused, load_bounded
from archive.ingest.encoding import decode_text
from archive.ingest.errors import LimitExceeded
from archive.ingest.keys import normalize_doi, normalize_url
from archive.ingest.limits import DEFAULT_LIMITS, IngestLimits
from archive.ingest.readers.common import (
    Rendered,
    mark,
    parse_date,
    render,
    split_names,
    squash,
    typed_notes,
)
from archive.ingest.working import Hints, WorkingDocument

__all__ = ["read_markdown", "split_front_matter"]

_YAML = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
_TOML = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.S)


@cache
def _parser() -> MarkdownIt:
    # Built once: setting up the rules costs more than parsing a short article.
    return MarkdownIt("commonmark", {"maxNesting": 20}).use(footnote_plugin)


def split_front_matter(text: str, limit: int) -> tuple[dict[str, Any] | None, str, str | None]:
    """(front matter, body, problem) of a Markdown text; :class:`YamlRefused` for a YAML bomb."""
    for pattern, kind in ((_YAML, "YAML"), (_TOML, "TOML")):
        match = pattern.match(text[: limit + 16])
        if match is None:
            continue
        body = text[match.end() :]
        raw = match.group(1) or ""
        try:
            value = load_bounded(raw) if kind == "YAML" else tomllib.loads(raw)
        except YamlRefused:
            raise
        except (yaml.YAMLError, tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:
            return None, body, f"{kind} front matter does not parse: {str(exc)[:200]}"
        if value is None:
            return {}, body, None
        if not isinstance(value, dict):
            return None, body, f"{kind} front matter is not a mapping"
        return value, body, None
    if text.startswith(("---", "+++")) and len(text) > limit:
        return None, text, f"front matter longer than {limit} bytes"
    return _header_block(text, limit)


# "title: …" / "date: 2018-05-26 17:00" lines opening the file without "---" fences.
_HEADER_LINE = re.compile(r"^[A-Za-z][\w-]{0,30}:(?:\s.*)?$")
_HEADER_KEYS = frozenset({"title", "date", "author", "authors", "published", "subtitle"})


def _header_block(text: str, limit: int) -> tuple[dict[str, Any] | None, str, str | None]:
    """A leading block of "key: value" lines naming a title, author or date: front matter."""
    head, blank, body = text[: limit + 1].partition("\n\n")
    lines = head.split("\n")
    if not blank or len(head) > limit or len(lines) < 2:
        return None, text, None
    if not all(_HEADER_LINE.match(line) or line[:1] in (" ", "\t", "-") for line in lines):
        return None, text, None
    keys = {line.split(":", 1)[0].strip().lower() for line in lines if _HEADER_LINE.match(line)}
    if len(keys & _HEADER_KEYS) < 2:
        return None, text, None
    try:
        value = load_bounded(head)
    except YamlRefused:
        raise
    except (yaml.YAMLError, RecursionError, ValueError):
        return None, text, None  # prose that happens to contain colons
    if not isinstance(value, dict):
        return None, text, None
    return value, text[len(head) + len(blank):], None


# A dated permalink ("2025/09/24/slug"): the post's date when no key states one.
_DATED_PATH = re.compile(r"(?:^|/)((?:19|20)\d\d)/(\d\d)/(\d\d)(?:/|$)")
_POST_LAYOUTS = frozenset({"post", "posts", "blog", "blog-post", "article"})


def _affiliations(front: dict[str, Any]) -> dict[str, list[str]]:
    """{author name: [organisation]} from ``authors: [{name, affiliation: "1, 2"}]`` and
    ``affiliations: [{name, index}]`` (the Journal of Open Source Software's layout)."""
    listed = front.get("affiliations")
    authors = front.get("authors") or front.get("author")
    if not isinstance(listed, list) or not isinstance(authors, list):
        return {}
    by_index = {
        str(item.get("index")).strip(): squash(str(item["name"]))
        for item in listed
        if isinstance(item, dict) and item.get("name") and item.get("index") is not None
    }
    found: dict[str, list[str]] = {}
    for author in authors:
        if not isinstance(author, dict) or not isinstance(author.get("name"), str):
            continue
        keys = re.split(r"\s*,\s*", str(author.get("affiliation") or ""))
        organisations = [by_index[k] for k in keys if k in by_index]
        if organisations:
            found[squash(author["name"])] = organisations
    return found


def _front_kind(front: dict[str, Any], dated: bool) -> tuple[str | None, str | None]:
    layout = str(front.get("layout") or front.get("type") or "").strip().lower()
    if layout in _POST_LAYOUTS - {"article"}:
        return "blog-post", f"the front matter's layout “{layout}”"
    has_authors = any(front.get(k) for k in ("author", "authors"))
    if dated and has_authors and any(front.get(k) for k in ("tags", "categories", "slug", "path")) \
            and not front.get("bibliography"):
        # A dated, signed entry filed under tags or a permalink: how blog engines store posts.
        return "blog-post", "the front matter of a dated, signed, tagged post"
    return None, None


def _hints(front: dict[str, Any]) -> Hints:
    def key(*keys: str) -> str | None:
        return next((k for k in keys if front.get(k) not in (None, "", [])), None)

    def get(*keys: str) -> Any:
        found = key(*keys)
        return front[found] if found else None

    sources: dict[str, str] = {}

    def said(field: str, *keys: str) -> Any:
        found = key(*keys)
        if found:
            sources[field] = f"the front matter's “{found}”"
        return front[found] if found else None

    # "by:" is the author list of Go-style site front matter ("by: [Ann Lee, Bo Chen]").
    authors = said("authors", "authors", "author", "creator", "by")
    published, raw = parse_date(said("published", "date", "published", "publication_date",
                                     "pubdate", "pubDate", "publishDate", "publish_date",
                                     "date_published", "datePublished", "issued", "created"))
    if published is None and raw is None:
        path = str(get("path", "permalink", "url", "slug") or "")
        dated = _DATED_PATH.search(path)
        if dated:
            published, raw = parse_date("-".join(dated.groups()))
            sources["published"] = "the date in the front matter's permalink"
    title, subtitle = said("title", "title"), said("subtitle", "subtitle")
    publisher = said("publisher", "publisher", "site")
    kind, kind_source = _front_kind(front, bool(published or raw))
    return Hints(
        title=squash(str(title)) if title is not None else None,
        subtitle=squash(str(subtitle)) if subtitle is not None else None,
        authors=split_names(authors if isinstance(authors, list) else [authors]),
        published=published,
        published_raw=raw,
        publisher=squash(str(publisher)) if isinstance(publisher, str) else None,
        doi=normalize_doi(get("doi") or (get("params") or {}).get("doi")
                          if isinstance(get("params") or {}, dict) else get("doi")),
        url=normalize_url(get("url", "canonical_url", "canonical", "link")),
        source="the front matter",
        sources=sources,
        affiliations=_affiliations(front),
        kind=kind,
        kind_source=kind_source,
    )


def _inline(token: Token, in_note: bool = False) -> str:
    pieces: list[str] = []
    href: str | None = None
    start = 0
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            pieces.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(" ")
        elif child.type == "footnote_ref":
            pieces.append(mark(int(child.meta["id"]) + 1))
        elif child.type == "image":
            pieces.append(child.content)
        elif child.type == "link_open":
            href = str(child.attrs.get("href") or "")
            start = len(pieces)
        elif child.type == "link_close" and href:
            # A note cites its address: keep it when the link text does not show it.
            if in_note and href.startswith("http") and href not in "".join(pieces[start:]):
                pieces.append(f" {href}")
            href = None
    return "".join(pieces)


def _walk(tokens: list[Token], rendered: Rendered, notes: dict[int, list[str]]) -> None:
    note: int | None = None
    heading: str | None = None
    number = ""  # an ordered list item's number, for its first line ("2. …", as printed)
    for token in tokens:
        if token.type == "list_item_open" and token.info:
            number = f"{token.info}{token.markup} "
        elif token.type == "footnote_open":
            note = int(token.meta["id"]) + 1
            notes.setdefault(note, [])
        elif token.type == "footnote_close":
            note = None
        elif token.type == "heading_open":
            heading = token.tag
        elif token.type == "heading_close":
            heading = None
        elif token.type == "inline":
            text = _inline(token, in_note=note is not None)
            if note is not None:
                notes[note].append(text)
            elif heading == "h1" and rendered.title is None and not rendered.blocks:
                rendered.title = squash(text)
            else:
                rendered.add(number + text, new_section=heading is not None)
            number = ""
        elif token.type in ("fence", "code_block") and note is None:
            rendered.add(token.content)


_PANDOC_LINE = re.compile(r"^%[ \t]*(.*)$")


def _pandoc_title_block(body: str) -> tuple[dict[str, Any], str]:
    """Pandoc's title block ("% Title" / "% Author; Author" / "% Date" as the first
    lines) as front matter, and the text after it; ({}, body) when there is none."""
    lines = body.lstrip("\n").split("\n")
    found: list[str] = []
    for line in lines[:3]:
        match = _PANDOC_LINE.match(line)
        if match is None:
            break
        found.append(match.group(1).strip())
    if not found or not found[0]:
        return {}, body
    front: dict[str, Any] = {"title": found[0]}
    if len(found) > 1 and found[1]:
        front["author"] = [name.strip() for name in found[1].split(";") if name.strip()]
    if len(found) > 2 and found[2]:
        front["date"] = found[2]
    return front, "\n".join(lines[len(found):])


def read_markdown(
    data: bytes, filename: str, limits: IngestLimits = DEFAULT_LIMITS
) -> WorkingDocument:
    """Parse ``data`` as Markdown; raises :class:`DecodeError`, or :class:`LimitExceeded` for
    a YAML front matter that would expand past its bounds."""
    text = decode_text(data, filename).replace("\r\n", "\n").replace("\r", "\n")
    try:
        front, body, problem = split_front_matter(text, limits.front_matter_bytes)
    except YamlRefused as refused:
        raise LimitExceeded(filename, f"YAML front matter refused: {refused}", "markdown") from None
    if not front:
        front, body = _pandoc_title_block(body)
    hints = _hints(front) if front else Hints(source="front matter")
    parser = _parser()
    rendered = Rendered()
    notes: dict[int, list[str]] = {}
    _walk(parser.parse(body), rendered, notes)
    rendered.notes = [" ".join(notes.get(n, [])) for n in range(1, max(notes, default=0) + 1)]
    doc = render(rendered, data, filename, "markdown", hints)
    if not rendered.notes and typed_notes(rendered.blocks):
        doc.exact_markers, doc.notes_heading_line = False, None  # the plain-text note stages
    if problem:
        doc.problem("front matter", problem, line=1, field="metadata")
    return doc
