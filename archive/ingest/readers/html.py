"""HTML reader: a saved web page -> the pipeline's working document.

* Parsing: lxml's HTML parser (libxml2), which recovers from malformed markup.
  The bytes are decoded first (BOM, then the declared ``<meta charset>``, then
  :func:`archive.ingest.encoding.decode_text`), so nothing is ever decoded into
  replacement characters.
* Metadata (``doc.hints``): ``citation_*`` (Highwire, Google Scholar), Open Graph
  and ``article:published_time``, ``<meta name="author">``, ``dc.*``, JSON-LD
  (``Article``-like objects, ``@graph`` too), ``<time datetime>``, the
  hAtom/h-entry published date (``class="published"`` / ``"dt-published"``),
  ``<link rel="canonical">``; the site's name from ``og:site_name``, else from
  the title of the page's RSS/Atom feed link ("Site - Atom", "Site » Feed").
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
* Two-way links: a note opening with its printed number linked back to the
  marker is not a marker itself; the printed numbers are kept when they run on
  from an earlier part (a chapter's notes 22, 23 …).  A note written where it is
  cited (``<d-footnote>``, a sidenote ``<span>``) is marker and note at once.
* Notes with no links at all: under the last "Notes"/"Endnotes"/"Footnotes"
  heading, an ``<ol>`` (numbered from its ``start``) or paragraphs opening with
  consecutive numbers are the notes, and a bare ``<sup>n</sup>`` naming the next
  note is its marker (a number already passed, "m<sup>2</sup>", is text).
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from typing import Any

import lxml.html
from lxml import etree

from archive.ingest.encoding import decode_text
from archive.ingest.errors import UnreadableFile
from archive.ingest.keys import normalize_doi, normalize_url
from archive.ingest.readers import common
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


# Spellings of the same tag families: Dublin Core written "DC:date" (the XML
# prefix) as well as "DC.date", and bepress's (Digital Commons) "bepress_citation_*"
# copy of the Highwire "citation_*" tags, which Google Scholar reads alike.
_META_SPELLINGS = re.compile(r"^(?:(dc|dcterms):|bepress_(?=citation_))")


def _meta_key(key: str) -> str:
    return _META_SPELLINGS.sub(lambda m: f"{m.group(1)}." if m.group(1) else "", key)


def _meta(tree: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = element.get("name") or element.get("property") or element.get("itemprop") or ""
        value = element.get("content")
        if key and value and value.strip():
            found.setdefault(_meta_key(key.strip().lower()), []).append(squash(value))
    return found


# A script body wrapped for XHTML ("<![CDATA[ … ]]>", maybe behind "//"): not JSON.
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            value = json.loads(_CDATA.sub("", script.text or ""))
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


# The section a news site files its opinion pieces under (article:section, JSON-LD
# articleSection), and the same word as a part of the page's address.
_OPINION_SECTION = re.compile(
    r"(?i)opinions?|op-?eds?|commentary|columns?|columnists?|viewpoints?|perspectives?")
_NEWS_SECTION = re.compile(r"(?i)news(?:\s+(?:stories|articles|reports?))?")
_OPINION_PATH = re.compile(r"(?i)/(?:opinions?|op-?eds?|commentary|columns?|columnists)/")


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
    sections = [*meta.get("article:section", []), *meta.get("prism.section", []),
                *(item.get("articleSection") for item in ld)]
    for section in sections:
        if isinstance(section, str) and _OPINION_SECTION.fullmatch(section.strip()):
            return "opinion", f"the page's section “{section.strip()[:60]}”"
    # A publication's news pages: the section, or the Dublin Core type, says "News".
    for key in ("article:section", "prism.section", "dc.type", "dcterms.type"):
        for value in meta.get(key, []):
            if _NEWS_SECTION.fullmatch(value.strip()):
                return "news-article", f"the HTML meta tag {key} “{value.strip()[:60]}”"
    for url in meta.get("og:url", []):
        found = _OPINION_PATH.search(url)
        if found:
            return "opinion", f"the page's address (“{found.group(0)}”)"
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


_FEED_TYPES = ("application/rss+xml", "application/atom+xml")
# "Harbour Notes - Atom", "Harbour Notes » Feed", "Harbour Notes RSS Feed", "Harbour
# Notes Feed": the site's name, then only words saying it is a feed.
_FEED_TITLE = re.compile(r"^(?P<name>.+?)\s*(?:[-–—»|:]\s*)?(?:(?:rss|atom)\s*(?:\d(?:\.\d)?\s*)?"
                         r"(?:feed)?|feed)$", re.I)


def _feed_site(tree: Any) -> str | None:
    """The site's name as its feed link titles it (``<link rel="alternate"
    type="application/rss+xml" title="Harbour Notes - Atom">``): the first feed
    of the page whose title is a name and the word feed, RSS or Atom; a
    comments feed or a feed of one category says more than the site's name."""
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() != "alternate" or (
                link.get("type") or "").lower() not in _FEED_TYPES:
            continue
        match = _FEED_TITLE.match(squash(link.get("title") or ""))
        if match is None:
            continue
        name = match.group("name").strip(" -–—»|:")
        if name and len(name.split()) <= 6 and not re.search(
                r"\bcomments?\b|[»|]|\s[-–—]\s", name, re.I):  # one category's, one post's
            return name
    return None


