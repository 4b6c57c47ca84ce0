"""Combine every piece of evidence for the catalog fields, in one place, with provenance.

The text stages (front, byline, dateline, disclaimer) read what the document
prints; a reader of a structured format may also have found metadata
(``<meta>``, JSON-LD, front matter, document properties) in ``doc.hints``,
each hint with the words saying where it came from (``hints.sources``).  This
stage decides each field and records which source won and what the others
said (``doc.provenance``, shown to librarians in the admin).  Rules:

* **title**: structured metadata (front matter, meta tags) over a heading
  found in the body, since a body's first heading is often a section
  ("Summary"); a title the reader was told (``<h1>``, the Title style) or the
  first line of a text wins over metadata that is not trusted (PDF document
  properties) or that only adds a site name.  A site or series name joined to
  a metadata title ("FEDS Notes - Title", "Title | Site") is taken off when
  the other part is the text's title or the part names the site or publisher.
  A title "Head: the rest" with no subtitle stated is split into title and
  subtitle (the corpus's rule: the subtitle is the part after a colon), unless
  the rest is a question ("Russia vs. Turkey?"): a question is read whole.
  Different titles from two trusted sources: the winner is kept and a
  problem raised.
* **authors**: the byline in the text when there is one, else the metadata's
  names; affiliations the metadata states are given to authors the text gave
  none.  Metadata naming authors the byline does not: a problem.
* **published**: the text's dateline, else the metadata's date.  An ambiguous
  numeric date ("03/04/2015") takes the reading trusted metadata states;
  two different dates are a problem (the text's kept).
* **publisher**: metadata naming the publisher (``citation_publisher``,
  ``dc.publisher``, JSON-LD, front matter) over the organisation a disclaimer
  names; a site name (``og:site_name``) only fills a gap.  An acronym is
  spelled out as the text defines it ("Full Name (FN)") or as another piece of
  evidence names the same organisation in full (a copyright line's "Full Name").
* DOI and URL come from the metadata only.

A field filled from nothing but untrusted metadata is reported, since that
evidence is weak; the text stage's "not found" problem is dropped when any
evidence fills the field.
"""

from __future__ import annotations

import html
import re

from archive.ingest.document import FieldSource, ParsedAffiliation, ParsedAuthor, Problem
from archive.ingest.imprint import (
    copyright_holder,
    first_published_in,
    markup_copyright_holder,
    published_by,
    serial_name,
)
from archive.ingest.keys import fold
from archive.ingest.names import ORGANISATION, is_person_like, is_plausible_name
from archive.ingest.stages.byline import parse_byline
from archive.ingest.working import WorkingDocument

__all__ = ["run", "site_free_title", "site_name", "spelled_out", "split_subtitle"]

# Separators between a title and a site or series name in <title> and og:title.
_SEPARATOR = re.compile(r"\s+(?:[|·•:]{1,2}|[-–—]{1,2})\s+")
_SUBTITLE = re.compile(r"^(?P<head>[^:]{2,120}?):\s+(?P<tail>\S.{3,})$")
_MAX_HEAD_WORDS = 10
# A reader's own structured title (a heading) reads like a section, not a title.
_SECTION_HEADING = re.compile(
    r"(?:summary|abstract|introduction|overview|background|contents|table of contents|"
    r"statement of need|preface|foreword|executive summary)",
    re.I,
)

_TITLE_SOURCES = {
    "html": "the page's <h1> heading",
    "markdown": "the first heading of the Markdown text",
    "docx": "the Word document's title paragraph",
    "pdf": "the title on the first page",
}


def _drop(doc: WorkingDocument, stage: str, field: str) -> None:
    doc.problems = [
        p for p in doc.problems if not (p.stage == stage and p.field == field and p.line is None)
    ]


def _record(doc: WorkingDocument, field: str, source: str, value: str,
            other: list[tuple[str, str]] | None = None) -> None:
    doc.provenance[field] = FieldSource(field=field, source=source, value=value,
                                        other=[o for o in other or [] if o[1]])


def _disagree(doc: WorkingDocument, field: str, kept: tuple[str, str],
              other: tuple[str, str]) -> None:
    doc.problem(
        "metadata",
        f"sources disagree: {kept[0]} says {kept[1]!r}, {other[0]} says {other[1]!r}; "
        f"kept the first",
        raw=other[1],
        field=field,
    )


