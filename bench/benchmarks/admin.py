"""The librarians' admin: change list and change form render times, and their query counts.

Pages are requested in-process through Django's test client as a signed-in
superuser (the whole view: queries, forms, inlines, template), repeatedly; the
baseline is the trivial ``/healthz`` view through the same client, so the ratio
says how much an admin page costs over the framework's own overhead.  The
change form is that of the document with the most footnotes (the heaviest
inline).  Goal (the admin issue): each under 300 ms at 100,000 documents, with
a number of queries that does not grow with the catalog.

Other change-list pages a librarian opens are measured too, without a goal:
the last page (an OFFSET past every other row), the review queue, a search for
an author's name and the list sorted by footnote count (an annotation, so the
database counts the notes of every document to sort them).
"""

from __future__ import annotations

import time
from urllib.parse import quote

from bench.context import Context
from bench.results import Result

__all__ = ["run"]

NAME = "admin"
GOAL = "< 300 ms at 100,000 documents"


def _percentile(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _timings(client, path: str, repeats: int, cap: float) -> tuple[list[float], int]:  # noqa: ANN001
    """Up to ``repeats`` timings of ``path`` within ``cap`` seconds, after one warm-up."""
    status = client.get(path).status_code
    times: list[float] = []
    budget = time.perf_counter() + cap
    while len(times) < repeats and (not times or time.perf_counter() < budget):
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        status = response.status_code if response.status_code != 200 else status
    return times, status


def _queries(client, path: str) -> int:  # noqa: ANN001
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured.captured_queries)


def _heaviest_document() -> int | None:
    from django.db.models import Count

    from catalog.models import Document

    document = (
        Document.objects.annotate(notes=Count("footnotes")).order_by("-notes", "id").first()
    )
    return None if document is None else document.id


def _other_change_list_pages() -> dict[str, str]:
    from django.contrib import admin

    from catalog.models import Authorship, Document

    model_admin = admin.site._registry[Document]
    listing = "/admin/catalog/document/"
    pages = {"document change list, review queue": f"{listing}?review=queue"}
    total = Document.objects.count()
    if total > model_admin.list_per_page:
        last = (total - 1) // model_admin.list_per_page + 1
        pages["document change list, last page"] = f"{listing}?p={last}"
    # Columns are numbered from 1 after the action checkbox.
    column = model_admin.list_display.index("footnote_count") + 1
    pages["document change list, sorted by footnote count"] = f"{listing}?o={column}"
    author = Authorship.objects.order_by("id").values_list("person__name", flat=True).first()
    if author:
        surname = author.split()[-1]
        pages[f"document change list, search {surname!r}"] = f"{listing}?q={quote(surname)}"
    return pages


def run(ctx: Context) -> list[Result]:
    from bench.web import setup_django

    setup_django(ctx.env())
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.test import Client

    user, _created = get_user_model().objects.get_or_create(
        username="bench-librarian", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    repeats = 5 if ctx.quick else 30
    cap = 5.0 if ctx.quick else 30.0
    baseline, _status = _timings(client, "/healthz", repeats, cap)
    pages = {"document change list": "/admin/catalog/document/"}
    if (document_id := _heaviest_document()) is not None:
        pages["document change form (most footnotes)"] = (
            f"/admin/catalog/document/{document_id}/change/"
        )
    others = _other_change_list_pages()
    results = []
    for label, path in {**pages, **others}.items():
        times, status = _timings(client, path, repeats, cap)
        note = f"{_queries(client, path)} queries"
        if status != 200:
            note += f"; HTTP {status}"
        for name, quantile in (("p50", 0.5), ("p95", 0.95)):
            results.append(Result(
                NAME, f"{label}: {name}", _percentile(times, quantile), "s",
                baseline="/healthz (same client)", baseline_value=_percentile(baseline, quantile),
                goal=GOAL if name == "p95" and label in pages else None, note=note,
                extra={"path": path, "samples": len(times)},
            ))
    connections.close_all()
    return results
