"""The kinds of document the catalog knows: one vocabulary for ingest, the admin and exports.

A kind says what a document *is* (a column, a working paper, a report), never what
the archive thinks of it.  ``code`` is stored in ``document.kind``; ``label`` is what
people read.  Ingest decides the kind from the evidence as a whole (front matter,
metadata, the publisher's series, the layout), never from a disclaimer alone: working
papers and reports carry disclaimers too.

``CITATION_TYPES`` below is the one table from each kind to the types of the
citation formats (BibTeX, biblatex, RIS, CSL, schema.org); exports
(``archive.citations``) and the bibliographic import
(``archive.ingest.readers.bibliographic``) both read it, so a record exported and
imported again keeps its kind.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CITATION_TYPES",
    "KIND_CODES",
    "KINDS",
    "UNKNOWN_KIND",
    "SOURCE_TYPES",
    "CitationTypes",
    "DocumentKind",
    "citation_types",
    "kind_from_citation_type",
    "kind_label",
]


@dataclass(frozen=True, slots=True)
class DocumentKind:
    code: str
    label: str
    description: str


KINDS: tuple[DocumentKind, ...] = (
    DocumentKind("opinion", "Opinion column", "an op-ed, column or signed commentary"),
    DocumentKind("article", "Article", "a magazine, web or general-interest article"),
    DocumentKind("news-article", "News article", "reporting in a newspaper or news site"),
    DocumentKind("magazine-article", "Magazine article", "an article in a periodical magazine"),
    DocumentKind("journal-article", "Journal article", "a paper in a scholarly journal"),
    DocumentKind("blog-post", "Blog post", "a dated post on a blog"),
    DocumentKind("report", "Report", "a report of an agency, institute or company"),
    DocumentKind("working-paper", "Working paper", "a paper in a working-paper series"),
    DocumentKind("brief", "Brief", "a policy brief, issue brief or short research note"),
    DocumentKind("software-paper", "Software paper", "a paper describing a piece of software"),
    DocumentKind("book", "Book", "a whole book"),
    DocumentKind("chapter", "Book chapter", "a chapter or section of an edited book"),
    DocumentKind("conference-paper", "Conference paper", "a paper in conference proceedings"),
    DocumentKind("thesis", "Thesis", "a doctoral or master's thesis"),
    DocumentKind("speech", "Speech", "a speech, lecture or testimony as delivered"),
    DocumentKind("web-page", "Web page", "a page of a website that is none of the above"),
    DocumentKind("record", "Bibliographic record", "a catalog entry without the document's text"),
)

KIND_CODES: frozenset[str] = frozenset(kind.code for kind in KINDS)

# What an unclassifiable text document is stored as.
UNKNOWN_KIND = "article"

_LABELS = {kind.code: kind.label for kind in KINDS}


def kind_label(code: str) -> str:
    """The label people read for ``code``; an unknown code is shown as it is stored."""
    return _LABELS.get(code, code)


@dataclass(frozen=True, slots=True)
class CitationTypes:
    """How each citation format names one kind.

    ``bibtex`` is a type of classic BibTeX (``btxdoc``: what ``plain.bst`` knows), the
    one the ``.bib`` export writes; when an entry lacks a field that type requires,
    the export writes ``@misc`` instead (as Zotero does), and the kind travels in the
    ``type`` field.  ``biblatex`` is the type a biblatex user would choose; it is read
    on import.  ``ris`` is the ``TY`` tag, ``csl`` the CSL 1.0.1 ``type`` (so the item
    validates against the CSL-JSON schema of that version), ``schema_org`` the
    schema.org ``@type`` of the JSON-LD.
    """

    bibtex: str
    biblatex: str
    ris: str
    csl: str
    schema_org: str


# One row per kind.  Several kinds share a type where a format has no finer one
# (RIS, CSL and BibTeX have no "working paper"); the kind's label written beside
# the type (BibTeX/biblatex ``type``, RIS ``M3``, CSL ``genre``) tells them apart,
# and the import reads it back.  So every kind survives export and import.
CITATION_TYPES: dict[str, CitationTypes] = {
    "opinion": CitationTypes("article", "article", "NEWS", "article-newspaper",
                             "OpinionNewsArticle"),
    "article": CitationTypes("article", "article", "GEN", "article", "Article"),
    "news-article": CitationTypes("article", "article", "NEWS", "article-newspaper",
                                  "NewsArticle"),
    "magazine-article": CitationTypes("article", "article", "MGZN", "article-magazine",
                                      "Article"),
    "journal-article": CitationTypes("article", "article", "JOUR", "article-journal",
                                     "ScholarlyArticle"),
    "blog-post": CitationTypes("misc", "online", "BLOG", "post-weblog", "BlogPosting"),
    "report": CitationTypes("techreport", "report", "RPRT", "report", "Report"),
    "working-paper": CitationTypes("techreport", "report", "RPRT", "report", "Report"),
    "brief": CitationTypes("techreport", "report", "RPRT", "report", "Report"),
    "software-paper": CitationTypes("article", "article", "JOUR", "article-journal",
                                    "ScholarlyArticle"),
    "book": CitationTypes("book", "book", "BOOK", "book", "Book"),
    "chapter": CitationTypes("incollection", "incollection", "CHAP", "chapter", "Chapter"),
    "conference-paper": CitationTypes("inproceedings", "inproceedings", "CPAPER",
                                      "paper-conference", "ScholarlyArticle"),
    "thesis": CitationTypes("phdthesis", "thesis", "THES", "thesis", "Thesis"),
    "speech": CitationTypes("misc", "misc", "GEN", "speech", "CreativeWork"),
    "web-page": CitationTypes("misc", "online", "ELEC", "webpage", "WebPage"),
    "record": CitationTypes("misc", "misc", "GEN", "article", "CreativeWork"),
}

# Import: each format's type -> the kind it is read as (lower case; a type found
# nowhere is read as "record").  Several kinds write the same type; the kind read
# back for a bare type is its plainest reading, and the kind label beside it (see
# above) restores the exact kind.  tests/archive/test_kinds.py checks that every
# row of CITATION_TYPES comes back as its kind through each format.
SOURCE_TYPES: dict[str, dict[str, str]] = {
    "bibtex": {  # BibTeX and biblatex
        "article": "journal-article",
        "book": "book", "mvbook": "book", "collection": "book", "mvcollection": "book",
        "proceedings": "book", "mvproceedings": "book", "reference": "book",
        "inbook": "chapter", "bookinbook": "chapter", "suppbook": "chapter",
        "incollection": "chapter", "suppcollection": "chapter", "inreference": "chapter",
        "inproceedings": "conference-paper", "conference": "conference-paper",
        "techreport": "report", "report": "report",
        "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
        "online": "web-page", "electronic": "web-page", "www": "web-page",
        "webpage": "web-page",
    },
    "ris": {
        "jour": "journal-article", "ejour": "journal-article", "inpr": "journal-article",
        "mgzn": "magazine-article", "news": "news-article", "blog": "blog-post",
        "book": "book", "ebook": "book", "edbook": "book",
        "chap": "chapter", "echap": "chapter",
        "cpaper": "conference-paper", "conf": "conference-paper",
        "rprt": "report", "thes": "thesis", "elec": "web-page", "web": "web-page",
    },
    "csl": {
        "article": "article", "article-journal": "journal-article",
        "article-magazine": "magazine-article", "article-newspaper": "news-article",
        "post-weblog": "blog-post", "post": "blog-post", "report": "report",
        "book": "book", "chapter": "chapter", "paper-conference": "conference-paper",
        "thesis": "thesis", "speech": "speech", "webpage": "web-page",
    },
}
_KIND_BY_LABEL = {kind.label.lower(): kind.code for kind in KINDS}


def citation_types(code: str) -> CitationTypes:
    """The row of ``code``; an unknown kind is exported as a generic record."""
    return CITATION_TYPES.get(code, CITATION_TYPES["record"])


def kind_from_citation_type(format: str, source_type: object, genre: object = None) -> str:
    """The kind of an entry imported from ``format`` ("bibtex", "ris" or "csl").

    A kind label in ``genre`` (the BibTeX/biblatex ``type``, RIS ``M3`` or CSL
    ``genre`` field, where the exports write it) wins; then the type.
    """
    if isinstance(genre, str) and genre.strip().lower() in _KIND_BY_LABEL:
        return _KIND_BY_LABEL[genre.strip().lower()]
    if not isinstance(source_type, str):
        return "record"
    return SOURCE_TYPES[format].get(source_type.strip().lower(), "record")