_PUBLISHED_CLASS = re.compile(r"(?:^|\s)(?:dt-)?published(?:\s|$)")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")


def _microformat_date(tree: Any) -> str | None:
    """The date an hAtom or h-entry post marks as published, machine-readable:
    ``<abbr class="published" title="2016-12-23T05:11:00-05:00">`` or
    ``<time class="dt-published" datetime="…">`` (blog engines print the time of
    day as its text and keep the date in the attribute)."""
    for element in tree.iter("abbr", "time", "span", "data"):
        if not _PUBLISHED_CLASS.search(element.get("class") or ""):
            continue
        for value in (element.get("datetime"), element.get("title"), element.get("value")):
            if value and _ISO_DATE.match(value.strip()):
                return value.strip()
    return None


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
        ("the HTML meta tag citation_online_date", meta.get("citation_online_date")),
        ("the HTML meta tag dc.date.issued", meta.get("dc.date.issued")),
        ("the HTML meta tag dcterms.issued", meta.get("dcterms.issued")),
        ("the HTML meta tag dc.date", meta.get("dc.date")),
        ("the HTML meta tag dcterms.date", meta.get("dcterms.date")),
        ("the HTML meta tag prism.publicationDate", meta.get("prism.publicationdate")),
        ("the page's JSON-LD datePublished", article.get("datePublished")),
        ("the HTML meta tag og:published_time", meta.get("og:published_time")),
        ("the page's datePublished microdata", meta.get("datepublished")),
        ("the HTML meta tag dc.date.created", meta.get("dc.date.created")),
        ("the HTML meta tag dcterms.created", meta.get("dcterms.created")),
        ("the HTML meta tag parsely-pub-date", meta.get("parsely-pub-date")),
        ("the HTML meta tag sailthru.date", meta.get("sailthru.date")),
        ("the HTML meta tag pubdate", meta.get("pubdate")),
        ("the HTML meta tag publish-date", meta.get("publish-date") or meta.get("publishdate")),
        ("the HTML meta tag date", meta.get("date")),
        # A date marked as the publication's outweighs whatever <time> comes first.
        ("the page's microformat published date (class “published”)", _microformat_date(tree)),
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
    site_name, site_source = _sourced([
        ("the HTML meta tag og:site_name", meta.get("og:site_name")),
        ("the title of the page's feed link", _feed_site(tree)),
    ])
    kind, kind_source = _kind(meta, ld)
    sources = {
        name: source
        for name, source in (("title", title_source), ("authors", authors_source),
                             ("published", date_source), ("publisher", publisher_source),
                             ("site_name", site_source))
        if source
    }
    if authors and not affiliations:
        # Names from metadata; the page's byline may state their organisations.
        named, stated, _ = _page_byline(tree)
        if stated and set(named) <= set(authors):
            affiliations = stated
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
        self.printed: list[str] = []  # each referenced note's marker as printed, in order
        # Notes listed under a "Notes" heading with no links to them: their numbers,
        # which a bare <sup>n</sup> in the text marks (see _headed_notes).
        self.bare: set[int] = set()
        self.bare_last = 0  # the last bare marker taken: they run in order
        self.texts: list[str] = []
        self.elements: set[Any] = set()

    def bare_marks(self, numbers: list[int]) -> str:
        """Exact markers for a bare <sup>, in the 1-based numbering render() shifts."""
        first = min(self.bare)
        self.bare_last = numbers[-1]
        return "".join(mark(n - first + 1) for n in numbers)

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
        if self._points_back(element, target):
            return None  # a printed note number linking back to its marker in the text
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

    def _points_back(self, element: Any, target: Any) -> bool:
        """``target`` is the marker link that points to the note holding ``element``.

        Notes and markers often link both ways (``<sup><a href="#n1-marker">1</a></sup>``
        opening the note): the side whose target is an inline link is the back-link.
        """
        if target.tag not in ("a", "sup"):
            return False
        link = target if target.tag == "a" else next(target.iter("a"), None)
        href = (link.get("href") or "") if link is not None else ""
        if not href.startswith("#"):
            return False
        note = self.by_id.get(href[1:])
        return note is not None and (note is element or any(
            ancestor is note for ancestor in element.iterancestors()))

    def number(self, note_id: str, printed: str = "") -> int:
        if note_id not in self.numbers:
            self.numbers[note_id] = self.add(self.target(note_id))
            self.printed.append(printed)
        return self.numbers[note_id]

    def first_number(self) -> int:
        """The first note's printed number when the markers print n, n+1, … in order."""
        if not self.printed or not all(p.isdigit() for p in self.printed):
            return 1
        first = int(self.printed[0])
        if first < 1 or any(int(p) != first + i for i, p in enumerate(self.printed)):
            return 1
        return first

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
        # A back-link: an arrow, nothing, or the note's printed number linking to its marker.
        if (link.get("href") or "").startswith("#") and (
            not text or _BACKLINK.search(text) or re.fullmatch(r"\[?\d{1,4}\]?", text)
        ):
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
            printed = squash(node.text_content()).strip("[]()")
            pieces.append(mark(notes.number(note_id, printed)))
        elif node.tag == "sup" and notes.bare and (numbers := _bare_marker(node, notes)):
            pieces.append(notes.bare_marks(numbers))
        elif _inline_note(node):
            # The note written where it is cited (<d-footnote>, a sidenote): marker and note.
            pieces.append(mark(notes.add(node)))
            notes.printed.append("")
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