# -- title --------------------------------------------------------------------------


def site_free_title(stated: str, text_title: str, site_names: list[str]) -> str:
    """``stated`` less a site or series name joined to it ("Site - Title", "Title | Site").

    A part equal to the text's title is the title; parts that name the site
    (or the publisher) are dropped; otherwise ``stated`` is kept whole.
    """
    parts = [p.strip() for p in _SEPARATOR.split(stated) if p.strip()]
    if len(parts) < 2:
        return stated
    if text_title:
        for part in parts:
            if fold(part) == fold(text_title):
                return part
    names = {_compact(n) for n in site_names if n}
    kept = [p for p in parts if _compact(p) not in names]
    if kept and len(kept) < len(parts):
        separator = _SEPARATOR.search(stated)
        return (separator.group(0) if separator else " ").join(kept)
    return stated


def _compact(name: str) -> str:
    """A name with case, spaces and punctuation gone: "Valley Times" = "valleytimes"."""
    return re.sub(r"[\W_]+", "", fold(name))


Holder = tuple[str, str] | None


def _copyright_holder(doc: WorkingDocument) -> Holder:
    """The holder of the text's copyright line (a page's footer, for HTML), read once:
    the title and the publisher both weigh it."""
    holder = copyright_holder(doc.lines)
    if holder is None and doc.format == "html":
        holder = markup_copyright_holder(doc.data)
    return holder


def _site_names(doc: WorkingDocument, stated: str, holder: Holder) -> list[str]:
    """Names a site goes by, to take off a title that joins one: the site name and
    publisher the metadata states and, when the title joins parts at all, the
    holder of the page's copyright line and its address's domain name."""
    hints = doc.hints
    names = [hints.site_name or "", hints.publisher or ""]
    if not _SEPARATOR.search(stated):
        return names
    if holder is not None:
        names.append(holder[0])
    host = re.match(r"^[a-z][a-z+.-]*://(?:www\.)?([^/:?#]+)", hints.url or "", re.I)
    if host:
        names.append(host.group(1).split(".")[0])
    return names


def split_subtitle(title: str) -> tuple[str, str | None]:
    """ "Head: the rest" -> ("Head", "the rest") when the head is short, else (title, None)."""
    match = _SUBTITLE.match(title)
    if match is None or title.count(":") > 1:
        return title, None
    head, tail = match.group("head").strip(), match.group("tail").strip()
    if len(head.split()) > _MAX_HEAD_WORDS or len(tail.split()) < 2 or head.endswith("http"):
        return title, None
    if tail.endswith("?"):
        return title, None  # "Head: Who Gains?" asks one question: the whole is the title
    return head, tail


def _text_title_source(doc: WorkingDocument) -> tuple[str, bool]:
    """Where the text's title came from, and whether a reader was told it (a heading)."""
    told = doc.explicit_title is not None and fold(doc.explicit_title) == fold(doc.title)
    if told:
        return doc.explicit_title_source or _TITLE_SOURCES.get(
            doc.format, "the title the reader found"), True
    return "the first line of the text", False


