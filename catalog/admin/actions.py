"""Bulk admin actions: publish, withdraw, merge people — each behind a confirmation page.

An action first answers with a confirmation page listing what it will do; the
page posts back the same selection with ``post=yes`` and the action then
writes.  Writes go through the curation service of the core (:mod:`archive.curation`)
in one transaction, attributed to the signed-in librarian by the middleware;
the service applies the rule to each record and says why it left any alone.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from archive.curation import (
    Decision,
    MergeError,
    merge_people,
    publish_documents,
    withdraw_records,
)
from archive.curation import rules as curation_rules
from catalog.admin.filters import count_of
from catalog.admin.forms import MergePeopleForm, WithdrawForm
from catalog.models import Document, Person, Problem
from catalog.sa import session_for
from catalog.wording import counted

__all__ = [
    "PUBLISH_PERMISSION", "confirmation", "merge_people_action", "publish", "resolve_problems",
    "withdraw",
]

# A custom permission (created by ``manage.py setup_roles``): publishing is a
# librarian's decision, not every editor's.
PUBLISH_PERMISSION = "catalog.publish_document"
# The confirmation page lists this many records by name, then a count.
LISTED = 50


def confirmation(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    action: str,
    title: str,
    form: Any = None,
    notes: list[str] | None = None,
) -> TemplateResponse:
    """The page every bulk action of the admin shows before it writes (any app's actions).

    It lists the first ``LISTED`` records of ``queryset`` by name and counts the rest,
    shows ``form`` (a reason, a survivor to keep) and ``notes``, and posts the same
    selection back to ``action`` with ``post=yes``: the action then writes.
    """
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
    """Publish what the publishing rule allows; say why each other document was left."""
    selected = Document.objects.filter(pk__in=queryset.values("pk")).order_by("title", "pk")
    if request.POST.get("post") != "yes":
        previews = selected.annotate(
            open_problem_total=count_of(Problem, "document", resolved=False)
        ).only("pk", "title", "status")
        refusals = {
            document.pk: (document.title, refusal)
            for document in previews
            if (refusal := curation_rules.publish_refusal(
                status=document.status, open_problems=document.open_problem_total
            ))
        }
        ready = selected.exclude(pk__in=list(refusals))
        return confirmation(
            modeladmin, request, ready, action="publish", title="Publish documents",
            notes=_refusal_notes("will stay as they are", list(refusals.values())),
        )
    with session_for().begin() as session:
        decisions = publish_documents(session, list(selected.values_list("pk", flat=True)))
    _report(modeladmin, request, decisions, "Published", "document", "documents")
    return None


@admin.action(permissions=["change"], description="Mark problems resolved")
def resolve_problems(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Document]
) -> None:
    """Mark every open parsing problem of the selected documents resolved (a new version each)."""
    problems = Problem.objects.filter(document__in=queryset.values("pk"), resolved=False)
    documents = problems.values("document").distinct().count()
    resolved = problems.update(resolved=True)
    if not resolved:
        modeladmin.message_user(
            request, "The selected documents have no open problems.", messages.INFO
        )
        return
    modeladmin.message_user(
        request,
        f"Marked {counted(resolved, 'problem')} resolved on {counted(documents, 'document')}; "
        "publish them when ready.",
        messages.SUCCESS,
    )


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
        return confirmation(
            modeladmin, request, targets, action="withdraw", title=f"Withdraw {plural}", form=form
        )
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    with session_for().begin() as session:
        decisions = withdraw_records(
            session, model._meta.db_table, ids, form.cleaned_data["reason"]
        )
    opts = model._meta
    _report(modeladmin, request, decisions, "Withdrew", opts.verbose_name, opts.verbose_name_plural)
    return None


def _report(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    decisions: list[Decision],
    verb: str,
    singular: str,
    plural: str,
) -> None:
    """One message for what was done, one naming every record left as it was and why."""
    done = sum(decision.done for decision in decisions)
    if done:
        noun = singular if done == 1 else plural
        modeladmin.message_user(request, f"{verb} {done} {noun}.", messages.SUCCESS)
    refused = [(d.label, d.refusal) for d in decisions if d.refusal is not None]
    for note in _refusal_notes("were left as they are", refused):
        modeladmin.message_user(request, note, messages.WARNING)


def _refusal_notes(outcome: str, refused: list[tuple[str, str]]) -> list[str]:
    """'2 of them will stay as they are: "A" (already published); "B" (1 open parsing problem…)'."""
    if not refused:
        return []
    named = "; ".join(f"“{label}” ({refusal})" for label, refusal in refused[:LISTED])
    more = f"; and {len(refused) - LISTED} more" if len(refused) > LISTED else ""
    return [f"{len(refused)} of them {outcome}: {named}{more}."]


@admin.action(permissions=["change"], description="Merge selected people")
def merge_people_action(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Person]
) -> TemplateResponse | None:
    """Merge duplicates into the record the librarian keeps, as one change."""
    people = Person.objects.filter(pk__in=queryset.values("pk")).order_by("name", "pk")
    data = request.POST if request.POST.get("post") == "yes" else None
    form = MergePeopleForm(data, people=people)
    if not form.is_valid():
        return confirmation(
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
        f"Merged {counted(len(result.merged_ids), 'record')} into {kept}; "
        f"{counted(result.moved_authorships, 'authorship')} moved, "
        "each keeping the name as printed.",
        messages.SUCCESS,
    )
    return None
