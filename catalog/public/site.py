"""The site's small files and error pages: robots.txt, favicon.ico, 404 and 500."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

__all__ = ["favicon", "page_not_found", "robots_txt", "server_error"]


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public catalog, not the staff's admin; the sitemap lists it all."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(_request: HttpRequest) -> FileResponse:
    path = finders.find("catalog/favicon.ico")
    return FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The catalog's own 404: the site header, a search box and the way home."""
    return render(request, "catalog/404.html", {"path": request.path}, status=404)


def server_error(_request: HttpRequest) -> HttpResponse:
    """The 500 page: rendered without the request context, which may be what failed."""
    return HttpResponse(loader.get_template("catalog/500.html").render(), status=500)
