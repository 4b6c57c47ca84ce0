"""The kinds of document the catalog knows: one vocabulary for ingest, the admin and exports.

A kind says what a document *is* (a column, a working paper, a report), never what
the archive thinks of it.  ``code`` is stored in ``document.kind``; ``label`` is what
people read.  Ingest decides the kind from the evidence as a whole (front matter,
metadata, the publisher's series, the layout), never from a disclaimer alone: working
papers and reports carry disclaimers too.

The mapping of each kind to BibTeX/biblatex, RIS, CSL and schema.org types lives
with the citation formats (``archive.citations``), keyed by these codes.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KIND_CODES", "KINDS", "UNKNOWN_KIND", "DocumentKind", "kind_label"]


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
