"""The read-only JSON API (documented in the README).

* ``GET /api/documents/`` — published documents, with the catalog's filters
  (``q``, ``notes``, ``author``, ``publisher``, ``kind``, ``language``,
  ``date_after``, ``date_before``, ``has_disclaimer``, ``has_footnotes``,
  ``cites``, ``sort``) and ``page``.  Answers ``{"results": [...], "page": n,
  "next": url|null, "previous": url|null}``; each result is a summary with the
  URLs of its record and its page, and with ``snippet`` parts when searching.
  Invalid parameters answer 400 with ``{"errors": {param: [messages]}}``.
* ``GET /api/documents/<id>/`` — the canonical record (``archive/records.py``,
  view ``"public"``, schema ``archive/schemas/document.schema.json``); 404 for
  an unknown or draft document, 410 with the tombstone (``title``, ``authors``,
  ``withdrawn_reason``) for a withdrawn one, whatever ``as_of`` says.
* Both take ``as_of`` (``2026-11-25`` or ``2026-11-25T10:00``, UTC unless an
  offset is given): the catalog as it was published at that moment; the list
  then answers full records in id order (``catalog.as_of``), and the tombstone
  of each document withdrawn since.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from catalog.as_of import AsOfError, as_of_page, parse_as_of
from catalog.listing import PAGE_SIZE, listing, page_number
from catalog.models import Document
from catalog.public import tombstone
from catalog.views import Gone, public_record

__all__ = ["document_detail", "document_list"]

JSON = {"json_dumps_params": {"ensure_ascii": False}}


def _summary(request: HttpRequest, document: Document, snippet: Any) -> dict[str, Any]:
    publisher = document.publisher
    return {
        "id": document.id,
        "api_url": request.build_absolute_uri(reverse("api-document-detail", args=[document.id])),
        "html_url": request.build_absolute_uri(reverse("document-detail", args=[document.id])),
        "title": document.title,
        "subtitle": document.subtitle,
        "kind": document.kind,
        "language": document.language,
        "published": document.published.isoformat() if document.published else None,
        "publisher": {"id": publisher.id, "name": publisher.name} if publisher else None,
        "authors": [
            {"person_id": a.person_id, "name": a.byline_name, "honorific": a.honorific}
            for a in document.authorships.all()
        ],
        "snippet": [{"text": text, "match": match} for text, match in snippet or []] or None,
    }


def _as_of_list(request: HttpRequest, at: dt.datetime) -> JsonResponse:
    page = as_of_page(at, page_number(request.GET), PAGE_SIZE)
    base = request.build_absolute_uri(request.path)

    def page_url(number: int) -> str:
        return base + "?" + urlencode({"as_of": request.GET["as_of"], "page": number})

    return JsonResponse({
        "as_of": at.isoformat(),
        "results": page.records,
        "page": page.number,
        "next": page_url(page.number + 1) if page.has_next else None,
        "previous": page_url(page.number - 1) if page.number > 1 else None,
    }, **JSON)


@require_safe
def document_list(request: HttpRequest) -> JsonResponse:
    """Published documents, filtered, searched and paged like the catalog (or as of a moment)."""
    try:
        at = parse_as_of(request.GET)
    except AsOfError as error:
        return JsonResponse({"errors": {"as_of": [str(error)]}}, status=400)
    if at is not None:
        return _as_of_list(request, at)
    page = listing(request.GET)
    if page.filterset.is_bound and not page.filterset.form.is_valid():
        return JsonResponse({"errors": page.filterset.form.errors.get_json_data()}, status=400)
    base = request.build_absolute_uri(request.path)
    return JsonResponse({
        "results": [_summary(request, d, page.snippets.get(d.id)) for d in page.documents],
        "page": page.number,
        "next": base + page.page_url(request.GET, page.number + 1) if page.has_next else None,
        "previous": base + page.page_url(request.GET, page.number - 1)
        if page.number > 1 else None,
    }, **JSON)


@require_safe
def document_detail(request: HttpRequest, pk: int) -> JsonResponse:
    """The canonical public record of a published document (``?as_of=`` for a past one)."""
    try:
        return JsonResponse(public_record(pk, parse_as_of(request.GET)), **JSON)
    except AsOfError as error:
        return JsonResponse({"errors": {"as_of": [str(error)]}}, status=400)
    except Gone as gone:
        return JsonResponse({"detail": "withdrawn", **tombstone(gone.document)}, status=410, **JSON)
    except Http404:
        return JsonResponse({"detail": "not found", "id": pk}, status=404)