def _title(doc: WorkingDocument, holder: Holder) -> None:
    hints = doc.hints
    text_title = doc.title
    text_source, told = _text_title_source(doc) if text_title else ("", False)
    stated = hints.title
    if stated:
        stated = site_free_title(stated, text_title, _site_names(doc, stated, holder))
    stated_source = doc.hint_source("title")
    if not stated:
        if text_title:
            _record(doc, "title", text_source, text_title)
    elif hints.title and fold(hints.title) == fold(text_title) and hints.trusted:
        # The reader printed the metadata's title (the page has no heading of its own).
        doc.title = stated
        _record(doc, "title", stated_source, stated)
    elif not text_title:
        doc.title = stated
        doc.problems = [p for p in doc.problems if p.field != "title"]
        _record(doc, "title", stated_source, stated)
        if not hints.trusted:
            doc.problem("metadata", f"title taken from {stated_source} only: check it",
                        raw=stated, field="title")
    elif fold(stated) == fold(text_title) and "title" in hints.sources:
        _record(doc, "title", stated_source, stated, [(text_source, text_title)])
    elif fold(stated) == fold(text_title) or not hints.trusted:
        _record(doc, "title", text_source, text_title, [(stated_source, hints.title or "")])
    elif fold(text_title) in fold(stated) and not _SECTION_HEADING.fullmatch(text_title):
        # The metadata adds to the heading ("Title: subtitle", a site name): the heading is
        # the title as printed; a longer stated form may carry the subtitle.
        _record(doc, "title", text_source, text_title, [(stated_source, hints.title or "")])
        rest = stated[len(text_title):].lstrip(" :–—-") if fold(stated).startswith(
            fold(text_title)) else ""
        if rest and doc.subtitle is None and stated[len(text_title):].lstrip().startswith(":"):
            doc.subtitle = rest
    elif told and not _SECTION_HEADING.fullmatch(text_title) and doc.format == "html":
        # A page's <h1> is what its readers see; the meta title may be a teaser.
        _record(doc, "title", text_source, text_title, [(stated_source, stated)])
        _disagree(doc, "title", (text_source, text_title), (stated_source, stated))
    else:
        # Front matter or meta over a heading found in the body.
        doc.title = stated
        _drop(doc, "front", "title")
        _record(doc, "title", stated_source, stated, [(text_source, text_title)])
        if not _SECTION_HEADING.fullmatch(text_title) and fold(stated) not in fold(text_title):
            _disagree(doc, "title", (stated_source, stated), (text_source, text_title))
    _subtitle(doc)


def _subtitle(doc: WorkingDocument) -> None:
    hints = doc.hints
    if doc.subtitle is None and hints.subtitle:
        doc.subtitle = hints.subtitle
        _record(doc, "subtitle", doc.hint_source("subtitle"), hints.subtitle)
        return
    if doc.subtitle is None and doc.title:
        head, tail = split_subtitle(doc.title)
        if tail is not None:
            source = doc.provenance["title"].source if "title" in doc.provenance else "the title"
            doc.title, doc.subtitle = head, tail
            _record(doc, "subtitle", f"the part of {source} after its colon", tail)
            return
    if doc.subtitle is not None and "subtitle" not in doc.provenance:
        _record(doc, "subtitle", "the line under the title", doc.subtitle)


# -- authors ------------------------------------------------------------------------


def _weak(doc: WorkingDocument) -> bool:
    """Metadata written by software more often than by authors: PDF and Word document
    properties ("Microsoft Word - draft1.docx", the account name "Administrator")."""
    return not doc.hints.trusted or doc.format in ("docx", "pdf")


def _stated_authors(doc: WorkingDocument) -> list[tuple[str, str | None]]:
    """The metadata's authors, each read like a byline ("Dr. A": the name "A", "Dr.").

    A name the byline rules do not read as a person's ("jane-doe", a handle) is
    still what trusted metadata states: kept as written, with a problem for
    review (document properties, "python-docx", "Administrator", are left out).
    """
    named: list[tuple[str, str | None]] = []
    for name in doc.hints.authors:
        if "," in name:
            if is_plausible_name(name):
                named.append((name, None))
            continue
        found, rejected = parse_byline(f"By {name}")
        if _weak(doc) and len(name.split()) < 2:
            continue  # one word in document properties is an account name, not a byline
        printed = _printed_name(doc, name) if not found else None
        if len(found) == 1:
            named.append(found[0])
        elif found and not rejected and all(is_person_like(n, h) for n, h in found):
            named += found  # one field naming several ("Ann Lee and Bo Chen")
        elif printed:
            named.append((printed, None))  # the handle and the printed name agree
        elif name.strip() and len(name) <= 100 and not _weak(doc):
            named.append((name.strip(), None))
            doc.problem("metadata", f"author {name!r} from {doc.hint_source('authors')} does "
                        "not read as a person's name: kept as written", raw=name, field="authors")
    return named


_SLUG = re.compile(r"^[a-z][a-z'’]*(?:[-_.][a-z][a-z'’]*)+$")
_PRINTED_LINES = 60  # names printed for a handle stand near the top


