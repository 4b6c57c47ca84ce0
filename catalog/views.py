"""Public pages of the catalog: published documents only."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.views.generic import ListView

from catalog.models import Document
from catalog.public import published_documents


def healthz(_request: HttpRequest) -> HttpResponse:
    """A trivial view: the baseline of the page benchmarks."""
    return HttpResponse("ok", content_type="text/plain")


class DocumentListView(ListView):
    template_name = "catalog/document_list.html"
    context_object_name = "documents"
    paginate_by = 25

    def get_queryset(self) -> QuerySet[Document]:
        return published_documents().select_related("publisher")
