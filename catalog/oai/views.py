"""``/oai``: OAI-PMH 2.0 requests by GET (query string) or POST (form body).

Each request reads one snapshot of the catalog (a read-only transaction,
REPEATABLE READ on PostgreSQL), so a page's headers and records agree even
while librarians write.  Protocol errors are answered with HTTP 200, as the
protocol wants; only a method other than GET, HEAD or POST gets 405.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from archive.db import READ_ONLY_OPTION
from archive.oai.provider import respond
from catalog.oai.config import repository_for
from catalog.sa import engine_for

__all__ = ["endpoint"]

CONTENT_TYPE = "text/xml; charset=utf-8"
now = timezone.now  # the moment of a response (tests set their own clock here)


@csrf_exempt  # harvesters POST without a session or a CSRF token; nothing is written
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request: HttpRequest) -> HttpResponse:
    """One OAI-PMH request (arguments from the query string, or the body of a POST)."""
    arguments = request.POST if request.method == "POST" else request.GET
    engine = engine_for()
    options: dict[str, object] = {READ_ONLY_OPTION: True}
    if engine.dialect.name == "postgresql":
        options["isolation_level"] = "REPEATABLE READ"
    with engine.connect().execution_options(**options) as connection, connection.begin():
        content = respond(connection, repository_for(request), dict(arguments.lists()), now())
    return HttpResponse(content, content_type=CONTENT_TYPE)
