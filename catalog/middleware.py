"""Request-wide concerns: who writes (attribution), and how long a browser may keep a page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from archive.attribution import acting_as


class AttributionMiddleware:
    """Writes by a signed-in user carry their user name; anonymous requests write nothing.

    The change time is fixed per request, so all rows saved by one admin form
    read as one change in the history.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        with acting_as(user.get_username()):
            return self.get_response(request)


class RevalidateMiddleware:
    """Pages that say nothing of caching get ``Cache-Control: no-cache``.

    A browser may keep them but must ask again before showing them: a document
    withdrawn (410) and then republished, or withdrawn after being read, is seen
    as it is now at once.  Chromium otherwise kept a 410 and went on showing the
    tombstone.  Views that set their own policy (the admin's ``never_cache``,
    static files served by WhiteNoise) keep it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_cache=True)
        return response
