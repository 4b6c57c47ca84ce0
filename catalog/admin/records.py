"""The librarians' admin: declarative ModelAdmins over the catalog mirrors.

Conventions (see ``../shared/STYLE.md``):

* counts and the first author come from annotations on the queryset, so the
  change list runs a fixed number of queries whatever the page size;
* documents, people, organisations and footnotes are withdrawn, never
  deleted: the delete permission is off and a "withdraw" action replaces it;
* every change form carries the row's ``version`` (``catalog.admin.forms``), so a
  stale save is refused with a message instead of overwriting someone's work;
* history, diff and revert come from :class:`catalog.admin.history.VersionHistoryMixin`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from archive.errors import StaleWrite
from archive.ingest.provenance import describe
from catalog.admin import actions as admin_actions
from catalog.admin.autocomplete import PreloadedAutocompleteMixin
from catalog.admin.display import describe_repairs, describe_section_starts
from catalog.admin.filters import (
    HasDisclaimerFilter,
    HasProblemsFilter,
    PublisherFilter,
    ReviewQueueFilter,
    YearFilter,
    count_of,
)
from catalog.admin.forms import (
    DisclaimerForm,
    DocumentForm,
    FootnoteForm,
    VersionedForm,
    WithdrawableForm,
    open_problems,
)
from catalog.admin.history import VersionHistoryMixin
from catalog.admin.inlines import LeanInlinesMixin, LeanTabularInline
from catalog.admin.render import fast_widget_renderer
from catalog.models import (
    Affiliation,
    Authorship,
    Disclaimer,
    Document,
    Footnote,
    Organization,
    Person,
    Problem,
)

VERSION_FIELDS = ("version", "changed_by", "changed_at")

admin.site.site_header = "Archive catalog: librarians"
admin.site.site_title = "Archive catalog"
admin.site.index_title = "Curate the catalog"
admin.site.site_url = "/"
admin.site.index_template = "admin/catalog/index.html"
# The index and the breadcrumbs lead everywhere; without the app sidebar the
# document list has room for all its columns at 1280 px beside its filters.
admin.site.enable_nav_sidebar = False


class WithdrawnNotDeleted:
    """Withdrawal (status + reason, who = ``changed_by``) replaces deletion."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        # Autocomplete widgets offer only active records: a merged-away person
        # or a withdrawn publisher is not chosen for new work by accident.
        if request.resolver_match and request.resolver_match.url_name == "autocomplete":
            queryset = queryset.filter(status="active")
        return super().get_search_results(request, queryset, search_term)


class StaleSafeAdmin(LeanInlinesMixin, PreloadedAutocompleteMixin, admin.ModelAdmin):
    """A change form that never overwrites a newer version and never loses the input."""

    readonly_fields = VERSION_FIELDS[1:]

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleWrite as error:
            # Someone saved between the forms' version check and our write; the
            # whole save was rolled back.  Show the form again, with the
            # librarian's input and a "stale" error, instead of a server error.
            request.stale_write = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):
        form = super().get_form(request, obj, change, **kwargs)
        stale = getattr(request, "stale_write", None)
        return form if stale is None else type(form.__name__, (form,), {"stale_write": stale})

    def action_checkbox(self, obj: Any) -> str:
        """Django's ``ModelAdmin.action_checkbox``, written without the template engine.

        A change list page has one per row; through the template engine they
        were about a tenth of the page's time (3.5 of 37 ms at 10,000 documents).
        """
        attrs = {
            "class": "action-select",
            "aria-label": format_html(gettext("Select this object for an action - {}"), str(obj)),
        }
        checkbox = forms.CheckboxInput(attrs, lambda value: False)
        return checkbox.render(
            helpers.ACTION_CHECKBOX_NAME, str(obj.pk), renderer=fast_widget_renderer
        )

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        # An untouched parent is not saved: a new version with no difference
        # would only clutter the history (and conflict with nobody).
        if not change or form.has_changed():
            super().save_model(request, obj, form, change)


# --- inlines -----------------------------------------------------------------


class AuthorshipInline(PreloadedAutocompleteMixin, LeanTabularInline):
    model = Authorship
    form = VersionedForm
    fields = ["position", "person", "printed_name", "role", "honorific", "version"]
    autocomplete_fields = ["person"]
    ordering = ["position"]
    extra = 0
    show_change_link = True  # affiliations are edited on the authorship's page
    problem_fields = ("authors", "affiliations")


