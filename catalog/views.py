"""Public pages of the catalog: published documents only (``catalog.public``).

Anonymous and read-only.  Every view starts from a queryset in
``catalog.public``; a withdrawn document's page answers 410 Gone with its
tombstone note, a draft's 404.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe

from archive import citations
from archive.records import document_record
from catalog import pages
from catalog.as_of import AsOfError, as_of_page, as_of_record, parse_as_of
from catalog.facets import facet_counts
from catalog.filters import SORTS
from catalog.listing import PAGE_SIZE, listing, page_number, rows
from catalog.models import Affiliation, Authorship, Document
from catalog.public import (
    public_organizations,
    public_people,
    published_documents,
    surviving_person,
    tombstone,
    withdrawn_documents,
)
from catalog.sa import read_session_for

__all__ = [
    "cite",
    "document_detail",
    "document_list",
    "healthz",
    "organization_detail",
    "person_detail",
    "public_record",
]

PEOPLE_PAGE_SIZE = 50
# Yes/no filters, rendered as plain selects (a form widget costs a template render each).
FLAGS = [("has_disclaimer", "Has a disclaimer"), ("has_footnotes", "Has footnotes")]
FLAG_CHOICES = [("", "Either"), ("true", "Yes"), ("false", "No")]


def healthz(_request: HttpRequest) -> HttpResponse:
    """A trivial view: the baseline of the page benchmarks."""
    return HttpResponse("ok", content_type="text/plain")


class Gone(Exception):
    """A withdrawn document: the public page is a tombstone (410)."""

    def __init__(self, document: Document) -> None:
        self.document = document


def public_record(pk: int, as_of: dt.datetime | None = None) -> dict[str, Any]:
    """The public record of a published document; ``Gone`` if withdrawn, ``Http404`` otherwise.

    With ``as_of``, the record as it was published at that moment (``catalog.as_of``).
    A document withdrawn now is ``Gone`` for every moment: a takedown has no past.
    """
    withdrawn = withdrawn_documents([pk]).first()
    if withdrawn is not None:
        raise Gone(withdrawn)
    if as_of is not None:
        return as_of_record(pk, as_of)
    if not published_documents().filter(pk=pk).exists():
        raise Http404("no such document")
    with read_session_for()() as session:
        return document_record(session, pk, "public")


def _tombstone(request: HttpRequest, gone: Gone) -> HttpResponse:
    # The librarian's user name is for staff: the public sees title, authors and reason.
    return render(request, "catalog/gone.html", {
        "tombstone": tombstone(gone.document),
        "withdrawn_by": gone.document.changed_by if request.user.is_staff else None,
    }, status=410)


def _bad_as_of(request: HttpRequest, error: AsOfError) -> HttpResponse:
    return render(request, "catalog/bad_request.html", {"message": str(error)}, status=400)


def _document_list_as_of(request: HttpRequest, at: dt.datetime) -> HttpResponse:
    page = as_of_page(at, page_number(request.GET), PAGE_SIZE)
    return render(request, "catalog/document_list_as_of.html", {
        "page": page,
        "rows": page.rows,
        "first_number": (page.number - 1) * PAGE_SIZE + 1,
        "previous_url": _as_of_page_url(request, page.number - 1) if page.number > 1 else None,
        "next_url": _as_of_page_url(request, page.number + 1) if page.has_next else None,
    })


def _as_of_page_url(request: HttpRequest, number: int) -> str:
    return "?" + urlencode({"as_of": request.GET["as_of"], "page": number})


@require_safe
def document_list(request: HttpRequest) -> HttpResponse:
    """The catalog: search, filters, facets, sorted results and pages (or as of a moment)."""
    try:
        at = parse_as_of(request.GET)
    except AsOfError as error:
        return _bad_as_of(request, error)
    if at is not None:
        return _document_list_as_of(request, at)
    page = listing(request.GET)
    facets = facet_counts(page.filterset.matching, key=page.filterset.cache_key())
    return render(request, "catalog/document_list.html", {
        "page": page,
        "rows": rows(page.documents, page.snippets),
        "filterset": page.filterset,
        "facets": facets,
        "facet_links": _facet_links(request, facets),
        "sorts": SORTS,
        "flags": [(name, label, request.GET.get(name, "")) for name, label in FLAGS],
        "flag_choices": FLAG_CHOICES,
        "first_number": (page.number - 1) * PAGE_SIZE + 1,
        "previous_url": page.page_url(request.GET, page.number - 1) if page.number > 1 else None,
        "next_url": page.page_url(request.GET, page.number + 1) if page.has_next else None,
    })


def _facet_links(request: HttpRequest, facets: Any) -> dict[str, list[dict[str, Any]]]:
    """Each facet value with the URL that applies it (links work without JavaScript)."""
    base = [(k, v) for k, v in request.GET.items() if k != "page"]
    links: dict[str, list[dict[str, Any]]] = {}
    for name, values in facets.groups.items():
        links[name] = []
        for value in values:
            if value.param == "date":
                setting = {"date_after": f"{value.value}-01-01",
                           "date_before": f"{value.value}-12-31"}
            else:
                setting = {value.param: value.value}
            params = [(k, v) for k, v in base if k not in setting] + list(setting.items())
            selected = all(request.GET.get(k) == v for k, v in setting.items())
            links[name].append({"value": value, "url": "?" + urlencode(params),
                                "selected": selected})
    return links


def _json_ld(data: dict[str, Any]) -> SafeString:
    """JSON for a ``<script>`` element: ``<``, ``>`` and ``&`` escaped so it cannot end it."""
    text = json.dumps(data, ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return format_html('<script type="application/ld+json">{}</script>', SafeString(text))


@require_safe
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A document: metadata, the disclaimer above the text, the text with linked notes."""
    try:
        at = parse_as_of(request.GET)
        record = public_record(pk, at)
    except AsOfError as error:
        return _bad_as_of(request, error)
    except Gone as gone:
        return _tombstone(request, gone)
    url = request.build_absolute_uri(reverse("document-detail", args=[pk]))
    body = pages.body_page(record, page_number(request.GET))
    return render(request, "catalog/document_detail.html", {
        "record": record,
        "kind": citations.kind_of(record),
        "body": body,
        "previous_part": _part_url(request, body.number - 1) if body.number > 1 else None,
        "next_part": _part_url(request, body.number + 1) if body.number < body.count else None,
        "cite_this": citations.cite_this(record),
        "meta_tags": citations.meta_tags(record, url),
        "json_ld": _json_ld(citations.json_ld(record, url)),
        "canonical_url": url,
        "as_of": at,
    })


