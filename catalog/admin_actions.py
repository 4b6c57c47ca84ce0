"""Bulk admin actions: publish, withdraw, merge people — each behind a confirmation page.

An action first answers with a confirmation page listing what it will do; the
page posts back the same selection with ``post=yes`` and the action then
writes.  Writes go through ``QuerySet.update()`` (versioned and attributed to
the signed-in librarian by the middleware) or, for a merge, through the core
(:func:`archive.curation.merge_people`) in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from archive.curation import MergeError, merge_people
from catalog.admin_filters import has_open_problems
from catalog.forms import MergePeopleForm, WithdrawForm
from catalog.models import Document, Person
from catalog.sa import session_for

__all__ = ["PUBLISH_PERMISSION", "merge_people_action", "publish", "withdraw"]

# A custom permission (created by ``manage.py setup_roles``): publishing is a
# librarian's decision, not every editor's.
PUBLISH_PERMISSION = "catalog.publish_document"
# The confirmation page lists this many records by name, then a count.
LISTED = 50


def _confirmation(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    action: str,
    title: str,
    form: Any = None,
    notes: list[str] | None = None,
) -> TemplateResponse:
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "opts": opts,
        "action": action,
        "form": form,
        "notes": notes or [],
        "listed": queryset[:LISTED],
        "count": queryset.count(),
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across") == "1",
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media,
    }
    return TemplateResponse(request, "admin/catalog/action_confirmation.html", context)


@admin.action(permissions=["publish"], description="Publish selected documents")
def publish(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Document]
) -> TemplateResponse | None:
    """Publish drafts and withdrawn documents; those with open problems stay in review."""
    ids = queryset.values("pk")
    candidates = Document.objects.filter(pk__in=ids).exclude(status="published")
    blocked = candidates.filter(has_open_problems())
    ready = candidates.exclude(pk__in=blocked.values("pk"))
    if request.POST.get("post") != "yes":
        notes = []
        if blocked_count := blocked.count():
            notes.append(
                f"{blocked_count} of them have open parsing problems and stay in review."
            )
        return _confirmation(
            modeladmin, request, ready, action="publish", title="Publish documents", notes=notes
        )
    count = ready.update(status="published", withdrawn_reason=None)
    modeladmin.message_user(request, f"Published {count} document(s).", messages.SUCCESS)
    if skipped := blocked.count():
        modeladmin.message_user(
            request,
            f"{skipped} document(s) with open parsing problems were not published.",
            messages.WARNING,
        )
    return None


@admin.action(permissions=["change"], description="Withdraw selected %(verbose_name_plural)s")
def withdraw(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> TemplateResponse | None:
    """Withdraw (never delete) the selection, with a reason for the tombstone."""
    model = modeladmin.model
    targets = model.objects.filter(pk__in=queryset.values("pk")).exclude(status="withdrawn")
    form = WithdrawForm(request.POST if request.POST.get("post") == "yes" else None)
    if not form.is_valid():
        plural = model._meta.verbose_name_plural
        return _confirmation(
            modeladmin, request, targets, action="withdraw", title=f"Withdraw {plural}", form=form
        )
    count = targets.update(status="withdrawn", withdrawn_reason=form.cleaned_data["reason"])
    modeladmin.message_user(
        request, f"Withdrew {count} {model._meta.verbose_name_plural}.", messages.SUCCESS
    )
    return None


@admin.action(permissions=["change"], description="Merge selected people")
def merge_people_action(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Person]
) -> TemplateResponse | None:
    """Merge duplicates into the record the librarian keeps, as one change."""
    people = Person.objects.filter(pk__in=queryset.values("pk")).order_by("name", "pk")
    data = request.POST if request.POST.get("post") == "yes" else None
    form = MergePeopleForm(data, people=people)
    if not form.is_valid():
        return _confirmation(
            modeladmin, request, people, action="merge_people_action",
            title="Merge people", form=form,
        )
    kept = form.cleaned_data["keep"]
    merged = [person.pk for person in form.merged]
    # One transaction; the middleware's attribution fixes one actor and one
    # moment for the whole request, so the history shows one change.
    try:
        with session_for().begin() as session:
            result = merge_people(session, kept.pk, merged)
    except MergeError as error:
        modeladmin.message_user(request, str(error), messages.ERROR)
        return None
    modeladmin.message_user(
        request,
        f"Merged {len(result.merged_ids)} record(s) into {kept}; "
        f"{result.moved_authorships} authorship(s) moved.",
        messages.SUCCESS,
    )
    return None