class DisclaimerInline(PreloadedAutocompleteMixin, admin.StackedInline):
    model = Disclaimer
    form = DisclaimerForm
    fields = ["text", "organization", "version"]
    autocomplete_fields = ["organization"]
    extra = 0
    max_num = 1
    problem_fields = ("disclaimer",)


class FootnoteInline(LeanTabularInline):
    model = Footnote
    form = FootnoteForm
    # Kept lean: a document may have a hundred notes and every widget costs
    # rendering time.  Withdrawing a note (status and reason) is done on its
    # own page, linked from each row.
    fields = ["number", "anchor", "text", "version", "revision"]
    readonly_fields = ["anchor", "revision"]
    ordering = ["number"]
    extra = 0
    can_delete = False
    show_change_link = True
    problem_fields = ("footnotes",)
    paragraphs: list[str] = []

    def get_formset(self, request: HttpRequest, obj: Document | None = None, **kwargs: Any):
        # The inline instance lives for one request: keep the parent's
        # paragraphs once instead of loading the text with every footnote.
        self.paragraphs = obj.text.split("\n\n") if obj is not None else []
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description="Anchored after")
    def anchor(self, footnote: Footnote) -> str:
        return anchor_snippet(self.paragraphs, footnote.anchor_paragraph, footnote.anchor_offset)

    @admin.display(description="Version")
    def revision(self, footnote: Footnote) -> str:
        if footnote.pk is None:
            return "new"
        return f"v{footnote.version}" + (", withdrawn" if footnote.status == "withdrawn" else "")


class AffiliationInline(PreloadedAutocompleteMixin, LeanTabularInline):
    model = Affiliation
    form = VersionedForm
    fields = ["position", "organization", "title", "place", "version"]
    autocomplete_fields = ["organization"]
    ordering = ["position"]
    extra = 0


class ProblemInline(LeanTabularInline):
    """Every parsing problem of the document; a librarian marks it resolved."""

    model = Problem
    form = VersionedForm
    fields = ["stage", "field", "line", "reason", "raw", "resolved", "version"]
    readonly_fields = ["stage", "field", "line", "reason", "raw"]
    ordering = ["resolved", "line", "id"]
    extra = 0
    can_delete = False
    verbose_name_plural = "parsing problems"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def anchor_snippet(paragraphs: list[str], paragraph: int | None, offset: int | None) -> str:
    """The end of the sentence a footnote marker hangs on, e.g. ``…over the century.⁽¹⁾``."""
    if paragraph is None or offset is None or not 0 < paragraph <= len(paragraphs):
        return "—"
    before = paragraphs[paragraph - 1][:offset].rstrip()
    start = max(before.rfind(". ", 0, len(before) - 1) + 2, len(before) - 90, 0)
    return ("…" if start else "") + before[start:] + " ▲"


class ShownColumnsChangeList(ChangeList):
    """A change list that reads only the columns it shows (and the annotations).

    A document's row holds its whole text (~50 KB).  On SQLite every column
    stored after it (``version``, ``changed_at``, ``doi``…) is reached through
    the text's overflow pages, so reading whole rows read every listed
    document's text: 14 ms of a 50-row page at 10,000 documents, 2 ms without.
    Columns of ``list_display`` that are model fields are read; anything else a
    column shows must come from an annotation, or it would cost a query per row
    (``tests/catalog/admin/test_changelist.py`` counts them).
    """

    def get_queryset(self, request: HttpRequest, exclude_parameters: Any = None) -> QuerySet:
        queryset = super().get_queryset(request, exclude_parameters)
        opts = self.model._meta
        shown = {opts.pk.name}
        for name in self.list_display:
            try:
                field = opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.concrete:
                shown.add(name)
        return queryset.only(*sorted(shown))

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        rows = self.result_list
        if self.list_editable or not isinstance(rows, QuerySet) or not rows.query.low_mark:
            return
        # A later page: with OFFSET the database computes every column (the
        # annotations' subqueries too) of every row it skips, 100 ms at page
        # 150 of 10,000 documents.  The page's keys are found first, the
        # columns then computed for those 50 rows only.
        keys = list(rows.values_list("pk", flat=True))
        found = {row.pk: row for row in self.queryset.order_by().filter(pk__in=keys)}
        self.result_list = [found[key] for key in keys if key in found]


