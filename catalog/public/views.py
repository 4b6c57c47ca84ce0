"""Public pages of the catalog: published documents only (``catalog.public.visibility``).

Anonymous and read-only.  Every view starts from a queryset in
``catalog.public.visibility``; a withdrawn document's page answers 410 Gone with its
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
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from archive import citations
from archive.records import document_record
from catalog.models import Affiliation, Authorship, Document
from catalog.public import pages, works
from catalog.public.as_of import AsOfError, as_of_page, as_of_record, parse_as_of
from catalog.public.facets import language_name
from catalog.public.filters import SORTS
from catalog.public.listing import PAGE_SIZE, PageError, PastTheEnd, listing, page_number, rows
from catalog.public.spelling import suggestion_link
from catalog.public.versions import Version, public_versions
from catalog.public.visibility import (
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
    "cite_works",
    "document_detail",
    "document_list",
    "healthz",
    "organization_detail",
    "person_detail",
    "public_record",
    "work_detail",
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

    With ``as_of``, the record as it was published at that moment (``catalog.public.as_of``).
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


def _bad_request(request: HttpRequest, error: ValueError) -> HttpResponse:
    return render(request, "catalog/bad_request.html", {"message": str(error)}, status=400)


_bad_as_of = _bad_request


def _document_list_as_of(request: HttpRequest, at: dt.datetime) -> HttpResponse:
    try:
        page = as_of_page(at, page_number(request.GET), PAGE_SIZE)
    except PageError as error:
        return _bad_request(request, error)
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
    try:
        page = listing(request.GET)
    except PageError as error:
        return _bad_request(request, error)
    except PastTheEnd as past:
        # A bookmark outlived some results: the last page is the nearest one that exists.
        params = request.GET.copy()
        params["page"] = str(past.last)
        return redirect(request.path + "?" + params.urlencode())
    facets = page.facets
    return render(request, "catalog/document_list.html", {
        "page": page,
        "rows": rows(page.documents, page.snippets, page.reasons),
        "filterset": page.filterset,
        "facets": facets,
        "facet_links": _facet_links(request, facets),
        "refine_open": any(request.GET.get(name) for name in FACET_PARAMS),
        "suggestion": suggestion_link(request, page),
        "sorts": SORTS,
        "flags": [(name, label, request.GET.get(name, "")) for name, label in FLAGS],
        "flag_choices": FLAG_CHOICES,
        "first_number": page.first_shown,
        "page_links": [
            (number, page.page_url(request.GET, number) if isinstance(number, int) else None)
            for number in page.page_range()
        ] if page.last > 1 else [],
        "previous_url": page.page_url(request.GET, page.number - 1) if page.number > 1 else None,
        "next_url": page.page_url(request.GET, page.number + 1) if page.has_next else None,
    })


FACET_PARAMS = ("author", "publisher", "kind", "language", "date_after", "date_before")


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
            selected = all(request.GET.get(k) == v for k, v in setting.items())
            params = [(k, v) for k, v in base if k not in setting]
            if not selected:  # a selected value's link takes it off again, alone
                params += list(setting.items())
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
    try:
        body = pages.body_page(record, page_number(request.GET))
    except PageError as error:
        return _bad_request(request, error)
    versions = public_versions(pk)
    shown = _shown_version(versions, at)
    version_query = f"?as_of={shown.as_of}" if at is not None and shown is not None else ""
    bibliography = works.bibliography(pk, at)
    style = request.GET.get("style", citations.DEFAULT_STYLE)
    style = style if style in citations.CITATION_STYLES else citations.DEFAULT_STYLE
    return render(request, "catalog/document_detail.html", {
        "record": record,
        "versions": versions,
        "shown_version": shown,
        "version_query": version_query,
        "cite_url": url + version_query,
        "language_name": language_name(record.get("language") or ""),
        "kind": citations.kind_of(record),
        "body": body,
        "notes": [(note, bibliography.by_note.get(note.number, [])) for note in body.notes],
        "works_cited": bibliography.works,
        "as_of_suffix": works.as_of_suffix(at),
        "previous_part": _part_url(request, body.number - 1) if body.number > 1 else None,
        "next_part": _part_url(request, body.number + 1) if body.number < body.count else None,
        # citeproc's output: the record's text escaped, only <i>/<b>/<span class> added.
        "cite_this": mark_safe(citations.cite_this_html(record, url, style)),  # noqa: S308
        "cite_styles": [
            {"label": label, "selected": name == style, "url": _style_url(request, name)}
            for name, (_, label) in citations.CITATION_STYLES.items()
        ],
        "meta_tags": citations.meta_tags(record, url),
        "json_ld": _json_ld(citations.json_ld(record, url)),
        "canonical_url": url,
        "as_of": at,
    })


def _style_url(request: HttpRequest, style: str) -> str:
    params = [(k, v) for k, v in request.GET.items() if k != "style"] + [("style", style)]
    return "?" + urlencode(params) + "#cite-heading"


def _shown_version(versions: list[Version], at: dt.datetime | None) -> Version | None:
    """The version on screen: the newest one, or the newest at or before ``at``."""
    for version in versions:  # newest first
        if at is None or version.utc <= at:
            return version
    return None


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


BIBLIOGRAPHY_FORMATS = {
    "bib": ("application/x-bibtex; charset=utf-8", citations.bibtex_items),
    "ris": ("application/x-research-info-systems; charset=utf-8", citations.ris_items),
}


@require_safe
def cite_works(request: HttpRequest, pk: str, fmt: str) -> HttpResponse:
    """A document's bibliography (the works its notes cite) as BibTeX, RIS or CSL-JSON."""
    try:
        at = parse_as_of(request.GET)
        record = public_record(int(pk), at)
    except AsOfError as error:
        return _bad_as_of(request, error)
    except Gone as gone:
        return _tombstone(request, gone)
    items = [{**work.item, "id": f"w{work.work_id}"}
             for work in works.bibliography(record["id"], at).works]
    filename = f"{citations.citation_key(record)}-works-cited.{fmt}"
    if fmt == "csl.json":
        response: HttpResponse = JsonResponse(
            citations.csl_json_items(items), safe=False,
            json_dumps_params={"ensure_ascii": False})
    else:
        content_type, render_items = BIBLIOGRAPHY_FORMATS[fmt]
        response = HttpResponse(render_items(items), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def work_detail(request: HttpRequest, pk: str) -> HttpResponse:
    """A cited work and every published document and note that cites it."""
    work_id = int(pk)
    try:
        at = parse_as_of(request.GET)
    except AsOfError as error:
        return _bad_as_of(request, error)
    if at is None and (target := works.merged_into(work_id)) is not None:
        return redirect("work-detail", target, permanent=True)
    page = works.work_page(work_id, page_number(request.GET), at)
    return render(request, "catalog/work_detail.html", {
        "page": page,
        "doi_url": works.doi_url(page.item),
        "url": page.item.get("URL") if pages.safe_link(page.item.get("URL") or "") else None,
        "previous_url": _part_url(request, page.number - 1) if page.number > 1 else None,
        "next_url": _part_url(request, page.number + 1) if page.number < page.count else None,
        "list_url": reverse("document-list") + f"?cites_work={work_id}",
    })


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
