"""HTML reader: a saved web page -> the pipeline's working document.

* Parsing: lxml's HTML parser (libxml2), which recovers from malformed markup.
  The bytes are decoded first (BOM, then the declared ``<meta charset>``, then
  :func:`archive.ingest.encoding.decode_text`), so nothing is ever decoded into
  replacement characters.
* Metadata (``doc.hints``): ``citation_*`` (Highwire, Google Scholar), Open Graph
  and ``article:published_time``, ``<meta name="author">``, ``dc.*``, JSON-LD
  (``Article``-like objects, ``@graph`` too), ``<time datetime>``, ``<link
  rel="canonical">``.
* Content: ``<article>``, else ``<main>`` / ``[role=main]``, else ``<body>``;
  navigation, headers/footers outside the article, comments, forms, scripts and
  share/related/cookie boxes are left out.
* Notes: a link to ``#id`` inside ``<sup>`` (or marked ``role=doc-noteref`` /
  ``class~=footnote-ref``) is a marker; its target (an ``<li>`` of ``<ol
  class="footnotes">``, an ``<aside>``, an endnote list item; an empty anchor
  stands for the block holding it) is the note.  A link reading "↩"/"back" (or
  ``role=doc-backlink``) is a back-link, never a marker.  Notes are numbered in
  order of first reference; back-links are dropped.
* The notes container (left out of the body, its unreferenced items kept as
  notes) is a block element (``<section>``, ``<div>``, ``<ol>``, ``<aside>`` …)
  with ``role=doc-endnotes``/``doc-footnotes`` or a class or id naming
  foot/endnotes (``footnotes``, ``wp-block-footnotes``, ``easy-footnotes-wrapper``)
  that holds no marker of its own: an inline ``<a class="footnote-ref">`` or
  ``<span class="easy-footnote">`` is a marker inside the text, not notes.  A
  list whose every item is a note is a notes container too.  A "Notes"
  heading just before the container is its heading, not body text.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Any

import lxml.html
from lxml import etree

from archive.ingest.encoding import decode_text
from archive.ingest.errors import UnreadableFile
from archive.ingest.keys import normalize_doi, normalize_url
from archive.ingest.readers.common import Rendered, mark, parse_date, render, split_names, squash
from archive.ingest.readers.script_front_matter import front_matter_authors
from archive.ingest.readers.stated_affiliations import stated_affiliations
from archive.ingest.working import Hints, WorkingDocument

__all__ = ["decode_html", "read_html"]

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "textarea",
    "object",
    "embed",
    "canvas",
    "menu",
    "dialog",
)
_BOILERPLATE = re.compile(
    r"\b(?:comments?|nav|navbar|navigation|menu|breadcrumbs?|share|sharing|social|related|"
    r"cookie|newsletter|subscribe|sidebar|advert|ads?|promo|site-(?:header|footer)|skip)\b",
    re.I,
)
_BOILERPLATE_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary"}
_BLOCKS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "figcaption",
    "address",
    "td",
    "th",
    "caption",
}
_CONTAINERS = {"div", "section", "article", "main", "header", "footer", "aside", "body"}
_BACKLINK = re.compile(r"[\u21a9\u21aa\u2191\u2934\ufe0e]|\^|\bback\b", re.I)
# Elements that can hold a list of notes (never inline ones: <a>, <sup>, <span> …).
_NOTE_CONTAINER_TAGS = {"div", "section", "aside", "footer", "ol", "ul", "dl", "table", "details"}
# A class or id naming foot/endnotes, as a whole word or a hyphen/underscore part
# ("footnotes", "wp-block-footnotes", "easy-footnote-title"); "fn"/"ref" alone never.
_NOTES_NAME = re.compile(r"(?:^|[\s_-])(?:foot|end)[\s_-]?notes?(?=$|[\s_-])", re.I)
_NOTES_ROLES = {"doc-endnotes", "doc-footnotes", "doc-endnote", "doc-footnote"}
_NOTES_HEADING = re.compile(r"(?:(?:end|foot)\s*)?notes?|references|sources|citations", re.I)
_ARTICLE_TYPES = re.compile(r"Article|Posting|Report|Column|Review|CreativeWork|Scholarly", re.I)


def decode_html(data: bytes, filename: str) -> str:
    """BOM, then the declared charset (strictly), then detection."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, filename)
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            codec = None
        if codec and codec not in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
            if codec in ("latin-1", "iso8859-1", "ascii"):
                codec = "cp1252"  # what browsers do, by the HTML standard
            try:
                return data.decode(codec, errors="strict")
            except UnicodeDecodeError:
                pass  # a wrong declaration: fall back to detection
    return decode_text(data, filename)


