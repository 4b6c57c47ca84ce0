"""History, diff and revert in the admin, reachable from every change form.

``VersionHistoryMixin`` replaces the admin's own "History" page (which only
knows Django's admin log) with the versions kept by the database triggers:
for a document, every change to it and its children, grouped and diffed; for
other records, the versions of that row.  Documents can be reverted to any
earlier change, after a confirmation; the revert is a new version attributed to
the librarian who asked for it.  The work itself lives in ``archive.history``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.dateparse import parse_datetime

from archive import history
from archive.attribution import acting_as
from archive.moments import as_utc
from catalog.admin.display import created_summary
from catalog.sa import read_session_for, session_for
from catalog.wording import counted

__all__ = ["VersionHistoryMixin"]

# Fields whose values are long enough to deserve a word-level diff.
LONG_TEXT_MIN_CHARS = 60


@dataclass(frozen=True)
class FieldRow:
    """One line of the side-by-side diff table."""

    change: history.FieldChange
    before: list[history.TextOp] | None
    after: list[history.TextOp] | None


def _rows(change: history.Change) -> list[FieldRow]:
    rows = []
    # Records in the order of the document's page (the document, its authors,
    # its notes by number), not in the order the triggers happened to write them.
    for field in sorted(change.fields, key=_reading_order):
        old, new = field.old, field.new
        if isinstance(old, str | None) and isinstance(new, str | None) and (
            len(old or "") >= LONG_TEXT_MIN_CHARS or len(new or "") >= LONG_TEXT_MIN_CHARS
        ):
            ops = history.word_diff(old, new)
            before = [op for op in ops if op.op != "insert"]
            after = [op for op in ops if op.op != "delete"]
            rows.append(FieldRow(field, before, after))
        else:
            rows.append(FieldRow(field, None, None))
    return rows


def _reading_order(field: history.FieldChange) -> tuple[int, int, str, int]:
    kind, _, rest = field.label.partition(" ")
    number = int(rest.split(" ")[0]) if rest.split(" ")[0].isdigit() else 0
    return (_TABLES.index(field.table) if field.table in _TABLES else len(_TABLES), number,
            field.label, field.row_id)


_TABLES = ("document", "authorship", "affiliation", "disclaimer", "footnote", "citation", "problem")


class VersionHistoryMixin:
    """Put first among a ModelAdmin's bases: ``class DocumentAdmin(VersionHistoryMixin, …)``."""

    history_template = "admin/catalog/history/history.html"
    revert_template = "admin/catalog/history/revert_confirmation.html"

    def get_urls(self) -> list[Any]:
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_revert"
        revert = path(
            "<path:object_id>/history/revert/",
            self.admin_site.admin_view(self.revert_view),
            name=name,
        )
        return [revert, *super().get_urls()]

    def _is_document(self) -> bool:
        return self.model._meta.db_table == "document"

    def _changes(self, object_id: int) -> list[history.Change]:
        with read_session_for()() as session:
            if self._is_document():
                return history.document_history(session, object_id)
            return history.row_history(session, self.model._meta.db_table, object_id)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404(f"no {self.model._meta.verbose_name} with id {object_id}")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        changes = self._changes(obj.pk)
        entries = [
            {
                "change": change,
                "rows": _rows(change),
                "created": created_summary(change.created),
                "deleted": created_summary(change.deleted),
                "latest": index == len(changes) - 1,
            }
            for index, change in enumerate(changes)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.model._meta,
            "entries": list(reversed(entries)),
            "can_revert": self._is_document() and self.has_change_permission(request, obj),
            "revert_url": reverse(
                f"{self.admin_site.name}:{self.model._meta.app_label}_"
                f"{self.model._meta.model_name}_revert",
                args=[obj.pk],
            ),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.history_template, context)

    def revert_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = self.get_object(request, object_id)
        if obj is None or not self._is_document():
            raise Http404("only documents can be reverted")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        moment = _moment(request.POST.get("to") or request.GET.get("to"))
        change = next((c for c in self._changes(obj.pk) if c.at == moment), None)
        if change is None:
            raise Http404("no such version of this document")
        history_url = reverse(
            f"{self.admin_site.name}:{self.model._meta.app_label}_"
            f"{self.model._meta.model_name}_history",
            args=[obj.pk],
        )
        if request.method == "POST":
            with acting_as(request.user.get_username()), session_for().begin() as session:
                written = history.revert_document(session, obj.pk, moment)
            messages.success(
                request,
                f"Reverted to the version of {change.at:%Y-%m-%d %H:%M:%S} UTC "
                f"({counted(written, 'record')} changed, as a new version).",
            )
            return HttpResponseRedirect(history_url)
        context = {
            **self.admin_site.each_context(request),
            "title": "Revert to an earlier version?",
            "object": obj,
            "opts": self.model._meta,
            "change": change,
            "history_url": history_url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.revert_template, context)


def _moment(value: str | None) -> dt.datetime:
    moment = parse_datetime(value or "")
    if moment is None:
        raise Http404("which version? (a 'to' timestamp is required)")
    return as_utc(moment)
