"""Reconcile what the text says with the metadata a structured format states.

The text stages run on every format alike; a reader of HTML, Markdown, DOCX or
PDF may also have found metadata (``<meta>``, JSON-LD, front matter, document
properties) in ``doc.hints``.  Rules:

* a field the text left empty is taken from the metadata, and the text
  stage's "not found" problem is dropped (the value is known after all);
* a field both give, differently, keeps the text's value (it is what readers
  see) and records a problem, so a librarian decides;
* an ambiguous numeric date in the text ("03/04/2015") takes whichever of its
  two readings trusted metadata states, and is no longer a problem;
* the publisher named by metadata wins over the one inferred from a
  disclaimer only when the disclaimer named none;
* DOI and URL come from the metadata only.
"""

from archive.ingest.document import ParsedAuthor, Problem
from archive.ingest.keys import fold
from archive.ingest.names import is_plausible_name
from archive.ingest.stages.byline import parse_byline
from archive.ingest.working import WorkingDocument

__all__ = ["run"]


def _drop(doc: WorkingDocument, stage: str, field: str) -> None:
    doc.problems = [
        p for p in doc.problems if not (p.stage == stage and p.field == field and p.line is None)
    ]


def _disagree(doc: WorkingDocument, field: str, text: str, stated: str) -> None:
    if not doc.hints.trusted:
        return
    doc.problem(
        "metadata",
        f"the text says {text!r} but the {doc.hints.source or 'metadata'} says {stated!r}",
        raw=stated,
        field=field,
    )


def _title(doc: WorkingDocument) -> None:
    stated = doc.hints.title
    if not stated:
        return
    if not doc.title:
        doc.title = stated
        doc.problems = [p for p in doc.problems if p.field != "title"]
    elif fold(stated) != fold(doc.title) and fold(doc.title) not in fold(stated):
        # "Title | Site name" in <title> is the same title; anything else is not.
        _disagree(doc, "title", doc.title, stated)


def _authors(doc: WorkingDocument) -> None:
    # Read like a byline, so "Dr. A" gives the name "A" and the honorific "Dr.".
    found = [parse_byline(f"By {name}")[0] for name in doc.hints.authors if "," not in name]
    named = [pair[0] for pair in found if len(pair) == 1]
    named += [(n, None) for n in doc.hints.authors if "," in n and is_plausible_name(n)]
    stated = [name for name, _ in named]
    if not stated:
        return
    if not doc.authors:
        doc.authors = [
            ParsedAuthor(name=name, honorific=honorific, position=i)
            for i, (name, honorific) in enumerate(named, start=1)
        ]
        _drop(doc, "byline", "authors")
    elif not {fold(n) for n in stated} <= {fold(a.name) for a in doc.authors}:
        # Metadata naming only some byline authors (often just the first) agrees.
        _disagree(doc, "authors", ", ".join(a.name for a in doc.authors), ", ".join(stated))


def _ambiguous_date(problem: Problem) -> bool:
    return problem.stage == "date" and problem.reason.startswith("ambiguous date")


def _date(doc: WorkingDocument) -> None:
    hints = doc.hints
    if hints.published is None and not hints.published_raw:
        return
    if doc.published is None and not doc.published_raw:
        doc.published, doc.published_raw = hints.published, hints.published_raw
        _drop(doc, "date", "published")
    elif (
        hints.trusted
        and doc.published_alternative is not None
        and hints.published in (doc.published, doc.published_alternative)
    ):
        # The text could be read either way; the metadata says which.
        doc.published = hints.published
        doc.problems = [p for p in doc.problems if not _ambiguous_date(p)]
    elif hints.published and doc.published and hints.published != doc.published:
        _disagree(doc, "published", doc.published.isoformat(), hints.published.isoformat())


def run(doc: WorkingDocument) -> None:
    hints = doc.hints
    _title(doc)
    if hints.subtitle and doc.subtitle is None:
        doc.subtitle = hints.subtitle
    _authors(doc)
    _date(doc)
    if hints.publisher and not doc.publisher:
        doc.publisher = hints.publisher
    doc.doi, doc.url = hints.doi, hints.url