def _printed_name(doc: WorkingDocument, handle: str) -> str | None:
    """The name the text prints for a handle ("ann-lee-ray" -> "Ann Lee-Ray"), or None.

    A handle is a name's parts in lower case joined by hyphens, dots or
    underscores; the text shows the name only when the same parts stand in the
    same order, capitalised, separated by spaces or hyphens.
    """
    if not _SLUG.match(handle.strip()):
        return None
    parts = re.split(r"[-_.]", handle.strip())
    pattern = re.compile(r"(?<![\w-])" + r"[\s-]".join(re.escape(p) for p in parts) + r"(?![\w-])",
                         re.I)
    for line in doc.lines[:_PRINTED_LINES]:
        for match in pattern.finditer(line):
            if is_person_like(match.group(0)):
                return match.group(0)
    return None


def _stated_affiliations(doc: WorkingDocument, name: str) -> list[ParsedAffiliation]:
    stated = doc.hints.affiliations
    for key, organisations in stated.items():
        if fold(key) == fold(name):
            return [ParsedAffiliation(organization=org) for org in organisations if org]
    return []


def _authors(doc: WorkingDocument) -> None:
    named = _stated_authors(doc)
    stated = [name for name, _ in named]
    stated_source = doc.hint_source("authors")
    if doc.authors:
        names = ", ".join(a.name for a in doc.authors)
        _record(doc, "authors", "the byline in the text", names, [(stated_source,
                                                                   ", ".join(stated))])
        if stated and not {fold(n) for n in stated} <= {fold(a.name) for a in doc.authors}:
            # Metadata naming only some byline authors (often just the first) agrees.
            if doc.hints.trusted:
                _disagree(doc, "authors", ("the byline", names), (stated_source, ", ".join(stated)))
    elif stated and _weak(doc):
        # Word and PDF properties name whoever made the file (a reviewer, an
        # anonymised draft's owner, a typesetter): never an author on their own.
        doc.problem("metadata", f"{stated_source} name {', '.join(stated)!r}, but the text "
                    "states no author: not taken as the authors", raw=", ".join(stated),
                    field="authors")
    elif stated:
        doc.authors = [
            ParsedAuthor(name=name, honorific=honorific, position=i)
            for i, (name, honorific) in enumerate(named, start=1)
        ]
        _drop(doc, "byline", "authors")
        _record(doc, "authors", stated_source, ", ".join(stated))
        if not doc.hints.trusted:
            doc.problem("metadata", f"authors taken from {stated_source} only: check them",
                        raw=", ".join(stated), field="authors")
    if doc.hints.affiliations:
        doc.authors = [
            a if a.affiliations else ParsedAuthor(
                name=a.name, honorific=a.honorific, position=a.position, role=a.role,
                affiliations=_stated_affiliations(doc, a.name))
            for a in doc.authors
        ]


# -- date ---------------------------------------------------------------------------


def _ambiguous_date(problem: Problem) -> bool:
    return problem.stage == "date" and problem.reason.startswith("ambiguous date")


def _date_text(date: object, raw: str | None) -> str:
    return raw or (date.isoformat() if hasattr(date, "isoformat") else "")  # type: ignore[union-attr]


def _date(doc: WorkingDocument) -> None:
    hints = doc.hints
    dateline = doc.front_block("date")
    text_source = "the dateline in the text" + (f" (“{dateline.text[:80]}”)" if dateline else "")
    stated_source = doc.hint_source("published")
    stated = _date_text(hints.published, hints.published_raw) if (
        hints.published or hints.published_raw) else ""
    text = _date_text(doc.published, doc.published_raw) if (
        doc.published or doc.published_raw) else ""
    if not stated:
        if text:
            _record(doc, "published", text_source, text)
        else:
            _copyright_year(doc)
        return
    if not text:
        doc.published, doc.published_raw = hints.published, hints.published_raw
        _drop(doc, "date", "published")
        _record(doc, "published", stated_source, stated)
        return
    other = [(stated_source, stated)]
    if (hints.trusted and doc.published_alternative is not None
            and hints.published in (doc.published, doc.published_alternative)):
        # The text could be read either way; the metadata says which.
        doc.published = hints.published
        doc.problems = [p for p in doc.problems if not _ambiguous_date(p)]
        _record(doc, "published", f"{text_source}, read as {stated_source} states it",
                hints.published.isoformat() if hints.published else text, other)
        return
    _record(doc, "published", text_source, text, other)
    if hints.trusted and hints.published and doc.published and hints.published != doc.published:
        _disagree(doc, "published", (text_source, doc.published.isoformat()),
                  (stated_source, hints.published.isoformat()))


