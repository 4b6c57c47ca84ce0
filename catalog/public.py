"""The one "published only" queryset behind every public page, the API, facets and sitemaps.

Every public view starts from :func:`published_documents`; nothing public reads
``Document.objects`` directly, so a draft or a withdrawn document can never be
shown, counted or listed, whatever the query string says.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from archive.schema import DocumentStatus
from catalog.models import Authorship, Document, Organization, Person

__all__ = ["public_organizations", "public_people", "published_documents"]


def published_documents() -> QuerySet[Document]:
    """Published documents, as they are now (the past catalog: ``catalog.as_of``)."""
    return Document.objects.filter(status=DocumentStatus.PUBLISHED)


def public_people() -> QuerySet[Person]:
    """People named in the byline of at least one published document."""
    bylines = Authorship.objects.filter(
        person=OuterRef("pk"), document__in=published_documents().values("id")
    )
    return Person.objects.filter(Exists(bylines))


def public_organizations() -> QuerySet[Organization]:
    """Publishers of at least one published document."""
    return Organization.objects.filter(
        Exists(published_documents().filter(publisher=OuterRef("pk")))
    )