# A custom element naming a foot/sidenote (<d-footnote>, <x-sidenote>), or a <span>
# or <aside> classed as one inside running text (Tufte CSS sidenotes).
_INLINE_NOTE_TAG = re.compile(r"^[a-z][a-z0-9]*-(?:[a-z0-9]+-)*(?:foot|side)note$")
_INLINE_NOTE_CLASS = re.compile(r"(?:^|\s)(?:foot|side)note(?:$|\s)", re.I)


def _inline_note(node: Any) -> bool:
    if _INLINE_NOTE_TAG.match(node.tag):
        return bool(squash(node.text_content()))
    return (
        node.tag in ("span", "aside")
        and bool(_INLINE_NOTE_CLASS.search(node.get("class") or ""))
        and bool(squash(node.text_content()))
    )


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


_BARE_NOTES_HEADING = re.compile(r"(?:(?:end|foot)\s*)?notes?", re.I)
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_NUMBERED = re.compile(r"^\s*\[?(\d{1,4})[.)\]]?\s+(?=\S)")


def _bare_marker(node: Any, notes: _Notes) -> list[int]:
    """The note numbers a link-less <sup> names ("3", "3,4"): listed notes, next in order.

    A number already passed ("3 m<sup>2</sup>" after marker 2) is an exponent, kept as text.
    """
    if next(node.iter("a"), None) is not None:
        return []
    text = squash(node.text_content())
    if not re.fullmatch(r"\d{1,4}(?:\s*,\s*\d{1,4})*", text):
        return []
    found = [int(part) for part in re.split(r"\s*,\s*", text)]
    expected = max(notes.bare_last, min(notes.bare) - 1)
    if not all(n in notes.bare for n in found) or not expected < found[0] <= expected + 3:
        return []
    return found


def _is_notes_heading_element(element: Any) -> bool:
    """A heading (or a paragraph of its own, maybe bold) reading "Notes", "Endnotes" …"""
    if element.tag not in (*_HEADINGS, "p", "div") or _has_blocks(element):
        return False
    return bool(_BARE_NOTES_HEADING.fullmatch(squash(element.text_content()).rstrip(":")))


def _numbered(element: Any) -> tuple[int, str] | None:
    """(number, text) of a paragraph opening with its note number ("1. …", "[1] …", ¹ …)."""
    first = next((c for c in element if isinstance(c.tag, str)), None)
    if (first is not None and first.tag == "sup" and not (element.text or "").strip()
            and squash(first.text_content()).isdigit()):
        number = int(squash(first.text_content()))
        return number, squash(_note_text(element)).removeprefix(str(number)).strip()
    match = _NUMBERED.match(squash(element.text_content()))
    if match is None:
        return None
    return int(match.group(1)), squash(element.text_content())[match.end():]