class DocumentShownByTitle:
    """Rows that show their document by its title never load the document's text.

    ``list_select_related`` would read each listed document whole (~50 KB of
    text, repairs and section starts) to print its title.
    """

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        body = ("text", "repairs", "section_starts")
        return super().get_queryset(request).defer(*(f"document__{name}" for name in body))


# --- the catalog ---------------------------------------------------------------


@admin.register(Document)
class DocumentAdmin(VersionHistoryMixin, WithdrawnNotDeleted, StaleSafeAdmin):
    form = DocumentForm
    change_list_template = "admin/catalog/document/change_list.html"
    change_form_template = "admin/catalog/document/change_form.html"
    list_display = [
        "title", "first_author", "published", "publisher", "status", "footnote_count",
        "open_problems",
    ]
    list_display_links = ["title"]
    list_select_related = ["publisher"]
    list_filter = [
        ReviewQueueFilter, "status", "kind", "language", PublisherFilter, YearFilter,
        HasDisclaimerFilter, HasProblemsFilter,
    ]
    search_fields = [
        "title", "subtitle", "doi", "publisher__name", "authorships__person__name",
        "authorships__printed_name",
    ]
    date_hierarchy = "published"
    show_full_result_count = False
    list_per_page = 50
    autocomplete_fields = ["publisher"]
    readonly_fields = [
        *VERSION_FIELDS[1:], "source", "created_at", "sections", "repairs_made", "field_sources",
    ]
    fieldsets = [
        (None, {"fields": [
            "title", "subtitle", ("kind", "language"), ("published", "published_raw"),
            "publisher", "container_title", ("doi", "url"), ("status", "withdrawn_reason"),
            "version",
            "field_sources",
        ]}),
        ("Text", {"fields": ["text"]}),
        ("Record", {"fields": [
            ("changed_by", "changed_at"), ("source", "created_at"), "sections", "repairs_made",
        ], "classes": ["collapse"]}),
    ]
    inlines = [ProblemInline, AuthorshipInline, DisclaimerInline, FootnoteInline]
    actions = [admin_actions.publish, admin_actions.resolve_problems, admin_actions.withdraw]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Document]:
        first_author = Authorship.objects.filter(document=OuterRef("pk")).order_by("position")
        first_problem = Problem.objects.filter(document=OuterRef("pk"), resolved=False).order_by(
            "line", "id"
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                first_author_name=Subquery(
                    first_author.annotate(
                        shown=Coalesce("printed_name", "person__name")
                    ).values("shown")[:1]
                ),
                footnote_total=count_of(Footnote, "document", status="active"),
                open_problem_total=count_of(Problem, "document", resolved=False),
                first_problem_reason=Subquery(first_problem.values("reason")[:1]),
            )
        )

    def view_on_site(self, document: Document) -> str | None:
        # Only a published document has a public page; a draft's link would be a 404.
        if document.status != "published":
            return None
        return reverse("document-detail", args=[document.pk])

    @admin.display(description="sections")
    def sections(self, document: Document) -> str:
        return describe_section_starts(document.section_starts, document.text)

    @admin.display(description="repairs of the extracted text")
    def repairs_made(self, document: Document) -> str:
        return describe_repairs(document.repairs)

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return ShownColumnsChangeList

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(admin_actions.PUBLISH_PERMISSION)

    @admin.display(description="where the fields came from")
    def field_sources(self, document: Document) -> str:
        """Each field's source in a sentence (``document.provenance``), escaped."""
        sentences = describe(document.provenance)
        if not sentences:
            return gettext("Not recorded (entered by hand, or ingested before revision 0014).")
        items = format_html_join("", "<li>{}</li>", ((s,) for s in sentences))
        return format_html("<ul class=\"field-sources\">{}</ul>", items)

    @admin.display(description="first author", ordering="first_author_name")
    def first_author(self, document: Document) -> str | None:
        return document.first_author_name

    @admin.display(description="footnotes", ordering="footnote_total")
    def footnote_count(self, document: Document) -> int:
        return document.footnote_total

    @admin.display(description="open problems", ordering="open_problem_total")
    def open_problems(self, document: Document) -> str:
        """The first open problem in words, and how many more: what the review is about."""
        total = document.open_problem_total
        if not total:
            return "—" if document.status == "published" else "none: ready to publish"
        more = f" (and {total - 1} more)" if total > 1 else ""
        return f"{document.first_problem_reason}{more}"

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> HttpResponse:
        # Open problems about a form field are in its help text (DocumentForm);
        # those about an inline (authors, footnotes…) go above that inline, the
        # rest above the form.
        document = context.get("original")
        problems = open_problems(document) if document is not None else []
        placed = set(context["adminform"].form.fields)
        for inline in context["inline_admin_formsets"]:
            fields = getattr(inline.opts, "problem_fields", ())
            inline.problems = [p for p in problems if p.field in fields]
            placed.update(fields)
        context["unplaced_problems"] = [p for p in problems if p.field not in placed]
        return super().render_change_form(request, context, *args, **kwargs)


