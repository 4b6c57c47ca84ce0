"""The one "published and not withdrawn" rule behind every public page, the API, facets,
sitemaps and the catalog as of a past moment.

Every public view starts from :func:`published_documents`; nothing public reads
``Document.objects`` directly, so a draft or a withdrawn document can never be
shown, counted or listed, whatever the query string says.  A withdrawal is a
takedown: a document withdrawn *now* is shown as its :func:`tombstone` (title,
authors, the reason) for every moment, ``?as_of=`` included, never its text
(:func:`withdrawn_documents`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet

from archive.schema import DocumentStatus, RecordStatus
from catalog.models import Authorship, Citation, Document, Organization, Person, Work

__all__ = [
    "cited_by_counts",
    "public_citations",
    "public_organizations",
    "public_people",
    "public_works",
    "published_documents",
    "tombstone",
    "withdrawn_documents",
]


def published_documents() -> QuerySet[Document]:
    """Published documents, as they are now (the past catalog: ``catalog.public.as_of``)."""
    return Document.objects.filter(status=DocumentStatus.PUBLISHED)


def public_people() -> QuerySet[Person]:
    """People named in the byline of at least one published document."""
    bylines = Authorship.objects.filter(
        person=OuterRef("pk"), document__in=published_documents().values("id")
    )
    return Person.objects.filter(Exists(bylines))


def surviving_person(pk: int) -> Person | None:
    """The person a merged-away record now lives on as (following merges), or None."""
    people = Person.objects.only("pk", "merged_into_id")
    seen: set[int] = set()
    person = people.filter(pk=pk).first()
    while person is not None and person.merged_into_id is not None and person.pk not in seen:
        seen.add(person.pk)
        person = people.filter(pk=person.merged_into_id).first()
    if person is None or person.pk == pk:
        return None
    return public_people().filter(pk=person.pk).first()


def public_organizations() -> QuerySet[Organization]:
    """Publishers of at least one published document."""
    return Organization.objects.filter(
        Exists(published_documents().filter(publisher=OuterRef("pk")))
    )


def public_citations() -> QuerySet[Citation]:
    """Active citations, in active notes of published documents, of active works.

    The only source of "cited by": a draft's or a withdrawn document's
    citations are never shown or counted.
    """
    return Citation.objects.filter(
        Exists(published_documents().filter(pk=OuterRef("document_id"))),
        status=RecordStatus.ACTIVE,
        footnote__status=RecordStatus.ACTIVE,
        work__status=RecordStatus.ACTIVE,
    )


def public_works() -> QuerySet[Work]:
    """Works that at least one published document cites."""
    return Work.objects.filter(
        Exists(public_citations().filter(work=OuterRef("pk"))), status=RecordStatus.ACTIVE
    )


def cited_by_counts(work_ids: Iterable[int]) -> dict[int, int]:
    """How many published documents cite each work (one query; absent: none)."""
    counts = (
        public_citations()
        .filter(work_id__in=list(work_ids))
        .order_by()
        .values("work_id")
        .annotate(documents=Count("document_id", distinct=True))
    )
    return {row["work_id"]: row["documents"] for row in counts}


def withdrawn_documents(ids: Iterable[int] | None = None) -> QuerySet[Document]:
    """Documents withdrawn now (of ``ids``), with their bylines for the tombstone."""
    documents = Document.objects.filter(status=DocumentStatus.WITHDRAWN)
    if ids is not None:
        documents = documents.filter(pk__in=list(ids))
    return documents.defer("text", "repairs").prefetch_related("authorships__person")


def tombstone(document: Document) -> dict[str, Any]:
    """What the public may know of a withdrawn document: no text, no librarian's name."""
    return {
        "id": document.id,
        "status": DocumentStatus.WITHDRAWN.value,
        "title": document.title,
        "authors": [
            {"person_id": a.person_id, "name": a.byline_name}
            for a in sorted(document.authorships.all(), key=lambda a: a.position)
        ],
        "withdrawn_reason": document.withdrawn_reason,
        "withdrawn_on": document.changed_at.date().isoformat(),
    }
