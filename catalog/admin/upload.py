"""Upload in the admin: several files or a zip, read in the background, followed file by file.

The view only stores what was sent as ingest jobs and hands their ids to the
task queue (:mod:`catalog.tasks`); the workers do the reading with the same
code as the ``ingest`` command.  The batch page then shows each file:
queued, reading, done (a link to the record), held for review, or refused
with its reason (and the quarantine entry).  It reloads itself every few
seconds until every file is finished (a ``<meta>`` refresh: no script, the CSP).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from archive.ingest.jobs import new_batch, submit
from catalog.admin.actions import PUBLISH_PERMISSION
from catalog.models import IngestJob
from catalog.sa import session_for
from catalog.tasks import enqueue
from catalog.wording import counted

__all__ = ["IngestJobAdmin", "UploadForm"]

UNFINISHED = ("queued", "reading")
REFRESH_SECONDS = 2


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        # Django's documented pattern for several files in one field.
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data]
        return [one(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        help_text="Documents (PDF, Word, HTML, Markdown, text), bibliographies (BibTeX, RIS, "
        "CSL-JSON) or zips of them. Choose several, or drop them on the field.",
    )
    publish = forms.BooleanField(
        required=False,
        label="Publish what is read without problems",
        help_text="Documents with parsing problems stay in the review queue either way.",
    )


@admin.register(IngestJob)
class IngestJobAdmin(admin.ModelAdmin):
    """Uploaded files and what became of them; the upload page is linked from the index."""

    list_display = ["filename", "status", "attempts", "submitted_by", "submitted_at", "batch_link"]
    list_filter = ["status"]
    search_fields = ["filename", "batch"]
    ordering = ["-id"]
    fields = ["filename", "status", "reason", "attempts", "submitted_by", "submitted_at",
              "finished_at", "document_id", "batch"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).defer("content")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("catalog.add_document") or request.user.has_perm(
            "catalog.change_document"
        )

    @admin.display(description="upload")
    def batch_link(self, job: IngestJob) -> Any:
        url = reverse("admin:catalog-upload-batch", args=[job.batch])
        return format_html('<a href="{}">all files of this upload</a>', url)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.upload_view), name="catalog-upload"),
            path("upload/<uuid:batch>/", view(self.batch_view), name="catalog-upload-batch"),
            *super().get_urls(),
        ]

    def _check(self, request: HttpRequest) -> None:
        if not self.has_view_permission(request):
            raise PermissionDenied

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            publish = form.cleaned_data["publish"] and request.user.has_perm(PUBLISH_PERMISSION)
            batch = new_batch()
            files = [(f.name, f.read()) for f in form.cleaned_data["files"]]
            with session_for().begin() as session:
                ids = submit(session, files, submitted_by=request.user.get_username(),
                             publish=publish, batch=batch)
            enqueue(ids)  # after the commit: a worker must find the rows
            messages.success(request, f"{counted(len(ids), 'file')} queued for reading.")
            return HttpResponseRedirect(reverse("admin:catalog-upload-batch", args=[batch]))
        return self._render(request, "admin/catalog/upload/upload.html", {
            "title": "Upload files", "form": form,
            "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
        })

    def batch_view(self, request: HttpRequest, batch: Any) -> HttpResponse:
        self._check(request)
        jobs = list(IngestJob.objects.filter(batch=str(batch)).defer("content").order_by("id"))
        if not jobs:
            raise Http404("no such upload")
        unfinished = sum(job.status in UNFINISHED for job in jobs)
        return self._render(request, "admin/catalog/upload/batch.html", {
            "title": "Uploaded files",
            "jobs": jobs,
            "unfinished": unfinished,
            "refresh": REFRESH_SECONDS if unfinished else None,
        })

    def _render(self, request: HttpRequest, template: str, extra: dict[str, Any]) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "subtitle": None,
            **extra,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, template, context)
