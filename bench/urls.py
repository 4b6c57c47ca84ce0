"""A URLconf for the search benchmark: the catalog's own URLs plus an ``icontains`` page.

``/bench/icontains/?q=…`` is the page search is measured against: the
published documents whose title or text contains every term (``icontains``,
a full scan), newest first, 25 to a page with the total count, as a naive
catalog would do it.  Import only once Django is set up.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

__all__ = ["icontains_page", "urlpatterns"]

PAGE_SIZE = 25
_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Search</title></head>
<body><main><h1>{{ total }} documents</h1><ol>{% for d in page %}
<li><a href="/documents/{{ d.pk }}/">{{ d.title }}</a> {{ d.published|date:"Y-m-d" }}
{% if d.publisher %}{{ d.publisher.name }}{% endif %}</li>{% endfor %}</ol></main></body></html>"""


def icontains_page(request: HttpRequest) -> HttpResponse:
    from catalog.public.visibility import published_documents

    documents = published_documents().select_related("publisher").order_by("-published", "pk")
    for term in request.GET.get("q", "").split():
        documents = documents.filter(Q(title__icontains=term) | Q(text__icontains=term))
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    html = engines["django"].from_string(_PAGE).render(
        {"page": page, "total": page.paginator.count}, request
    )
    return HttpResponse(html)


urlpatterns = [
    path("bench/icontains/", icontains_page),
    path("", include("catalog.urls")),
]
