"""The citation graph in the public catalog: what each note cites, works cited, work pages.

Everything public starts from ``catalog.public.visibility`` (``public_citations``): a
draft's or a withdrawn document's citations are never shown or counted.  With
``as_of`` the citations, works and citing documents are read back from the
history (``archive.citegraph.bibliography``); a document withdrawn since is
left out of a work's page (its own page is its tombstone), and counts are
those of the documents listed.  The HTML pages and the API share the shapes
built here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.urls import reverse

from archive.citegraph.bibliography import (
    CitedWork,
    NoteCitation,
    citing_documents_as_of,
    document_citations_as_of,
    reference,
    works_cited,
)
from archive.history import document_record_as_of, published_document_ids_as_of, row_at
from archive.schema import RecordStatus
from catalog.models import Work
from catalog.public.as_of import record_row
from catalog.public.listing import Row, rows
from catalog.public.visibility import (
    cited_by_counts,
    public_citations,
    public_works,
    published_documents,
    withdrawn_documents,
)
from catalog.sa import read_session_for

__all__ = [
    "WORKS_PAGE_SIZE",
    "Bibliography",
    "CitingDocument",
    "ShownCitation",
    "ShownWork",
    "WorkPage",
    "as_of_suffix",
    "bibliography",
    "doi_url",
    "merged_into",
    "work_page",
]

WORKS_PAGE_SIZE = 50
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def doi_url(item: dict[str, Any]) -> str | None:
    """The resolver link of a work's DOI (only a well-formed ``10.…/…`` becomes a link)."""
    doi = str(item.get("DOI") or "")
    return "https://doi.org/" + quote(doi, safe="/:;()._-") if _DOI.match(doi) else None


def as_of_suffix(at: dt.datetime | None) -> str:
    return "?as_of=" + at.isoformat().replace("+00:00", "Z") if at else ""


def _work_url(work_id: int, at: dt.datetime | None) -> str:
    return reverse("work-detail", args=[work_id]) + as_of_suffix(at)


@dataclass(frozen=True, slots=True)
class ShownCitation:
    """A citation under its note: the work it cites, and what the note adds."""

    work_id: int
    url: str
    label: str
    detail: str | None  # "short form, p. 147"


@dataclass(frozen=True, slots=True)
class ShownWork:
    """One line of a document's works cited."""

    work_id: int
    url: str
    label: str
    item: dict[str, Any]
    notes: tuple[int, ...]
    cited_by: int | None  # published documents citing it now (None as of a past moment)


@dataclass(frozen=True, slots=True)
class Bibliography:
    by_note: dict[int, list[ShownCitation]]
    works: list[ShownWork]
    citations: list[NoteCitation]


def _detail(citation: NoteCitation) -> str | None:
    parts = {"short": ["short form"], "ibid": ["ibid."]}.get(citation.form, [])
    where = citation.item.get("locator") or citation.item.get("page")
    if where:
        parts.append(f"{'pp.' if '-' in str(where) else 'p.'} {where}")
    return ", ".join(parts) or None


def _current_citations(document_id: int) -> list[NoteCitation]:
    found = (
        public_citations()
        .filter(document_id=document_id)
        .order_by("footnote__number", "position")
        .values_list("footnote__number", "position", "work_id", "work__csl", "csl", "form")
    )
    return [NoteCitation(*values) for values in found]


def bibliography(document_id: int, at: dt.datetime | None = None) -> Bibliography:
    """The citations of a public document's notes and the works they cite (now, or at ``at``).

    The caller has checked that the document is public (``catalog.public.views.public_record``).
    """
    if at is None:
        citations = _current_citations(document_id)
    else:
        with read_session_for()() as session:
            citations = document_citations_as_of(session, document_id, at)
    cited: list[CitedWork] = works_cited(citations)
    counts = cited_by_counts(w.work_id for w in cited) if at is None else {}
    labels = {w.work_id: reference(w.item) for w in cited}
    by_note: dict[int, list[ShownCitation]] = {}
    for citation in citations:
        by_note.setdefault(citation.note, []).append(ShownCitation(
            citation.work_id, _work_url(citation.work_id, at), labels[citation.work_id],
            _detail(citation)))
    works = [ShownWork(w.work_id, _work_url(w.work_id, at), labels[w.work_id], w.item, w.notes,
                       counts.get(w.work_id) if at is None else None) for w in cited]
    return Bibliography(by_note, works, citations)


