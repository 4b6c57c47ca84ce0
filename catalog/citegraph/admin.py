"""The librarians' admin of the citation graph: works (merge) and citations (correct, split).

Merges and splits run :mod:`archive.citegraph.curation` in one transaction
under the request's attribution: versioned, in the history, and undone as a
whole by the "Undo" action (a correction of a citation is reverted with its
document's history).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from archive.citegraph.curation import (
    CurationError,
    merge_works,
    split_citations,
    undo_curation,
)
from catalog.admin.actions import confirmation
from catalog.admin.filters import count_of
from catalog.admin.forms import WithdrawableForm
from catalog.admin.history import VersionHistoryMixin
from catalog.admin.records import VERSION_FIELDS, StaleSafeAdmin, WithdrawnNotDeleted
from catalog.citegraph.forms import CitationForm, MergeWorksForm
from catalog.models import Citation, Work
from catalog.sa import session_for


@admin.action(permissions=["change"], description="Merge selected works")
def merge_works_action(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Work]
) -> TemplateResponse | None:
    works = Work.objects.filter(pk__in=queryset.values("pk")).order_by("title", "pk")
    data = request.POST if request.POST.get("post") == "yes" else None
    form = MergeWorksForm(data, works=works)
    if not form.is_valid():
        return confirmation(modeladmin, request, works, action="merge_works_action",
                            title="Merge works", form=form)
    kept = form.cleaned_data["keep"]
    try:
        with session_for().begin() as session:
            result = merge_works(session, kept.pk, [work.pk for work in form.merged])
    except CurationError as error:
        modeladmin.message_user(request, str(error), messages.ERROR)
        return None
    modeladmin.message_user(
        request, f"Merged {len(result.merged_ids)} work(s) into {kept}; "
        f"{result.moved_citations} citation(s) moved.", messages.SUCCESS)
    return None


@admin.action(permissions=["change"], description="Split selected citations into a new work")
def split_citations_action(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Citation]
) -> None:
    try:
        with session_for().begin() as session:
            work = split_citations(session, list(queryset.values_list("pk", flat=True)))
            title = work.title
    except CurationError as error:
        modeladmin.message_user(request, str(error), messages.ERROR)
        return
    modeladmin.message_user(request, f"Split {queryset.count()} citation(s) into the new "
                            f"work “{title}”.", messages.SUCCESS)


@admin.action(permissions=["change"], description="Undo the merge or split of selected works")
def undo_curation_action(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Work]
) -> None:
    try:
        with session_for().begin() as session:
            written = sum(undo_curation(session, pk) for pk in queryset.values_list("pk",
                                                                                   flat=True))
    except CurationError as error:
        modeladmin.message_user(request, str(error), messages.ERROR)
        return
    modeladmin.message_user(request, f"Undone: {written} row(s) set back, as a new version.",
                            messages.SUCCESS)


@admin.register(Work)
class WorkAdmin(VersionHistoryMixin, WithdrawnNotDeleted, StaleSafeAdmin):
    form = WithdrawableForm
    list_display = ["title", "year", "type", "status", "citation_count", "merged_into"]
    list_select_related = ["merged_into"]
    list_filter = ["status", "type"]
    search_fields = ["title", "doi", "url", "author_key"]
    show_full_result_count = False
    raw_id_fields = ["merged_into"]
    fields = ["title", ("type", "year"), "csl", ("doi", "url"), ("status", "withdrawn_reason"),
              "merged_into", "version", *VERSION_FIELDS[1:]]
    actions = [merge_works_action, undo_curation_action]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Work]:
        return super().get_queryset(request).annotate(citations_n=count_of(Citation, "work"))

    @admin.display(description="citations", ordering="citations_n")
    def citation_count(self, work: Work) -> int:
        return work.citations_n


@admin.register(Citation)
class CitationAdmin(VersionHistoryMixin, WithdrawnNotDeleted, StaleSafeAdmin):
    form = CitationForm
    list_display = ["__str__", "document", "footnote", "work", "confidence", "match",
                    "corrected", "status"]
    list_select_related = ["document", "footnote", "work"]
    list_filter = ["status", "match", "form", "corrected"]
    search_fields = ["work__title", "document__title"]
    show_full_result_count = False
    raw_id_fields = ["document", "footnote", "work"]
    fields = ["document", "footnote", "position", "work", "csl", ("span_start", "span_end"),
              ("confidence", "form", "match", "corrected"), ("status", "withdrawn_reason"),
              "version", *VERSION_FIELDS[1:]]
    readonly_fields = [*VERSION_FIELDS[1:], "document", "footnote", "position", "span_start",
                       "span_end", "confidence", "form", "match", "corrected"]
    actions = [split_citations_action]