def _part_url(request: HttpRequest, number: int) -> str:
    params = [(k, v) for k, v in request.GET.items() if k != "page"] + [("page", str(number))]
    return "?" + urlencode(params)


CITATION_FORMATS = {
    "bib": ("application/x-bibtex; charset=utf-8", citations.bibtex),
    "ris": ("application/x-research-info-systems; charset=utf-8", citations.ris),
}


@require_safe
def cite(request: HttpRequest, pk: str, fmt: str) -> HttpResponse:
    """The citation of a document as BibTeX, RIS or CSL-JSON (a download)."""
    try:
        record = public_record(int(pk), parse_as_of(request.GET))
    except AsOfError as error:
        return _bad_as_of(request, error)
    except Gone as gone:
        return _tombstone(request, gone)
    url = request.build_absolute_uri(reverse("document-detail", args=[record["id"]]))
    filename = f"{citations.citation_key(record)}.{fmt}"
    if fmt == "csl.json":
        response: HttpResponse = JsonResponse(
            citations.csl_json(record, url), safe=False, json_dumps_params={"ensure_ascii": False}
        )
    else:
        content_type, render_citation = CITATION_FORMATS[fmt]
        response = HttpResponse(render_citation(record, url), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An author: published documents and the affiliations those documents state.

    A record merged into another answers 301 to the person it was merged into:
    links and citations of the old address keep working.
    """
    person = public_people().filter(pk=pk).first()
    if person is None:
        survivor = surviving_person(pk)
        if survivor is None:
            raise Http404("No such author.")
        target = reverse("person-detail", args=[survivor.pk])
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
    documents = (
        published_documents()
        .filter(authorships__person=person)
        .select_related("publisher")
        .defer("text", "repairs")
        .order_by("-published", "-id")
        .distinct()
    )
    affiliations = (
        Affiliation.objects.filter(
            authorship__person=person, authorship__document__in=published_documents().values("id")
        )
        .values("organization__name", "title", "place")
        .distinct()
        .order_by("organization__name", "title")
    )
    printed_as = (
        Authorship.objects.filter(
            person=person, document__in=published_documents().values("id"),
            printed_name__isnull=False,
        )
        .exclude(printed_name=person.name)
        .values_list("printed_name", flat=True)
        .distinct()
        .order_by("printed_name")
    )
    page = Paginator(documents.prefetch_related("authorships__person"),
                     PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "catalog/person_detail.html", {
        "person": person, "page": page, "rows": rows(list(page), {}),
        "affiliations": affiliations, "printed_as": list(printed_as),
    })


@require_safe
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A publisher and its published documents."""
    organization = get_object_or_404(public_organizations(), pk=pk)
    documents = (
        published_documents()
        .filter(publisher=organization)
        .prefetch_related("authorships__person")
        .defer("text", "repairs")
        .order_by("-published", "-id")
    )
    page = Paginator(documents.select_related("publisher"),
                     PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "catalog/organization_detail.html", {
        "organization": organization, "page": page, "rows": rows(list(page), {}),
    })