_COPYRIGHT = re.compile(r"\bcopyright\s*(?:\(c\)|©)?\s*((?:1[6-9]|20)\d\d)\b", re.I)
_EDGE_LINES = 40  # a copyright line stands at the top or the foot of a text


def _copyright_year(doc: WorkingDocument) -> None:
    """No date anywhere else: the first year of a copyright line, as a year, for review.

    Weak evidence (a copyright year is the year of first publication by
    convention, not always): the date carries a problem.
    """
    lines = doc.lines[:_EDGE_LINES] + doc.lines[-_EDGE_LINES:]
    found = next((m for line in lines if (m := _COPYRIGHT.search(line))), None)
    if found is None:
        return
    doc.published, doc.published_raw = None, found.group(1)
    _drop(doc, "date", "published")
    source = f"the copyright line (“{found.string.strip()[:80]}”)"
    _record(doc, "published", source, found.group(1))
    doc.problem("metadata", f"only a year, from {source}: check the publication date",
                raw=found.string.strip()[:200], field="published")


# -- publisher, disclaimer ----------------------------------------------------------


_TAGLINE = re.compile(r"^(?P<name>.+?)\s+[-–—|:]\s+(?P<tagline>[a-z].*)$")


def site_name(name: str | None) -> str | None:
    """A site's name without the tagline joined to it ("Hacks – the Web developer blog")."""
    if not name:
        return name
    match = _TAGLINE.match(name.strip())
    return match.group("name") if match else name.strip()


_PAGE_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)
_PAGE_HEAD = 200_000  # bytes of a page searched for its <title>


def _page_title(doc: WorkingDocument) -> str:
    """A page's <title> as written in its source (a reader may have cleaned the hint)."""
    if doc.format != "html":
        return ""
    match = _PAGE_TITLE.search(doc.data[:_PAGE_HEAD])
    if match is None:
        return ""
    return " ".join(html.unescape(match.group(1).decode("utf-8", errors="replace")).split())


def _title_site(doc: WorkingDocument) -> tuple[str, str] | None:
    """The site a page's <title> names after its heading ("Heading · Site"), or None."""
    stated, title = _page_title(doc), doc.title
    if not stated or not title:
        return None
    if not fold(stated).startswith(fold(title)) or fold(stated) == fold(title):
        return None
    rest = stated[len(title):]
    match = _SEPARATOR.match(rest)
    if match is None or not rest[match.end():].strip():
        return None
    name = rest[match.end():].strip()
    if len(name.split()) > 6 or _SEPARATOR.search(name):
        return None
    return name, "the page's <title> after the title"


_MASTHEAD_WORDS = 8


def _masthead_organisation(doc: WorkingDocument) -> str | None:
    """The issuing body a PDF prints above its title ("Federal Reserve Bank of X",
    "Department of Y"): a short line of its own that names an organisation, without
    numbers (a series and its number, a volume, a date are not the publisher)."""
    for block in (block for kind, block in doc.front if kind == "masthead"):
        for line in block.lines:
            text = " ".join(line.split()).strip(" .,")
            if (ORGANISATION.search(text) and len(text.split()) <= _MASTHEAD_WORDS
                    and not any(ch.isdigit() for ch in text) and text[:1].isupper()):
                return text
    return None


_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,7}$")


def spelled_out(name: str, text: str) -> tuple[str, str] | None:
    """(the full name, where the text says so) of an acronym the text defines as
    "Full Name (ACRONYM)", whose capitalised words start with its letters; else None."""
    if not _ACRONYM.match(name):
        return None
    letters = name.replace("&", "")
    words = r"[A-Z][\w'’.-]*"
    pattern = re.compile(rf"((?:{words}\s+(?:(?:of|for|and|the|on|in|&)\s+)*){{1,9}}{words})"
                         rf"\s*\(\s*{re.escape(name)}\s*\)")
    for match in pattern.finditer(text):
        full = match.group(1).split()
        for start in range(len(full)):
            candidate = full[start:]
            initials = "".join(w[0] for w in candidate if w[0].isupper())
            if initials == letters and candidate[0][0].isupper():
                return " ".join(candidate), match.group(0)
    return None


