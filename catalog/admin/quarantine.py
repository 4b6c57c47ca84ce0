"""Read-only admin of the ingest quarantine: what was refused, why, and its bytes.

Imported by ``catalog/admin/__init__.py``.  Librarians see every refused file (name,
reason, size, detected format, when last seen, attempts) and can download
the kept bytes to look at them; nothing can be added or edited here: the
quarantine is written by ingest only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from catalog.models import QuarantinedFile

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

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # ingest forgets a file itself once it is read successfully
