"""Word (.docx) reader: paragraphs and real footnotes/endnotes from the package parts.

A DOCX file is a zip of XML parts.  It is opened within the archive limits
(:mod:`archive.ingest.safezip`) and its parts are parsed with lxml with
entities and network access off.  Read:

* ``word/document.xml``: the body's paragraphs in order (tables included), a
  line break (``w:br``, ``w:cr``) inside one kept as a new line of it (a
  signature's name, organisation and address lines);
  the ``Title`` style is the title, ``Subtitle`` the subtitle (set on the
  document, so no later stage takes another block for it), ``Heading N``
  opens a section; a ``w:footnoteReference``/``w:endnoteReference`` is an exact
  note marker;
* ``word/footnotes.xml`` and ``word/endnotes.xml``: the notes (separators
  skipped), numbered footnotes first then endnotes, in order of reference;
* ``docProps/core.xml``: title and creator as metadata hints.  Its dates say
  when the file was made, not when the text was published: not used.
* the first page's header (``word/header*.xml`` the first section names): when
  the body opens with a paragraph too long to be a title and no paragraph has
  the Title style, a short header text is the title (a form's or a checklist's
  name set in the page header); rules of dashes and page numbers go.

Notes typed as paragraphs (no native notes; a numbered tail, maybe under a
"Notes" heading, and markers typed as digits after the word, often raised) are
read like plain text's: when the last paragraphs are numbered notes from 1 and
the body holds a marker for note 1, the document goes to the plain-text note
and marker stages instead of having its markers placed exactly.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from archive.ingest.errors import UnreadableFile
from archive.ingest.limits import DEFAULT_LIMITS, IngestLimits
from archive.ingest.readers.common import (
    Rendered,
    mark,
    render,
    split_names,
    squash,
    typed_notes,
)
from archive.ingest.safezip import check_archive, open_archive, read_member
from archive.ingest.working import Hints, WorkingDocument

__all__ = ["read_docx"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, recover=False
)


def _xml(parts: dict[str, bytes], name: str, filename: str) -> Any | None:
    data = parts.get(name)
    if data is None:
        return None
    try:
        return etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise UnreadableFile(filename, f"damaged Word file: {name}: {exc}", "docx") from exc


def _runs_text(paragraph: Any, refs: list[tuple[str, str]] | None) -> str:
    """The paragraph's text; note references become markers (numbered by the caller)."""
    pieces: list[str] = []
    for node in paragraph.iter():
        tag = node.tag
        if tag == f"{W}t":
            pieces.append(node.text or "")
        elif tag == f"{W}cr" or tag == f"{W}br" and node.get(f"{W}type") in (
                None, "textWrapping"):
            pieces.append("\n")  # a line break within the paragraph: a new line of it
        elif tag in (f"{W}tab", f"{W}br"):
            pieces.append(" ")  # a tab, a page or column break
        elif tag in (f"{W}footnoteReference", f"{W}endnoteReference") and refs is not None:
            kind = "footnote" if tag == f"{W}footnoteReference" else "endnote"
            refs.append((kind, node.get(f"{W}id") or ""))
            pieces.append(f"\x00{len(refs) - 1}\x00")  # replaced by a numbered marker below
    return "".join(pieces)


def _style(paragraph: Any) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return (style.get(f"{W}val") or "").lower() if style is not None else ""


def _notes(root: Any | None, kind: str) -> dict[str, str]:
    if root is None:
        return {}
    found: dict[str, str] = {}
    for note in root.iter(f"{W}{kind}"):
        if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(_runs_text(p, None) for p in note.iter(f"{W}p"))
        found[note.get(f"{W}id") or ""] = squash(text)
    return found


def _hints(core: Any | None) -> Hints:
    if core is None:
        return Hints(source="document properties")
    title = core.findtext(f"{_DC}title")
    creator = core.findtext(f"{_DC}creator")
    return Hints(
        title=squash(title) if title and squash(title) else None,
        authors=split_names([creator]) if creator else [],
        source="document properties",
    )