@admin.register(Person)
class PersonAdmin(VersionHistoryMixin, WithdrawnNotDeleted, StaleSafeAdmin):
    form = WithdrawableForm
    list_display = ["name", "status", "merged_into", "authorship_count", "changed_at"]
    list_select_related = ["merged_into"]
    list_filter = ["status"]
    search_fields = ["name", "name_key"]
    show_full_result_count = False
    raw_id_fields = ["merged_into"]
    fields = ["name", ("status", "withdrawn_reason"), "merged_into", "version", *VERSION_FIELDS[1:]]
    actions = [admin_actions.merge_people_action, admin_actions.withdraw]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        return super().get_queryset(request).annotate(authorships_n=count_of(Authorship, "person"))

    @admin.display(description="authorships", ordering="authorships_n")
    def authorship_count(self, person: Person) -> int:
        return person.authorships_n


@admin.register(Organization)
class OrganizationAdmin(VersionHistoryMixin, WithdrawnNotDeleted, StaleSafeAdmin):
    form = WithdrawableForm
    list_display = ["name", "url", "status", "document_count"]
    list_filter = ["status"]
    search_fields = ["name", "name_key"]
    show_full_result_count = False
    fields = ["name", "url", ("status", "withdrawn_reason"), "version", *VERSION_FIELDS[1:]]
    actions = [admin_actions.withdraw]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organization]:
        return super().get_queryset(request).annotate(
            documents_n=count_of(Document, "publisher")
        )

    @admin.display(description="documents published", ordering="documents_n")
    def document_count(self, organization: Organization) -> int:
        return organization.documents_n


@admin.register(Disclaimer)
class DisclaimerAdmin(DocumentShownByTitle, VersionHistoryMixin, StaleSafeAdmin):
    form = DisclaimerForm
    list_display = ["__str__", "document", "organization"]
    list_select_related = ["document", "organization"]
    search_fields = ["text", "document__title"]
    show_full_result_count = False
    autocomplete_fields = ["document", "organization"]
    fields = ["document", "text", "organization", "version", *VERSION_FIELDS[1:]]
    readonly_fields = VERSION_FIELDS[1:]


@admin.register(Footnote)
class FootnoteAdmin(
    DocumentShownByTitle, VersionHistoryMixin, WithdrawnNotDeleted, StaleSafeAdmin
):
    form = FootnoteForm
    list_display = ["__str__", "document", "status", "version"]
    list_select_related = ["document"]
    list_filter = ["status"]
    search_fields = ["text", "document__title"]
    show_full_result_count = False
    autocomplete_fields = ["document"]
    fields = [
        "document", "number", "text", ("status", "withdrawn_reason"), "version",
        *VERSION_FIELDS[1:],
    ]
    actions = [admin_actions.withdraw]


@admin.register(Authorship)
class AuthorshipAdmin(DocumentShownByTitle, VersionHistoryMixin, StaleSafeAdmin):
    """An author's place in one byline, with the affiliations printed there.

    Reached from the document's authorship rows; not listed on the index.
    """

    form = VersionedForm
    list_display = ["__str__", "document", "role"]
    list_select_related = ["document", "person"]
    search_fields = ["person__name", "document__title"]
    show_full_result_count = False
    autocomplete_fields = ["document", "person"]
    fields = [
        "document", ("position", "person"), "printed_name", ("role", "honorific"), "version",
        *VERSION_FIELDS[1:],
    ]
    inlines = [AffiliationInline]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return False
