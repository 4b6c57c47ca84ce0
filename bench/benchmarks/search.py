"""Search: the results page's p50/p95 against an ``icontains`` page on the same data.

Terms are chosen from document frequencies counted while the catalog was
generated (rare, medium, common, a term in every document, an absent one, two
terms).  Each query's page ``/?q=…`` is requested in-process through Django's
test client (the whole view: search, facets, template), repeatedly; the
baseline is ``/bench/icontains/?q=…`` (see :mod:`bench.urls`).  The baseline
scans every document, so at large scales it gets fewer repetitions (a time cap).
"""

from __future__ import annotations

import time

from bench.context import Context
from bench.results import Result

__all__ = ["run"]

NAME = "search"


def _uncached_goal(label: str) -> str | None:
    """Issue 19: p95 of a query's first request, facet counts not cached."""
    if label.startswith(("rare term", "medium term", "two terms")):
        return "≤ 25 ms"
    if label in ("common term", "term in every document"):
        return "≤ 100 ms"
    return None


def _percentile(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _timings(  # noqa: ANN001
    client, path: str, q: str, repeats: int, cap: float, cold: bool = False
) -> tuple[list[float], int]:
    """Up to ``repeats`` timings of the page, within ``cap`` seconds (at least one).

    ``cold``: no warm-up request, and Django's cache is cleared before each
    sample (not timed), so every sample is a first request of the query (its
    facet counts not cached) and the first sample is the query's first request
    since the process started.  Otherwise one untimed warm-up request comes first.
    """
    from django.core.cache import cache

    times: list[float] = []
    status = 200
    if not cold:
        started = time.perf_counter()
        response = client.get(path, {"q": q})  # warm-up: templates, connections, caches
        status = response.status_code
        warm_up = time.perf_counter() - started
        # A full scan of a large catalog takes seconds: then the warm-up is a sample
        # too, or the baseline alone would take most of the run.
        if warm_up > cap / 10:
            times.append(warm_up)
    budget = time.perf_counter() + cap
    while len(times) < repeats and (not times or time.perf_counter() < budget):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(path, {"q": q})
        times.append(time.perf_counter() - started)
        status = response.status_code if response.status_code != 200 else status
    return times, status


def run(ctx: Context) -> list[Result]:
    from bench.web import setup_django

    setup_django(ctx.env())
    from django.db import connections
    from django.test import Client
    from django.test.utils import override_settings

    try:
        import archive.search  # noqa: F401
    except ImportError:
        return [Result(NAME, "results page", None, "s",
                       note="not available: search missing (archive.search)")]
    repeats = 5 if ctx.quick else 30
    cap = 5.0 if ctx.quick else 30.0
    results = []
    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(ROOT_URLCONF="bench.urls"):
        # Load templates and open the connection once, with no query: every query
        # shape's first request below is then its first since the process started.
        client.get("/")
        for label, q in ctx.terms.queries().items():
            first, _ = _timings(client, "/", q, max(10, repeats // 2), cap, cold=True)
            times, status = _timings(client, "/", q, repeats, cap)
            base, base_status = _timings(client, "/bench/icontains/", q, repeats, cap)
            words = q.split()
            frequency = ", ".join(f"{w}: {ctx.terms.frequency.get(w, 0):,} docs" for w in words)
            note = f"q={q!r} ({frequency})"
            if status != 200 or base_status != 200:
                note += f"; HTTP {status} / baseline HTTP {base_status}"
            extra = {"q": q, "samples": len(times), "baseline_samples": len(base)}
            for name, quantile in (("p50", 0.5), ("p95", 0.95)):
                goal = None
                if label == "term in every document" or (
                    label == "common term" and not ctx.terms.everywhere
                ):
                    goal = "≤ 200 ms (worst case)" if name == "p95" else None
                elif name == "p95":
                    goal = "≤ 25 ms"
                elif name == "p50":
                    goal = "≥ 100× faster than icontains"
                results.append(Result(
                    NAME, f"{label}: results page {name}", _percentile(times, quantile), "s",
                    baseline="icontains page", baseline_value=_percentile(base, quantile),
                    goal=goal, note=note, extra=extra,
                ))
            for name, quantile in (("p50", 0.5), ("p95", 0.95)):
                results.append(Result(
                    NAME, f"{label}: uncached (first request, no warm-up) {name}",
                    _percentile(first, quantile), "s",
                    baseline="icontains page", baseline_value=_percentile(base, quantile),
                    goal=_uncached_goal(label) if name == "p95" else None,
                    note=note,
                    extra={"q": q, "samples": len(first), "first_request_s": first[0],
                           "cached_p95_s": _percentile(times, 0.95)},
                ))
    connections.close_all()
    return results
