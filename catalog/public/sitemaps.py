"""``sitemap.xml``: published documents, authors and publishers (``visibility`` only)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from catalog.models import Document, Organization, Person
from catalog.public.visibility import public_organizations, public_people, published_documents

__all__ = ["SITEMAPS"]


class DocumentSitemap(Sitemap):
    limit = 10_000  # below the protocol's 50,000 per file; the index lists the pages

    def items(self) -> QuerySet[Document]:
        return published_documents().only("id", "changed_at").order_by("id")

    def location(self, item: Document) -> str:
        return reverse("document-detail", args=[item.id])

    def lastmod(self, item: Document):  # noqa: ANN201
        return item.changed_at


class PersonSitemap(Sitemap):
    limit = 10_000

    def items(self) -> QuerySet[Person]:
        return public_people().only("id").order_by("id")

    def location(self, item: Person) -> str:
        return reverse("person-detail", args=[item.id])


class OrganizationSitemap(Sitemap):
    limit = 10_000

    def items(self) -> QuerySet[Organization]:
        return public_organizations().only("id").order_by("id")

    def location(self, item: Organization) -> str:
        return reverse("organization-detail", args=[item.id])


SITEMAPS = {"documents": DocumentSitemap, "authors": PersonSitemap,
            "publishers": OrganizationSitemap}
