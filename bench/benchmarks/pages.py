"""Pages: requests per second under gunicorn (2 workers), as ratios of a trivial view.

A bounded load generator (:func:`bench.web.load`: a fixed request count, a time
cap, 127.0.0.1 only) requests each page in turn; the baseline is ``/healthz``,
a view that touches neither the database nor a template.
"""

from __future__ import annotations

from bench.context import Context
from bench.results import Result
from bench.web import Gunicorn, load

__all__ = ["run"]

NAME = "pages"


def _first_published(ctx: Context) -> int | None:
    with ctx.engine.connect() as connection:
        return connection.exec_driver_sql(
            "SELECT min(id) FROM document WHERE status = 'published'"
        ).scalar()


def run(ctx: Context) -> list[Result]:
    requests = 20 if ctx.quick else 600
    seconds = 1.5 if ctx.quick else 20.0
    doc_id = _first_published(ctx)
    terms = ctx.terms
    pages = {
        "catalog page /": "/",
        "document page": f"/documents/{doc_id}/",
        f"search, rare term ({terms.rare})": f"/?q={terms.rare}",
        f"search, common term ({terms.common})": f"/?q={terms.common}",
        "API list /api/documents/": "/api/documents/",
    }
    results = []
    with Gunicorn(ctx.env(), ctx.workdir) as server:
        load(server, "/healthz", 10, 2.0)  # warm the workers
        trivial = load(server, "/healthz", requests, seconds)
        for label, target in pages.items():
            status, _ = server.get(target)  # warm-up, and is the page there at all?
            if status != 200:
                results.append(Result(NAME, f"{label}: requests/s", None, "req/s",
                                      baseline="/healthz", baseline_value=trivial.rate,
                                      better="higher",
                                      note=f"not available: {target} answers HTTP {status}"))
                continue
            measured = load(server, target, requests, seconds)
            note = f"{measured.errors} errors {measured.statuses}" if measured.errors else None
            goal = None
            if "common term" in label:
                goal = "≥ 1/4 of the catalog page's rate"
            results.append(Result(
                NAME, f"{label}: requests/s", measured.rate, "req/s", baseline="/healthz",
                baseline_value=trivial.rate, better="higher", goal=goal, note=note,
                extra={"requests": measured.requests, "seconds": round(measured.seconds, 3),
                       "baseline_requests": trivial.requests, "target": target},
            ))
    return results