def _classes(element: Any) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def _meta(tree: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = element.get("name") or element.get("property") or element.get("itemprop") or ""
        value = element.get("content")
        if key and value and value.strip():
            found.setdefault(key.strip().lower(), []).append(squash(value))
    return found


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            value = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        stack = [value]
        while stack and len(objects) < 100:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds):
                    objects.append(item)
    return objects


def _first(*values: object) -> str | None:
    for value in values:
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("name") or value.get("@id")
        if isinstance(value, str) and value.strip():
            return squash(value)
    return None


# JSON-LD @type -> kind code (archive/kinds.py); the most specific type first.
_LD_KINDS = (
    ("OpinionNewsArticle", "opinion"),
    ("BlogPosting", "blog-post"),
    ("NewsArticle", "news-article"),
    ("ScholarlyArticle", "journal-article"),
    ("Report", "report"),
    ("Chapter", "chapter"),
    ("Book", "book"),
    ("Thesis", "thesis"),
)
# citation_* meta naming the container -> kind.
_CITATION_KINDS = (
    ("citation_conference_title", "conference-paper"),
    ("citation_journal_title", "journal-article"),
    ("citation_technical_report_institution", "report"),
    ("citation_dissertation_institution", "thesis"),
)


def _sourced(candidates: list[tuple[str, object]]) -> tuple[str | None, str | None]:
    """(value, words for its source) of the first candidate that has a value."""
    for source, value in candidates:
        found = _first(value)
        if found:
            return found, source
    return None, None


