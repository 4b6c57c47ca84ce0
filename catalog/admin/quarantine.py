"""Read-only admin of the ingest quarantine: what was refused, why, and its bytes.

Imported by ``catalog/admin/__init__.py``.  Librarians see every refused file (name,
reason, size, detected format, when last seen, attempts) and can download
the kept bytes to look at them; nothing can be added or edited here: the
quarantine is written by ingest only.  Two actions: *read again* queues the
kept bytes for the background ingest (after a fix, a newer reader), which
forgets the entry once the file is read; *dismiss* forgets entries a
librarian has dealt with (the log only: nothing of the catalog changes).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from archive.ingest.jobs import new_batch, submit
from catalog.models import QuarantinedFile
from catalog.sa import session_for
from catalog.tasks import enqueue
from catalog.wording import counted

__all__ = ["QuarantinedFileAdmin"]


@admin.register(QuarantinedFile)
class QuarantinedFileAdmin(admin.ModelAdmin):
    list_display = ["filename", "reason", "size_shown", "format", "last_seen", "attempts"]
    list_filter = ["format"]
    search_fields = ["filename", "path", "reason", "sha256"]
    date_hierarchy = "last_seen"
    ordering = ["-last_seen"]
    fields = [
        "filename",
        "path",
        "reason",
        "format",
        "size_shown",
        "sha256",
        "first_seen",
        "last_seen",
        "attempts",
        "download",
    ]
    readonly_fields = fields
    # The bytes can be large: never load them for a list or a form.
    list_select_related = False
    actions = ["read_again", "dismiss"]

    @admin.action(permissions=["curate"], description="Read again (background ingest)")
    def read_again(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        rows = list(QuarantinedFile.objects.filter(pk__in=queryset.values("pk"))
                    .values_list("filename", "content"))
        kept = [(name, bytes(content)) for name, content in rows if content is not None]
        if len(kept) < len(rows):
            self.message_user(
                request,
                f"{counted(len(rows) - len(kept), 'file')} cannot be read again: its bytes "
                "were not kept (over the size limit); ingest it from where it is.",
                messages.WARNING,
            )
        if not kept:
            return None
        batch = new_batch()
        with session_for().begin() as session:
            ids = submit(session, kept, submitted_by=request.user.get_username(), batch=batch)
        enqueue(ids)
        return HttpResponseRedirect(reverse("admin:catalog-upload-batch", args=[batch]))

    @admin.action(permissions=["curate"], description="Dismiss (forget these entries)")
    def dismiss(self, request: HttpRequest, queryset: Any) -> None:
        deleted, _ = QuarantinedFile.objects.filter(pk__in=queryset.values("pk")).delete()
        self.message_user(request, f"Dismissed {counted(deleted, 'file')}.", messages.SUCCESS)

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).defer("content")

    @admin.display(description="size", ordering="size")
    def size_shown(self, obj: QuarantinedFile) -> str:
        return filesizeformat(obj.size)

    @admin.display(description="kept bytes")
    def download(self, obj: QuarantinedFile) -> str:
        if not QuarantinedFile.objects.filter(pk=obj.pk, content__isnull=False).exists():
            return "not kept (refused unread; see path)"
        url = reverse("admin:catalog_quarantinedfile_download", args=[obj.pk])
        return format_html('<a href="{}">download {}</a>', url, obj.filename)

    def get_urls(self) -> list[URLPattern]:
        download = path(
            "<int:pk>/download/",
            self.admin_site.admin_view(self.download_view),
            name="catalog_quarantinedfile_download",
        )
        return [download, *super().get_urls()]

    def download_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        row = get_object_or_404(QuarantinedFile, pk=pk)
        if row.content is None:
            return HttpResponseNotFound("the bytes of this file were not kept")
        response = HttpResponse(bytes(row.content), content_type="application/octet-stream")
        # Always an attachment: quarantined HTML must never render in the admin's origin.
        response["Content-Disposition"] = f'attachment; filename="{row.sha256}.bin"'
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_curate_permission(self, request: HttpRequest) -> bool:
        """Librarians (who change documents) act on the quarantine; viewers only look."""
        return request.user.has_perm("catalog.change_document")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # ingest forgets a file itself once it is read successfully
