"""Atom feeds of the public catalog: what was published or corrected, newest first.

* ``/feeds/documents.atom`` — the whole catalog;
* ``/authors/<id>/feed.atom`` and ``/publishers/<id>/feed.atom`` — one author's or
  one publisher's documents.

An entry's ``updated`` is the moment its published record last changed, from
``oai_record`` (kept by triggers for OAI-PMH: any change of the document or its
children while published, revision 0013), so a correction moves a document back
to the top with its new date.  Entries are read through ``catalog.public.visibility``: a
draft or a withdrawn document never appears, whatever ``oai_record`` holds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from archive.kinds import kind_label
from archive.oai.store import oai_records
from catalog.models import Document, Organization, Person
from catalog.public.visibility import public_organizations, public_people, published_documents
from catalog.sa import engine_for

__all__ = ["AuthorFeed", "CatalogFeed", "PublisherFeed"]

ENTRIES = 50


def _latest(where: Any = None) -> list[tuple[Document, dt.datetime]]:
    """The documents whose published record changed last, with that moment."""
    query = sa.select(oai_records.c.document_id, oai_records.c.datestamp).where(
        oai_records.c.deleted.is_(False)
    )
    if where is not None:
        query = query.where(where)
    query = query.order_by(oai_records.c.datestamp.desc(), oai_records.c.document_id.desc())
    with engine_for().connect() as connection:
        stamps = dict(connection.execute(query.limit(ENTRIES)).all())
    documents = (
        published_documents().filter(id__in=list(stamps)).select_related("publisher")
        .prefetch_related("authorships__person").defer("text", "repairs")
    )
    found = [(d, _utc(stamps[d.id])) for d in documents]
    return sorted(found, key=lambda pair: (pair[1], pair[0].id), reverse=True)


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class CatalogFeed(Feed):
    feed_type = Atom1Feed
    title = "Archive catalog: new and corrected documents"
    subtitle = "Documents as they are published in the catalog, and again when corrected."

    def link(self) -> str:
        return reverse("document-list")

    def items(self, obj: Any = None) -> list[tuple[Document, dt.datetime]]:
        return _latest()

    def item_title(self, item: tuple[Document, dt.datetime]) -> str:
        return item[0].title

    def item_link(self, item: tuple[Document, dt.datetime]) -> str:
        return reverse("document-detail", args=[item[0].id])

    def item_description(self, item: tuple[Document, dt.datetime]) -> str:
        document = item[0]
        parts = [kind_label(document.kind)]
        if document.published:
            parts.append(f"published {document.published.isoformat()}")
        if document.publisher:
            parts.append(document.publisher.name)
        return " · ".join(parts)

    def item_author_name(self, item: tuple[Document, dt.datetime]) -> str | None:
        names = [a.person.name for a in item[0].authorships.all()]
        return ", ".join(names) or None

    def item_updateddate(self, item: tuple[Document, dt.datetime]) -> dt.datetime:
        return item[1]

    def item_pubdate(self, item: tuple[Document, dt.datetime]) -> dt.datetime:
        created = item[0].created_at
        return created if created.tzinfo else created.replace(tzinfo=dt.UTC)

    def item_guid(self, item: tuple[Document, dt.datetime]) -> str:
        return f"document-{item[0].id}"  # the same entry, updated when corrected

    item_guid_is_permalink = False


class AuthorFeed(CatalogFeed):
    def get_object(self, request: HttpRequest, pk: int) -> Person:
        return get_object_or_404(public_people(), pk=pk)

    def title(self, obj: Person) -> str:
        return f"Archive catalog: documents by {obj.name}"

    def subtitle(self, obj: Person) -> str:
        return f"Documents by {obj.name} as they are published, and again when corrected."

    def link(self, obj: Person) -> str:
        return reverse("person-detail", args=[obj.id])

    def items(self, obj: Person) -> list[tuple[Document, dt.datetime]]:
        authorship = sa.table("authorship", sa.column("document_id"), sa.column("person_id"))
        bylines = sa.select(authorship.c.document_id).where(authorship.c.person_id == obj.id)
        return _latest(oai_records.c.document_id.in_(bylines))


class PublisherFeed(CatalogFeed):
    def get_object(self, request: HttpRequest, pk: int) -> Organization:
        return get_object_or_404(public_organizations(), pk=pk)

    def title(self, obj: Organization) -> str:
        return f"Archive catalog: documents published by {obj.name}"

    def subtitle(self, obj: Organization) -> str:
        return f"Documents of {obj.name} as they are published, and again when corrected."

    def link(self, obj: Organization) -> str:
        return reverse("organization-detail", args=[obj.id])

    def items(self, obj: Organization) -> list[tuple[Document, dt.datetime]]:
        return _latest(oai_records.c.publisher_id == obj.id)