def _headed_notes(root: Any) -> tuple[set[Any], int, list[str]]:
    """Notes listed under the last "Notes"/"Endnotes" heading with no links to them.

    (elements to leave out of the body, the first note's number, the notes' texts):
    an ``<ol>`` right after the heading (numbered from its ``start``), or the
    paragraphs after it that open with consecutive numbers.
    """
    heading = None
    for element in root.iter(*_HEADINGS, "p", "div"):
        if _is_notes_heading_element(element):
            heading = element
    if heading is None:
        return set(), 1, []
    following = [e for e in heading.itersiblings() if isinstance(e.tag, str)]
    if following and following[0].tag == "ol":
        items = [li for li in following[0] if isinstance(li.tag, str) and li.tag == "li"]
        try:
            first = int(following[0].get("start") or 1)
        except ValueError:
            first = 1
        texts = [_note_text(li) for li in items]
        return ({heading, following[0]}, first, texts) if texts else (set(), 1, [])
    taken: set[Any] = set()
    texts: list[str] = []
    first = 1
    for element in following:
        numbered = _numbered(element) if element.tag in ("p", "div", "li") else None
        if numbered is None or (texts and numbered[0] != first + len(texts)):
            break
        if not texts:
            first = numbered[0]
        texts.append(numbered[1])
        taken.add(element)
    return (taken | {heading}, first, texts) if texts else (set(), 1, [])


def read_html(data: bytes, filename: str) -> WorkingDocument:
    """Parse ``data`` as HTML; raises :class:`DecodeError` or :class:`UnreadableFile` only."""
    text = _XML_DECLARATION.sub("", decode_html(data, filename), count=1)
    try:
        tree = lxml.html.document_fromstring(text or "<html></html>")
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise UnreadableFile(filename, f"not readable as HTML: {exc}", "html") from exc
    hints = _hints(tree)
    if hints.title:
        hints.title = _without_labels(hints.title, tree)
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
    headed: list[str] = []
    first_headed = 1
    if not targets:  # no linked notes: maybe a list under a "Notes" heading
        left_out, first_headed, headed = _headed_notes(root)
        skip |= left_out
        notes.bare = set(range(first_headed, first_headed + len(headed)))
    rendered = Rendered()
    title_heading = _title_heading(root, hints, skip)
    if title_heading is not None:
        # Headings above the title (a series' or section's name, a banner) are not text.
        for heading in root.iter(*_ALL_HEADINGS):
            if heading is title_heading:
                break
            skip.add(heading)
    _walk_blocks(root, rendered, notes, skip, hints.site_name, title_heading)
    if headed and not notes.texts:
        rendered.notes, rendered.first_number = headed, first_headed
        return render(rendered, data, filename, "html", hints)
    # Notes listed but never referenced still belong to the document (reported unmarked).
    for container in containers:
        for item in container.iter("li"):
            if item not in notes.elements and not any(
                ancestor in notes.elements for ancestor in item.iterancestors()
            ):
                notes.add(item)
    rendered.notes = notes.texts
    rendered.first_number = notes.first_number()
    doc = render(rendered, data, filename, "html", hints)
    if not rendered.notes and common.typed_notes(rendered.blocks):
        doc.exact_markers, doc.notes_heading_line = False, None  # the plain-text note stages
    return doc


def _has_blocks(element: Any) -> bool:
    return any(
        isinstance(d.tag, str) and (d.tag in _BLOCKS or d.tag in _CONTAINERS)
        for d in element.iterdescendants()
    )


_ALL_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_TITLE_PARTS = re.compile(r"\s+(?:[|·•:»]{1,2}|[-–—]{1,2})\s+")


_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00ad": None})


def _fold(text: str) -> str:
    """For comparing a heading with a stated title: case, spaces, curly quotes aside."""
    return squash(unicodedata.normalize("NFKC", text).translate(_PLAIN)).casefold()


_MAX_LABEL_WORDS = 4


def _without_labels(stated: str, tree: Any) -> str:
    """The stated title less a series' or site's label the page prints on its own
    ("FEDS Notes - The Title" on a page linking to "FEDS Notes"): a shorter part that
    is the whole text of a link, a list item or a label."""
    parts = [p for p in _TITLE_PARTS.split(squash(stated)) if p]
    if len(parts) < 2:
        return stated
    longest = max(len(p.split()) for p in parts)
    short = {_fold(p) for p in parts if len(p.split()) <= min(_MAX_LABEL_WORDS, longest - 1)}
    if not short:
        return stated
    printed = {
        _fold(element.text_content())
        for element in tree.iter("a", "span", "li")  # links, breadcrumbs, labels
        if len((element.text_content() or "").split()) <= _MAX_LABEL_WORDS
    } & short
    if not printed:
        return stated
    kept = [p for p in parts if _fold(p) not in printed]
    separator = _TITLE_PARTS.search(squash(stated))
    return (separator.group(0) if separator else " ").join(kept) if kept else stated