def _kind(meta: dict[str, list[str]], ld: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    types = {
        t for item in ld for t in (item.get("@type") if isinstance(item.get("@type"), list)
                                   else [item.get("@type")]) if isinstance(t, str)
    }
    for name, kind in _LD_KINDS:
        if name in types:
            return kind, f"the page's JSON-LD type “{name}”"
    for key, kind in _CITATION_KINDS:
        if meta.get(key):
            return kind, f"the HTML meta tag {key}"
    return None, None


_BYLINE_CLASS = re.compile(r"(?:^|[\s_-])(?:byline|author|entry-posted)(?:$|[\s_-])", re.I)
_NOT_BYLINE = re.compile(r"comment|avatar|bio|about|related|photo|image", re.I)
_BYLINE_LEAD = re.compile(r"^(?:(?:posted|written|published)\s+)?(?:on\s+.+?\s+)?by\s+", re.I)
_MAX_BYLINE = 200


def _broken_lines(element: Any) -> list[str]:
    """The element's text split where a <br> breaks it ("Written by A<br>Edited by B")."""
    pieces: list[str] = []

    def walk(node: Any) -> None:
        if node.tag == "br":
            pieces.append("\n")
        elif isinstance(node.tag, str):
            pieces.append(node.text or "")
            for child in node:
                walk(child)
        if node is not element and node.tail:
            pieces.append(node.tail)

    walk(element)
    return "".join(pieces).split("\n")


def _page_byline(tree: Any) -> tuple[list[str], dict[str, list[str]], str | None]:
    """Names (and stated organisations) from the page's byline markup, outside comments.

    ``rel="author"`` links, ``itemprop="author"``, or a short element whose class
    names a byline or author ("By A, Senior Fellow, Organisation": the part after
    the position is the organisation).
    """
    def in_comments(element: Any) -> bool:
        return any(_NOT_BYLINE.search(_classes(a)) and "comment" in _classes(a).lower()
                   for a in element.iterancestors())

    links = [a for a in tree.iter("a") if "author" in (a.get("rel") or "").split()
             and not in_comments(a)]
    names = split_names([squash(a.text_content()) for a in links])
    if names:
        return names[:1] if len(set(names)) == 1 else names, {}, "the page's rel=\"author\" link"
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("meta", "link", "img", "a"):
            continue
        marker = _classes(element)
        if not (_BYLINE_CLASS.search(marker) or element.get("itemprop") == "author"):
            continue
        if _NOT_BYLINE.search(marker) or in_comments(element):
            continue
        text = next((squash(line) for line in _broken_lines(element) if squash(line)), "")
        if not text or len(text) > _MAX_BYLINE:
            continue
        text = _BYLINE_LEAD.sub("", text)
        name, _, rest = text.partition(",")
        name = squash(name)
        if not name or len(name.split()) > 5 or not name[:1].isupper():
            continue
        stated: dict[str, list[str]] = {}
        position, _, organisation = rest.partition(",")
        if organisation.strip() and position.strip():
            stated[name] = [squash(organisation)]
        return [name], stated, f"the page's byline element (class “{squash(marker)}”)"
    return [], {}, None


def _hints(tree: Any) -> Hints:
    meta = _meta(tree)
    ld = _json_ld(tree)
    article = ld[0] if ld else {}
    title_element = next(tree.iter("title"), None)
    page_title = squash(title_element.text_content()) if title_element is not None else None
    ld_authors = article.get("author") or article.get("creator") or []
    author_sources = [
        ("the HTML meta tags citation_author", meta.get("citation_author", [])),
        ("the HTML meta tags dc.creator", meta.get("dc.creator", [])),
        ("the page's JSON-LD author", ld_authors if isinstance(ld_authors, list) else [ld_authors]),
        ("the HTML meta tag author", meta.get("author", [])),
    ]
    authors, authors_source = [], None
    affiliations: dict[str, list[str]] = {}
    for source, values in author_sources:
        authors = split_names(values)
        if authors:
            authors_source = source
            break
    if not authors:
        authors, affiliations, authors_source = front_matter_authors(tree)
    if not authors:
        authors, affiliations, authors_source = _page_byline(tree)
    if not affiliations:
        affiliations = stated_affiliations(tree, ld)
    time_element = next((t for t in tree.iter("time") if t.get("datetime")), None)
    date_value, date_source = _sourced([
        ("the HTML meta tag citation_publication_date", meta.get("citation_publication_date")),
        ("the HTML meta tag citation_date", meta.get("citation_date")),
        ("the HTML meta tag article:published_time", meta.get("article:published_time")),
        ("the HTML meta tag dc.date", meta.get("dc.date")),
        ("the page's JSON-LD datePublished", article.get("datePublished")),
        ("the page's <time datetime> element",
         time_element.get("datetime") if time_element is not None else None),
    ])
    published, raw = parse_date(date_value)
    canonical = next(
        (link.get("href") for link in tree.iter("link") if (link.get("rel") or "") == "canonical"),
        None,
    )
    title, title_source = _sourced([
        ("the HTML meta tag citation_title", meta.get("citation_title")),
        ("the HTML meta tag og:title", meta.get("og:title")),
        ("the HTML meta tag dc.title", meta.get("dc.title")),
        ("the page's JSON-LD headline", article.get("headline")),
        ("the page's JSON-LD name", article.get("name")),
        ("the page's <title>", page_title),
    ])
    publisher, publisher_source = _sourced([
        ("the HTML meta tag citation_publisher", meta.get("citation_publisher")),
        ("the HTML meta tag dc.publisher", meta.get("dc.publisher")),
        ("the page's JSON-LD publisher", article.get("publisher")),
        # A paper's journal is its publisher when no publisher is named.
        ("the HTML meta tag citation_journal_title", meta.get("citation_journal_title")),
        ("the HTML meta tag prism.publicationName", meta.get("prism.publicationname")),
    ])
    site_name = _first(meta.get("og:site_name"))
    kind, kind_source = _kind(meta, ld)
    sources = {
        name: source
        for name, source in (("title", title_source), ("authors", authors_source),
                             ("published", date_source), ("publisher", publisher_source),
                             ("site_name", "the HTML meta tag og:site_name" if site_name else None))
        if source
    }
    return Hints(
        title=title,
        authors=authors,
        published=published,
        published_raw=raw if published or raw else None,
        publisher=publisher,
        site_name=site_name,
        kind=kind,
        kind_source=kind_source,
        sources=sources,
        affiliations=affiliations,
        doi=normalize_doi(_first(meta.get("citation_doi"), meta.get("dc.identifier"))),
        url=normalize_url(
            _first(meta.get("citation_abstract_html_url"), meta.get("og:url"), canonical)
        ),
        source="the page's metadata",
    )


class _Notes:
    """Note targets by id, numbered in order of first reference."""

    def __init__(self, tree: Any) -> None:
        self.by_id = {
            el.get("id"): el for el in tree.iter() if isinstance(el.tag, str) and el.get("id")
        }
        self.numbers: dict[str, int] = {}
        self.texts: list[str] = []
        self.elements: set[Any] = set()

    def reference(self, element: Any) -> str | None:
        """The note id ``element`` (an <a>) points to, if it is a note reference."""
        href = element.get("href") or ""
        if not href.startswith("#") or len(href) < 2:
            return None
        target = self.by_id.get(href[1:])
        if target is None:
            return None
        if (element.get("role") or "").lower() == "doc-backlink" or _BACKLINK.search(
            squash(element.text_content())
        ):
            return None  # "↩" back to the text: the link out of a note, not into one
        parent = element.getparent()
        in_sup = (
            element.tag == "sup"
            or (parent is not None and parent.tag == "sup")
            or any(child.tag == "sup" for child in element if isinstance(child.tag, str))
        )
        flagged = re.search(
            r"noteref|footnote-ref|fnref|endnote-ref",
            f"{element.get('role') or ''} {_classes(element)}",
            re.I,
        )
        return href[1:] if in_sup or flagged else None

    def number(self, note_id: str) -> int:
        if note_id not in self.numbers:
            self.numbers[note_id] = self.add(self.target(note_id))
        return self.numbers[note_id]

    def target(self, note_id: str) -> Any:
        """The note ``note_id`` names: an empty anchor stands for the block that holds it."""
        element = self.by_id[note_id]
        while (
            element.tag not in _BLOCKS
            and element.tag not in _CONTAINERS
            and not re.search(r"[^\W\d_]", _note_text(element))  # no words: a bare anchor
            and element.getparent() is not None
        ):
            element = element.getparent()
        return element

    def add(self, element: Any) -> int:
        self.elements.add(element)
        self.texts.append(_note_text(element))
        return len(self.texts)

    def targets(self, tree: Any) -> set[Any]:
        """Every element some note reference points to (left out of the body)."""
        found = set()
        for link in tree.iter("a"):
            note_id = self.reference(link)
            if note_id:
                found.add(self.target(note_id))
        return found

    def markers(self, tree: Any) -> list[Any]:
        """Every note reference outside the notes themselves (the markers in the text)."""
        targets = self.targets(tree)
        return [
            link
            for link in tree.iter("a")
            if self.reference(link)
            and link not in targets
            and not any(ancestor in targets for ancestor in link.iterancestors())
        ]


def _note_text(element: Any) -> str:
    copy = lxml.html.fromstring(lxml.html.tostring(element, with_tail=False))
    for link in list(copy.iter("a")):
        text = squash(link.text_content())
        if (link.get("href") or "").startswith("#") and (not text or _BACKLINK.search(text)):
            link.drop_tree()
    for sup in list(copy.iter("sup")):
        if not squash(sup.text_content()):
            sup.drop_tree()
    text = squash(copy.text_content())
    return re.sub(r"^\[?\d{1,3}\]?[.):]?\s+", "", text)  # a printed number inside the note


def _inline(element: Any, notes: _Notes, skip: set[Any]) -> str:
    """The text of a block, with note references as exact markers."""
    pieces: list[str] = []

    def walk(node: Any) -> None:
        if node in skip or not isinstance(node.tag, str):
            # What follows a left-out element (or a comment) is still the block's text.
            if node is not element and node.tail:
                pieces.append(node.tail)
            return
        if node.tag == "a" and (note_id := notes.reference(node)):
            pieces.append(mark(notes.number(note_id)))
        elif node.tag == "br":
            pieces.append(" ")
        else:
            pieces.append(node.text or "")
            for child in node:
                walk(child)
        if node is not element and node.tail:
            pieces.append(node.tail)

    walk(element)
    return "".join(pieces)


def _is_boilerplate(element: Any) -> bool:
    if (element.get("role") or "").lower() in _BOILERPLATE_ROLES:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    return bool(_BOILERPLATE.search(_classes(element)))


def _content_root(body: Any) -> Any:
    for path in ("//article", "//main", "//*[@role='main']"):
        found = body.xpath(path)
        if found:
            return max(found, key=lambda el: len(el.text_content()))
    return body


def _note_containers(root: Any, markers: list[Any]) -> list[Any]:
    """Blocks that hold notes: named or given a role so, and holding no marker themselves."""
    holding: set[Any] = set()  # every ancestor of a marker: text, not notes
    for link in markers:
        holding.update(link.iterancestors())
    return [
        el
        for el in root.iter(*_NOTE_CONTAINER_TAGS)
        if el not in holding
        and ((el.get("role") or "").lower() in _NOTES_ROLES or _NOTES_NAME.search(_classes(el)))
    ]


def _target_lists(targets: set[Any]) -> set[Any]:
    """Lists every item of which is a note: notes lists, whatever their class says."""
    lists = {t.getparent() for t in targets if t.tag in ("li", "dd", "dt")}
    return {
        found
        for found in lists
        if found is not None
        and found.tag in ("ol", "ul", "dl")
        and all(item in targets for item in found if isinstance(item.tag, str))
    }


def _container_headings(containers: set[Any]) -> set[Any]:
    """A "Notes" heading standing just before a notes container (not body text)."""
    found: set[Any] = set()
    for container in containers:
        previous = container.getprevious()
        while previous is not None and not isinstance(previous.tag, str):
            previous = previous.getprevious()  # comments
        if previous is None or previous in containers:
            continue
        heading = squash(previous.text_content()).rstrip(":").strip()
        if _NOTES_HEADING.fullmatch(heading):
            found.add(previous)
    return found


def read_html(data: bytes, filename: str) -> WorkingDocument:
    """Parse ``data`` as HTML; raises :class:`DecodeError` or :class:`UnreadableFile` only."""
    text = _XML_DECLARATION.sub("", decode_html(data, filename), count=1)
    try:
        tree = lxml.html.document_fromstring(text or "<html></html>")
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise UnreadableFile(filename, f"not readable as HTML: {exc}", "html") from exc
    hints = _hints(tree)
    for element in list(tree.iter(*_DROP_TAGS)):
        element.drop_tree()
    body = tree.find("body")
    if body is None:
        body = tree
    root = _content_root(body)
    notes = _Notes(tree)
    targets = notes.targets(tree)
    containers = set(_note_containers(tree, notes.markers(tree))) | _target_lists(targets)
    # Boilerplate is skipped, but a note target inside it (an <aside>) is still a note.
    skip: set[Any] = containers | _container_headings(containers) | targets
    for element in root.iter():
        if isinstance(element.tag, str) and element is not root and _is_boilerplate(element):
            skip.add(element)
    rendered = Rendered()
    _walk_blocks(root, rendered, notes, skip)
    # Notes listed but never referenced still belong to the document (reported unmarked).
    for container in containers:
        for item in container.iter("li"):
            if item not in notes.elements and not any(
                ancestor in notes.elements for ancestor in item.iterancestors()
            ):
                notes.add(item)
    rendered.notes = notes.texts
    return render(rendered, data, filename, "html", hints)


def _has_blocks(element: Any) -> bool:
    return any(
        isinstance(d.tag, str) and (d.tag in _BLOCKS or d.tag in _CONTAINERS)
        for d in element.iterdescendants()
    )


def _walk_blocks(element: Any, rendered: Rendered, notes: _Notes, skip: set[Any]) -> None:
    for child in element:
        if not isinstance(child.tag, str) or child in skip:
            if child.tail and squash(child.tail):
                rendered.add(child.tail)  # loose text after a left-out element is still text
            continue
        if child.tag == "h1" and rendered.title is None:
            rendered.title = squash(_inline(child, notes, skip))
        elif not _has_blocks(child):
            heading = child.tag in ("h2", "h3", "h4", "h5", "h6")
            rendered.add(_inline(child, notes, skip), new_section=heading)
        else:
            if child.text and squash(child.text):
                rendered.add(child.text)
            _walk_blocks(child, rendered, notes, skip)
        if child.tail and squash(child.tail):
            rendered.add(child.tail)  # loose text between blocks is a block of its own