def read_docx(data: bytes, filename: str, limits: IngestLimits = DEFAULT_LIMITS) -> WorkingDocument:
    """Parse a DOCX package; raises :class:`UnreadableFile` (or a limit) only."""
    wanted = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml", "docProps/core.xml",
              "word/_rels/document.xml.rels")
    with open_archive(data, filename, "docx") as archive:
        members = {info.filename: info for info in check_archive(archive, filename, limits, "docx")}
        budget = limits.zip_max_total_bytes
        parts: dict[str, bytes] = {}
        for name in (*wanted, *(m for m in members if re.fullmatch(r"word/header\d*\.xml", m))):
            if name in members:
                parts[name] = read_member(archive, members[name], filename, budget, "docx")
                budget -= len(parts[name])
    document = _xml(parts, "word/document.xml", filename)
    if document is None:
        raise UnreadableFile(filename, "not a Word document: no word/document.xml", "docx")
    body = document.find(f"{W}body")
    notes = {
        "footnote": _notes(_xml(parts, "word/footnotes.xml", filename), "footnote"),
        "endnote": _notes(_xml(parts, "word/endnotes.xml", filename), "endnote"),
    }
    rendered = Rendered()
    numbers: dict[tuple[str, str], int] = {}
    subtitle: str | None = None
    above: list[str] = []  # the paragraphs before the Title paragraph
    for paragraph in body.iter(f"{W}p") if body is not None else ():
        refs: list[tuple[str, str]] = []
        text = _runs_text(paragraph, refs)
        for index, ref in enumerate(refs):
            if ref not in numbers and ref[1] in notes[ref[0]]:
                numbers[ref] = len(numbers) + 1
            marker = mark(numbers[ref]) if ref in numbers else ""
            text = text.replace(f"\x00{index}\x00", marker)
        style = _style(paragraph)
        if style == "title" and rendered.title is None:
            rendered.title = squash(text)
            above = list(rendered.blocks)
        elif style == "subtitle" and subtitle is None:
            subtitle = squash(text)
        else:
            rendered.add_lines(text.split("\n"), new_section=style.startswith("heading"))
    from_header = False
    if rendered.title is None and (not rendered.blocks or len(rendered.blocks[0]) > _MAX_TITLE):
        rendered.title = _header_title(body, parts, filename)
        from_header = rendered.title is not None
    ordered = sorted(numbers.items(), key=lambda item: item[1])
    rendered.notes = [notes[kind][note_id] for (kind, note_id), _ in ordered]
    # Notes never referenced still belong to the document (reported unmarked).
    for kind in ("footnote", "endnote"):
        rendered.notes += [t for i, t in notes[kind].items() if (kind, i) not in numbers and t]
    doc = render(
        rendered, data, filename, "docx", _hints(_xml(parts, "docProps/core.xml", filename))
    )
    doc.subtitle = subtitle or None
    if len(above) <= _MAX_MASTHEAD and all(len(text) <= _MAX_TITLE for text in above):
        # A label or the issuing body set above the Title paragraph (a masthead); the
        # front stage keeps it apart from the subtitle and the byline under the title.
        doc.masthead = above
    if from_header:
        doc.explicit_title_source = "the first page's header of the Word document"
    if not rendered.notes and typed_notes(rendered.blocks):
        doc.exact_markers, doc.notes_heading_line = False, None
    return doc


_MAX_TITLE = 250  # characters: a longer first paragraph is body text (stages/front.py)
_MAX_MASTHEAD = 4  # short paragraphs above the Title paragraph, at most
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_RULE = re.compile(r"[-_=–—~*.]{3,}")
_MAX_HEADER_TITLE = 200


def _header_title(body: Any | None, parts: dict[str, bytes], filename: str) -> str | None:
    """The first page's header text, when short enough to be a title (see the module note)."""
    if body is None:
        return None
    section = next(body.iter(f"{W}sectPr"), None)
    rels = _xml(parts, "word/_rels/document.xml.rels", filename)
    if section is None or rels is None:
        return None
    targets = {rel.get("Id"): rel.get("Target") or "" for rel in rels}
    references = {ref.get(f"{W}type") or "default": ref.get(_REL)
                  for ref in section.iter(f"{W}headerReference")}
    first_page = section.find(f"{W}titlePg") is not None
    wanted = references.get("first") if first_page else None
    target = targets.get(wanted or references.get("default") or "", "")
    header = _xml(parts, f"word/{target.lstrip('/').removeprefix('word/')}", filename)
    if header is None:
        return None
    text = squash(_RULE.sub(" ", " ".join(_runs_text(p, None) for p in header.iter(f"{W}p"))))
    if sum(c.isalpha() for c in text) < 3 or len(text) > _MAX_HEADER_TITLE:
        return None  # nothing but a page number, or running text
    return text
