"""Attribute every write made while serving a request to the signed-in user."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