def _title_heading(root: Any, hints: Hints, skip: set[Any]) -> Any:
    """The heading that reads as the page's stated title (og:title, citation_title,
    <title>), or as its longest part ("Series - The Title" over an <h3> "The Title"):
    it is the title, whatever its level, over a first <h1> that says something else
    (the site's name in its banner, a section's name such as "Blog")."""
    if hints.title is None:
        return None
    stated = _fold(hints.title)
    parts = [p for p in _TITLE_PARTS.split(stated) if len(p.split()) > 1]
    best, best_words = None, 0
    for heading in root.iter("h1", "h2", "h3", "h4"):
        if heading in skip:
            continue
        text = _fold(heading.text_content())
        if text == stated:
            return heading
        if len(parts) > 1 and text in parts and len(text.split()) > best_words:
            best, best_words = heading, len(text.split())
    return best


# A subtitle's markup: a class naming one (WordPress "subtitle", news "dek", "standfirst").
_SUBTITLE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:sub-?title|subhead(?:ing|line)?|dek|deck|standfirst|strapline)(?:$|[\s_-])",
    re.I,
)
_MAX_SUBTITLE = 300


def _title_parts(heading: Any, notes: _Notes, skip: set[Any]) -> tuple[str, str | None]:
    """(title, subtitle) of the title heading: a line break or a subtitle's element in it
    puts the rest apart ("Title<br><small>Subtitle</small>")."""
    part = next((e for e in heading.iterdescendants() if isinstance(e.tag, str) and (
        e.tag == "small" or _SUBTITLE_CLASS.search(_classes(e)))), None)
    if part is not None and squash(part.text_content()):
        subtitle = squash(part.text_content())
        title = squash(_inline(heading, notes, skip | {part}))
        if title:
            return title, subtitle
    lines = [squash(line) for line in _broken_lines(heading) if squash(line)]
    if len(lines) >= 2:
        return lines[0], " ".join(lines[1:])
    return squash(_inline(heading, notes, skip)), None


def _list_number(item: Any) -> str:
    """ "3. " for the third item of an ordered list (from its ``start``), as a browser shows."""
    parent = item.getparent()
    if item.tag != "li" or parent is None or parent.tag != "ol":
        return ""
    try:
        start = int(parent.get("start") or 1)
    except ValueError:
        start = 1
    items = [li for li in parent if isinstance(li.tag, str) and li.tag == "li"]
    return f"{start + items.index(item)}. "


def _walk_blocks(
    element: Any,
    rendered: Rendered,
    notes: _Notes,
    skip: set[Any],
    site: str | None = None,
    title_heading: Any = None,
) -> None:
    for child in element:
        if not isinstance(child.tag, str) or child in skip:
            if child.tail and squash(child.tail):
                rendered.add(child.tail)  # loose text after a left-out element is still text
            continue
        told = child is title_heading if title_heading is not None else child.tag == "h1"
        if child.tag in _ALL_HEADINGS and site and (
            squash(child.text_content()).casefold() == site.casefold()
        ):
            pass  # the site's name set as a heading in its banner: not the title, nor text
        elif told and rendered.title is None:
            rendered.title, rendered.subtitle = _title_parts(child, notes, skip)
            following = child.getnext()
            while following is not None and not isinstance(following.tag, str):
                following = following.getnext()
            if (rendered.subtitle is None and following is not None
                    and following not in skip and _SUBTITLE_CLASS.search(_classes(following))
                    and 0 < len(squash(following.text_content())) <= _MAX_SUBTITLE):
                rendered.subtitle = squash(following.text_content())
                skip.add(following)
        elif not _has_blocks(child):
            heading = child.tag in _ALL_HEADINGS
            rendered.add(_list_number(child) + _inline(child, notes, skip), new_section=heading)
        else:
            if child.text and squash(child.text):
                rendered.add(child.text)
            _walk_blocks(child, rendered, notes, skip, site, title_heading)
        if child.tail and squash(child.tail):
            rendered.add(child.tail)  # loose text between blocks is a block of its own