# -- a work's page ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CitingDocument:
    row: Row
    notes: list[tuple[int, str, str]]  # (number, note text, link to the note)
    citations: list[NoteCitation]


@dataclass(frozen=True, slots=True)
class WorkPage:
    work_id: int
    item: dict[str, Any]
    label: str
    cited_by: int
    documents: list[CitingDocument]
    number: int
    count: int  # pages
    as_of: dt.datetime | None


def merged_into(pk: int) -> int | None:
    """The work a merged work now stands for (following merges of merges)."""
    seen: set[int] = set()
    target = None
    current = Work.objects.filter(pk=pk).values("merged_into_id", "status").first()
    while current and current["merged_into_id"] and current["merged_into_id"] not in seen:
        target = current["merged_into_id"]
        seen.add(target)
        current = Work.objects.filter(pk=target).values("merged_into_id", "status").first()
    return target


def _note_texts(record_notes: list[dict[str, Any]], wanted: set[int],
                document_url: str) -> list[tuple[int, str, str]]:
    return [(n["number"], n["text"], f"{document_url}#note-{n['number']}")
            for n in record_notes if n["number"] in wanted]


def work_page(pk: int, number: int, at: dt.datetime | None = None) -> WorkPage:
    """A work and the published documents (and notes) that cite it; ``Http404`` if none."""
    if at is not None:
        return _work_page_as_of(pk, number, at)
    work = Work.objects.filter(pk__in=public_works().filter(pk=pk).values("pk")).first()
    if work is None:
        raise Http404("no published document cites this work")
    citing = public_citations().filter(work_id=pk)
    documents = (
        published_documents()
        .filter(Exists(citing.filter(document_id=OuterRef("pk"))))
        .select_related("publisher")
        .prefetch_related("authorships__person")
        .defer("text", "repairs")
        .order_by("-published", "-id")
    )
    page = Paginator(documents, WORKS_PAGE_SIZE).get_page(number)
    shown = list(page)
    notes: dict[int, dict[int, str]] = {}
    found: dict[int, list[NoteCitation]] = {}
    for values in (
        citing.filter(document_id__in=[d.id for d in shown])
        .order_by("footnote__number", "position")
        .values_list("document_id", "footnote__number", "footnote__text", "position", "csl",
                     "form")
    ):
        document_id, note, text, position, csl, form = values
        notes.setdefault(document_id, {})[note] = text
        found.setdefault(document_id, []).append(
            NoteCitation(note, position, pk, work.csl, csl, form))
    documents_shown = [
        CitingDocument(row, [(n, text, f"{row.url}#note-{n}")
                             for n, text in notes.get(row.id, {}).items()],
                       found.get(row.id, []))
        for row in rows(shown, {})
    ]
    return WorkPage(pk, work.csl, reference(work.csl), page.paginator.count, documents_shown,
                    page.number, page.paginator.num_pages, None)


def _work_page_as_of(pk: int, number: int, at: dt.datetime) -> WorkPage:
    with read_session_for()() as session:
        work = row_at(session, "work", pk, at)
        if work is None or work["status"] != RecordStatus.ACTIVE:
            raise Http404("this work was not in the public catalog at that moment")
        citing = citing_documents_as_of(
            session, pk, at, published_document_ids_as_of(session, at))
        gone = set(withdrawn_documents(citing).values_list("id", flat=True))
        ids = [i for i in citing if i not in gone]
        if not ids:
            raise Http404("no document in the public catalog cited this work at that moment")
        page = Paginator(ids, WORKS_PAGE_SIZE).get_page(number)
        records = [record for i in page
                   if (record := document_record_as_of(session, i, at, "public")) is not None]
    suffix = as_of_suffix(at)
    documents = []
    for record in records:
        row = record_row(record, suffix)
        wanted = {c.note for c in citing[record["id"]]}
        document_url = reverse("document-detail", args=[record["id"]]) + suffix
        documents.append(CitingDocument(
            row, _note_texts(record["footnotes"], wanted, document_url), citing[record["id"]]))
    return WorkPage(pk, work["csl"], reference(work["csl"]), len(ids), documents, page.number,
                    page.paginator.num_pages, at)
