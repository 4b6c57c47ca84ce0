"""The one "published only" queryset behind every public page, the API and public dumps."""

from __future__ import annotations

from django.db.models import QuerySet

from archive.schema import DocumentStatus
from catalog.models import Document

__all__ = ["published_documents"]


def published_documents() -> QuerySet[Document]:
    return Document.objects.filter(status=DocumentStatus.PUBLISHED)
