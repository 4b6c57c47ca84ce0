"""The read-only JSON API (documented in the README).

* ``GET /api/documents/`` — published documents, with the catalog's filters
  (``q``, ``notes``, ``author``, ``publisher``, ``kind``, ``language``,
  ``date_after``, ``date_before``, ``has_disclaimer``, ``has_footnotes``,
  ``cites``, ``cites_work``, ``cited``, ``sort``) and ``page``.  Answers
  ``{"count": total, "results": [...], "page": n, "pages": last page,
  "next": url|null, "previous": url|null}``; each result is a summary with the
  URLs of its record and its page, and with ``snippet`` parts and ``matched``
  (where: "title", "author", "disclaimer", "text", "notes") when searching.
  Invalid parameters, ``page`` included, answer 400 with
  ``{"errors": {param: [messages]}}``; a page past the last one 404 with the
  same shape.
* ``GET /api/documents/<id>/`` — the canonical record (``archive/records.py``,
  view ``"public"``, schema ``archive/schemas/document.schema.json``); 404 for
  an unknown or draft document, 410 with the tombstone (``title``, ``authors``,
  ``withdrawn_reason``) for a withdrawn one, whatever ``as_of`` says.
* ``GET /api/documents/<id>/works-cited/`` — each note's citations and the
  works cited, with how many published documents cite each (``catalog.public.works``).
* ``GET /api/works/<id>/`` — a cited work and the published documents and
  notes that cite it, paged; 404 if none does, 301 for a work merged into another.
* All take ``as_of`` (``2026-11-25`` or ``2026-11-25T10:00``, UTC unless an
  offset is given): the catalog as it was published at that moment; the list
  then answers full records in id order (``catalog.public.as_of``), and the tombstone
  of each document withdrawn since.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from catalog.models import Document
from catalog.public import works
from catalog.public.as_of import AsOfError, as_of_page, parse_as_of
from catalog.public.filters import DocumentFilter
from catalog.public.listing import PAGE_SIZE, PageError, PastTheEnd, listing, page_number
from catalog.public.views import Gone, public_record
from catalog.public.visibility import tombstone

__all__ = ["document_detail", "document_list", "document_works_cited", "work_detail"]

JSON = {"json_dumps_params": {"ensure_ascii": False}}


def _summary(
    request: HttpRequest, document: Document, snippet: Any, matched: list[str] | None = None
) -> dict[str, Any]:
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
        "matched": matched or None,
    }


def _page_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"errors": {"page": [message]}}, status=status, **JSON)


def _as_of_list(request: HttpRequest, at: dt.datetime) -> JsonResponse:
    try:
        page = as_of_page(at, page_number(request.GET), PAGE_SIZE)
    except PageError as error:
        return _page_error(str(error), 400)
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
    form = DocumentFilter(request.GET, queryset=Document.objects.none()).form
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    try:
        page = listing(request.GET)
    except PageError as error:
        return _page_error(str(error), 400)
    except PastTheEnd as past:
        return _page_error(str(past), 404)
    base = request.build_absolute_uri(request.path)
    return JsonResponse({
        "count": page.total,
        "results": [_summary(request, d, page.snippets.get(d.id), page.reasons.get(d.id))
                    for d in page.documents],
        "page": page.number,
        "pages": page.last,
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


def _work_json(request: HttpRequest, work_id: int, item: dict[str, Any],
               suffix: str) -> dict[str, Any]:
    return {
        "id": work_id,
        "api_url": request.build_absolute_uri(
            reverse("api-work-detail", args=[work_id])) + suffix,
        "html_url": request.build_absolute_uri(reverse("work-detail", args=[work_id])) + suffix,
        "csl": item,
    }


@require_safe
def document_works_cited(request: HttpRequest, pk: int) -> JsonResponse:
    """What a published document's notes cite: each note's citations, and the works cited."""
    try:
        at = parse_as_of(request.GET)
        record = public_record(pk, at)
    except AsOfError as error:
        return JsonResponse({"errors": {"as_of": [str(error)]}}, status=400)
    except Gone as gone:
        return JsonResponse({"detail": "withdrawn", **tombstone(gone.document)}, status=410, **JSON)
    except Http404:
        return JsonResponse({"detail": "not found", "id": pk}, status=404)
    bibliography = works.bibliography(record["id"], at)
    suffix = works.as_of_suffix(at)
    notes: dict[int, list[dict[str, Any]]] = {}
    for citation in bibliography.citations:
        notes.setdefault(citation.note, []).append({
            "position": citation.position, "form": citation.form, "csl": citation.item,
            "work_id": citation.work_id})
    return JsonResponse({
        "document": record["id"],
        "as_of": at.isoformat() if at else None,
        "notes": [{"number": number, "citations": cited} for number, cited in notes.items()],
        "works": [
            {**_work_json(request, work.work_id, work.item, suffix),
             "notes": list(work.notes), "cited_by": work.cited_by}
            for work in bibliography.works
        ],
    }, **JSON)


@require_safe
def work_detail(request: HttpRequest, pk: str) -> JsonResponse:
    """A cited work and the published documents (and notes) that cite it, paged."""
    work_id = int(pk)
    try:
        at = parse_as_of(request.GET)
        if at is None and (target := works.merged_into(work_id)) is not None:
            return JsonResponse({"detail": "merged", "id": work_id, "merged_into": target,
                                 "api_url": request.build_absolute_uri(
                                     reverse("api-work-detail", args=[target]))},
                                status=301, headers={"Location": reverse(
                                    "api-work-detail", args=[target])})
        page = works.work_page(work_id, page_number(request.GET), at)
    except AsOfError as error:
        return JsonResponse({"errors": {"as_of": [str(error)]}}, status=400)
    except Http404:
        return JsonResponse({"detail": "not found", "id": work_id}, status=404)
    base = request.build_absolute_uri(request.path)
    suffix = works.as_of_suffix(at)

    def page_url(number: int) -> str:
        params = {"page": number} | ({"as_of": request.GET["as_of"]} if at else {})
        return base + "?" + urlencode(params)

    return JsonResponse({
        **_work_json(request, work_id, page.item, suffix),
        "as_of": at.isoformat() if at else None,
        "cited_by": page.cited_by,
        "documents": [
            {
                "id": document.row.id,
                "api_url": request.build_absolute_uri(
                    reverse("api-document-detail", args=[document.row.id])) + suffix,
                "html_url": request.build_absolute_uri(document.row.url),
                "title": document.row.title,
                "published": document.row.published,
                "authors": [name for name, _url in document.row.authors],
                "notes": [{"number": number, "text": text} for number, text, _ in document.notes],
                "citations": [{"note": c.note, "position": c.position, "form": c.form,
                               "csl": c.item} for c in document.citations],
            }
            for document in page.documents
        ],
        "page": page.number,
        "next": page_url(page.number + 1) if page.number < page.count else None,
        "previous": page_url(page.number - 1) if page.number > 1 else None,
    }, **JSON)
