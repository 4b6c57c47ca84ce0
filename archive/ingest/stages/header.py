"""A header block of "Key: value" lines at the top of a text: metadata, not body.

Plain texts often open with a mail or RFC 822 style header ("Date: …",
"From: A <a@x>", "Subject: …") or a document header ("Title: …", "Author: …",
"Created: 07-Mar-2002", "Status: …", "Type: …").  Accepted: the first block
(or the one after a title line) whose every line is "Key: value" or the
continuation of one (indented, or not itself a key), with at least two keys
of which at least one names a title, an author or a date.  Its fields become
the document's hints, each with its line in words ("the header line
'Created:'"), and the block leaves the body.  When it states a title and the
next block does not print one, the title is put where the front stage looks
for it, so the body keeps its first heading.

Also here: a title underlined Setext-style ("Title" over "=====") loses its
underline, a reStructuredText title its over- and underline; reStructuredText
bibliographic fields (":Author: A", ":Date: …") are such a header.
"""

from __future__ import annotations

import re

from archive.ingest.readers.common import parse_date, squash
from archive.ingest.working import Block, Hints, WorkingDocument

__all__ = ["parse_header", "run"]

# "Key: value", or a reStructuredText field (":Author: value", its bibliographic fields).
_KEY = re.compile(r"^:?(?P<key>[A-Za-z][A-Za-z -]{0,24}):(?:\s+(?P<value>\S.*))?$")
_UNDERLINE = re.compile(r"^[=\-~^*#]{3,}$")
_TITLE_KEYS = ("title",)  # a mail's "Subject:" names the thread, not the document
_AUTHOR_KEYS = ("author", "authors", "from", "by")
_DATE_KEYS = ("date", "created", "published", "posted", "updated")
_NAMING = (*_TITLE_KEYS, *_AUTHOR_KEYS, *_DATE_KEYS)
# "barry@x.org (Barry Warsaw)", "Linus Torvalds <torvalds@x.org>"
_PAREN_NAME = re.compile(r"\S+@\S+\s*\(([^)]+)\)")
_ANGLE_NAME = re.compile(r"([^,<>]+?)\s*<[^>]*>")


def parse_header(lines: list[str]) -> dict[str, str] | None:
    """{lower-case key: value} of a header block, or None when the block is not one."""
    fields: dict[str, str] = {}
    last: str | None = None
    for line in lines:
        match = _KEY.match(line.strip())
        if match and match.group("value") is not None:
            last = match.group("key").lower()
            fields.setdefault(last, squash(match.group("value")))
        elif match:  # "Key:" with its value on the next lines
            last = match.group("key").lower()
            fields.setdefault(last, "")
        elif last is not None and line[:1].isspace():
            fields[last] = squash(f"{fields[last]} {line}")
        else:
            return None
    # One field is enough when it is a reStructuredText field that names an author or date.
    fielded = all(line.strip().startswith(":") for line in lines if _KEY.match(line.strip()))
    if len(fields) < (1 if fielded else 2) or not any(key in fields for key in _NAMING):
        return None
    return fields


def _names(value: str) -> list[str]:
    found = _PAREN_NAME.findall(value) or _ANGLE_NAME.findall(value)
    if found:
        return [squash(name).strip(" ,\"'") for name in found if squash(name)]
    if "@" in value:
        return []
    return [squash(part) for part in re.split(r"\s*,\s*|\s+and\s+", value) if squash(part)]


def _date(value: str) -> tuple[object, str | None]:
    cleaned = re.sub(r"\([^)]*\)", "", value)
    cleaned = re.sub(r"\s[+-]\d{4}\b", "", cleaned).strip()
    return parse_date(cleaned)


def _hints(fields: dict[str, str]) -> Hints:
    hints = Hints(source="the header at the top of the text")
    for key in _TITLE_KEYS:
        if fields.get(key):
            hints.title = fields[key]
            hints.sources["title"] = f"the header line “{key.capitalize()}:”"
            break
    for key in _AUTHOR_KEYS:
        names = _names(fields.get(key, ""))
        if names:
            hints.authors = names
            hints.sources["authors"] = f"the header line “{key.capitalize()}:”"
            break
    for key in _DATE_KEYS:
        if fields.get(key):
            date, raw = _date(fields[key])
            if date or raw:
                hints.published, hints.published_raw = date, raw  # type: ignore[assignment]
                hints.sources["published"] = f"the header line “{key.capitalize()}:”"
                break
    if fields.get("type") and fields.get("status"):
        # A proposal or standards document states its type and status in its header.
        hints.kind, hints.kind_source = "report", "the header lines “Status:” and “Type:”"
    return hints


def _merge(doc: WorkingDocument, found: Hints) -> None:
    """Fill the hints the format left empty (a structured reader's own come first)."""
    hints = doc.hints
    for name in ("title", "published", "published_raw"):
        if getattr(hints, name) is None and getattr(found, name) is not None:
            setattr(hints, name, getattr(found, name))
            if name in found.sources:
                hints.sources[name] = found.sources[name]
    if not hints.authors and found.authors:
        hints.authors = found.authors
        hints.sources["authors"] = found.sources["authors"]
    if found.published is None and found.published_raw and "published" in found.sources:
        hints.sources.setdefault("published", found.sources["published"])
    if hints.kind is None and found.kind:
        hints.kind, hints.kind_source = found.kind, found.kind_source
    if not hints.source:
        hints.source = found.source


def _strip_underlines(blocks: list[Block]) -> None:
    """A Setext underline goes; so do a reStructuredText title's over- and underline."""
    for block in blocks[:3]:
        if len(block.lines) == 2 and _UNDERLINE.match(block.lines[1]):
            block.lines.pop()
        elif (len(block.lines) == 3 and _UNDERLINE.match(block.lines[0])
              and block.lines[0] == block.lines[2]):
            block.lines[:] = [block.lines[1]]
            block.first_line += 1


def run(doc: WorkingDocument) -> None:
    blocks = doc.body_blocks
    if not blocks:
        return
    for at in (0, 1):
        if at >= len(blocks):
            return
        block = blocks[at]
        # The source lines, unstripped: an indented line continues the field above it.
        raw = doc.lines[block.first_line - 1 : block.first_line - 1 + len(block.lines)]
        fields = parse_header(raw if len(raw) == len(block.lines) else block.lines)
        if fields is None:
            continue
        header = blocks.pop(at)
        found = _hints(fields)
        _merge(doc, found)
        doc.front.append(("header", header))
        _strip_underlines(blocks)
        title = found.title
        if at == 0 and title and blocks and squash(blocks[0].text).casefold() != title.casefold():
            blocks.insert(0, Block(lines=[title], first_line=header.first_line, blank_before=0))
            doc.explicit_title = title
        return
    _strip_underlines(blocks)