def _initials(name: str) -> str:
    return "".join(word[0] for word in re.findall(r"[A-Z][\w'’.-]*", name))


def _spelled_by_other(name: str, others: list[tuple[str, str | None]]) -> tuple[str, str] | None:
    """(the full name, where) when another piece of evidence names the same organisation
    in full: a site called "IAB" whose copyright line says "Interactive Advertising
    Bureau" (the capitalised words' initials are the acronym's letters)."""
    if not _ACRONYM.match(name):
        return None
    letters = name.replace("&", "")
    for source, other in others:
        if other and len(other.split()) > 1 and _initials(other) == letters:
            return other, source
    return None


def _publisher(doc: WorkingDocument, title_site: tuple[str, str] | None,
               holder: Holder) -> None:
    """The publisher from the strongest evidence; weak or disagreeing evidence is a problem.

    Strongest first: metadata naming the publisher; the text's "Published by"; the
    publication a reprint says it first appeared in; the organisation a disclaimer
    names; the site's name; a copyright line's holder (an organisation); untrusted
    metadata (document properties).
    """
    hints = doc.hints
    stated = hints.publisher
    imprint = published_by(doc.lines)
    reprint = first_published_in(doc.lines)
    serial = serial_name(doc.lines, doc.title)
    masthead = _masthead_organisation(doc)
    site = site_name(hints.site_name)
    site_source = doc.hint_source("site_name")
    if site is None and title_site is not None:
        site, site_source = title_site
    candidates: list[tuple[str, str | None]] = [
        (doc.hint_source("publisher"), stated if hints.trusted else None),
        (f"the imprint (“{imprint[1][:80]}”)" if imprint else "the imprint",
         imprint[0] if imprint else None),
        (f"the publication the text first appeared in (“{reprint[1][:80]}”)" if reprint
         else "", reprint[0] if reprint else None),
        ("the organisation the disclaimer names", doc.publisher),
        (f"the organisation printed above the title (“{masthead}”)", masthead),
        (site_source, site),
        (f"the journal or serial named in the text ({serial[1][:80]})" if serial else "",
         serial[0] if serial else None),
        (f"the copyright line (“{holder[1][:80]}”)" if holder else "the copyright line",
         holder[0] if holder else None),
        (doc.hint_source("publisher"), stated if not hints.trusted else None),
    ]
    found = [(source, value) for source, value in candidates if value]
    if not found:
        return
    (source, value), others = found[0], found[1:]
    spelled = spelled_out(value, doc.text)
    if spelled:
        source, value = f"{source}, spelled out as the text does (“{spelled[1][:80]}”)", spelled[0]
    elif (spelled := _spelled_by_other(value, others)) is not None:
        source, value = f"{source}, spelled out in full by {spelled[1]}", spelled[0]
    doc.publisher = value
    _record(doc, "publisher", source, value, others)
    strong = found[:2] if imprint and stated and hints.trusted else []
    if len(strong) == 2 and fold(strong[0][1]) != fold(strong[1][1]):
        _disagree(doc, "publisher", strong[0], strong[1])
    if len(found) == 1 and (value == (holder[0] if holder else None) or not hints.trusted
                            and value == stated):
        doc.problem("metadata", f"publisher taken from {source} only: check it",
                    raw=value, field="publisher")


def _disclaimer(doc: WorkingDocument) -> None:
    if doc.disclaimer is not None:
        _record(doc, "disclaimer", "a disclaimer paragraph in the text", doc.disclaimer.text)


def run(doc: WorkingDocument) -> None:
    title_site = _title_site(doc)  # before the title is settled (and split at a colon)
    holder = _copyright_holder(doc)
    _title(doc, holder)
    _authors(doc)
    _date(doc)
    _publisher(doc, title_site, holder)
    _disclaimer(doc)
    doc.doi, doc.url = doc.hints.doi, doc.hints.url
