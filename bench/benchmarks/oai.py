"""OAI-PMH: a harvest's pages and a whole harvest, against the JSON API list paged the same way.

Requests go in-process through Django's test client (the whole view: argument
parsing, the keyset query on ``oai_record``, the canonical records, the XML),
as the search benchmark does.  A *harvest* starts a list and follows its
resumption tokens to the end, timing every response:

* ``ListRecords`` in ``oai_dc`` and in MODS, ``ListIdentifiers`` — every page of
  the whole catalog (the p95 is over all of them, the late pages included);
* the baseline: ``/api/documents/`` walked the way a client walks it, page
  after page (``?page=N``, 25 summaries a page, an OFFSET query with a count),
  until the last page or a time limit (then the total is a lower bound); its
  page p50/p95 come from pages spread evenly over the whole list, so late
  pages count as they do for the harvest.  The list's last page is the one the
  API names: it serves pages 1 to ``MAX_PAGE`` (2,000, i.e. 50,000 documents)
  and refuses deeper ones (400), so past 50,000 published documents the
  baseline covers the part of the catalog the API reaches, and says so.

Goal (issue 17): a ``ListRecords`` page p95 ≤ 50 ms at 100,000 documents, and the
full harvest's time reported.  The bulk-loaded catalog has one datestamp for
every record (the load is one change): those harvests page by document id within
that second, the keyset path a large import takes.  A last harvest covers the
other path: ``oai_record``'s datestamps are spread over a year (a deterministic
shuffle, in the derived table only) and a ``from`` harvest takes the last two
months of them, about a sixth of the catalog, second after second; the table is
then rebuilt as it was.
"""

from __future__ import annotations

import time
from typing import Any

from bench.context import Context
from bench.results import Result

__all__ = ["run"]

NAME = "oai"
GOAL = "p95 ≤ 50 ms at 100,000 documents"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
API_PAGE_SIZE = 25


def _percentile(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _harvest(client: Any, params: dict[str, str], cap: float) -> dict[str, Any]:
    """Follow one list to its end (or ``cap`` seconds): every response's time, and its items."""
    from lxml import etree

    times: list[float] = []
    items = 0
    errors: list[str] = []
    began = time.perf_counter()
    query = {"verb": params["verb"], **params}
    while True:
        started = time.perf_counter()
        response = client.get("/oai", query)
        times.append(time.perf_counter() - started)
        root = etree.fromstring(response.content)
        errors += [e.get("code") for e in root.iter(f"{OAI}error")]
        items += sum(1 for _ in root.iter(f"{OAI}header"))
        token = root.findtext(f".//{OAI}resumptionToken")
        if not token or errors:
            stopped = False
            break
        if time.perf_counter() - began > cap:
            stopped = True
            break
        query = {"verb": params["verb"], "resumptionToken": token}
    return {"times": times, "items": items, "seconds": time.perf_counter() - began,
            "stopped": stopped, "errors": errors}


def _api_walk(client: Any, cap: float) -> dict[str, Any]:
    """``/api/documents/?page=1, 2, …`` to the last page (or ``cap`` seconds)."""
    times: list[float] = []
    documents = 0
    began = time.perf_counter()
    number = 1
    while True:
        started = time.perf_counter()
        response = client.get("/api/documents/", {"page": number})
        times.append(time.perf_counter() - started)
        body = response.json()
        documents += len(body["results"])
        if not body["next"]:
            return {"times": times, "items": documents,
                    "seconds": time.perf_counter() - began, "stopped": False}
        if time.perf_counter() - began > cap:
            return {"times": times, "items": documents,
                    "seconds": time.perf_counter() - began, "stopped": True}
        number += 1


def _api_spread(client: Any, samples: int) -> tuple[list[float], int]:
    """Times of API pages spread evenly from the first to the last (after one warm-up).

    The last page is the one the API itself names (``pages``): it serves page
    numbers up to ``MAX_PAGE`` (2,000, 50,000 documents) and answers 400 past
    that, so a catalog larger than that is not wholly reachable through it.
    Returns the times and the number of pages.
    """
    first = client.get("/api/documents/", {"page": 1})
    last = max(1, int(first.json()["pages"]))
    numbers = sorted({1 + round(i * (last - 1) / max(1, samples - 1)) for i in range(samples)})
    times = []
    for number in numbers:
        started = time.perf_counter()
        response = client.get("/api/documents/", {"page": number})
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"/api/documents/?page={number}: HTTP {response.status_code}")
    return times, last


_YEAR = 365 * 24 * 3600
_SPREAD = {
    "sqlite": "UPDATE oai_record SET datestamp = strftime('%Y-%m-%d %H:%M:%S', '2025-01-01', "
              f"'+' || ((document_id * 2654435761) % {_YEAR}) || ' seconds') || '.000000'",
    "postgresql": "UPDATE oai_record SET datestamp = timestamptz '2025-01-01 00:00:00+00' "
                  f"+ ((document_id * 2654435761) % {_YEAR}) * interval '1 second'",
}
_SPREAD_FROM = "2025-11-01T00:00:00Z"


def _spread_harvest(ctx: Context, client: Any, cap: float) -> dict[str, Any]:
    """A ``from`` harvest over datestamps spread across a year; ``oai_record`` rebuilt after."""
    import sqlalchemy as sa

    from archive.oai import store

    with ctx.engine.begin() as connection:
        connection.execute(sa.text(_SPREAD[connection.dialect.name]))
    try:
        return _harvest(client, {"verb": "ListRecords", "metadataPrefix": "oai_dc",
                                 "from": _SPREAD_FROM}, cap)
    finally:
        with ctx.engine.begin() as connection:
            store.rebuild(connection)


def _published(ctx: Context) -> int:
    with ctx.engine.connect() as connection:
        return connection.exec_driver_sql(
            "SELECT count(*) FROM document WHERE status = 'published'"
        ).scalar() or 0


def run(ctx: Context) -> list[Result]:
    from bench.web import setup_django

    setup_django(ctx.env())
    from django.conf import settings
    from django.db import connections
    from django.test import Client

    try:
        from catalog.oai import views  # noqa: F401
    except ImportError:
        return [Result(NAME, "ListRecords page", None, "s",
                       note="not available: no OAI-PMH provider (catalog.oai)")]
    cap = 10.0 if ctx.quick else 600.0
    client = Client(HTTP_HOST="127.0.0.1")
    published = _published(ctx)
    per_page = settings.OAI_RECORDS_PER_PAGE
    client.get("/oai", {"verb": "Identify"})  # warm-up: connections, schemas of the views
    harvests = {
        "ListRecords, oai_dc": _harvest(client, {"verb": "ListRecords", "metadataPrefix": "oai_dc"},
                                        cap),
        "ListRecords, MODS": _harvest(client, {"verb": "ListRecords", "metadataPrefix": "mods"},
                                      cap),
        "ListIdentifiers": _harvest(client, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"},
                                    cap),
        f"ListRecords, oai_dc, from={_SPREAD_FROM} (datestamps over a year)":
            _spread_harvest(ctx, client, cap),
    }
    api_pages, api_last = _api_spread(client, 10 if ctx.quick else 60)
    api_cap = 20.0 if ctx.quick else 300.0
    api = _api_walk(client, api_cap)
    connections.close_all()

    results = []
    api_note = (f"API: {API_PAGE_SIZE} summaries a page, {len(api_pages)} pages spread over "
                f"its {api_last:,} pages")
    if api_last * API_PAGE_SIZE < published:
        api_note += (f" (it serves pages up to {api_last:,}: the first "
                     f"{api_last * API_PAGE_SIZE:,} of {published:,} documents)")
    for label, harvest in harvests.items():
        times = harvest["times"]
        later = times[1:] or times  # the first response also counts the list
        size = per_page * 5 if label == "ListIdentifiers" else per_page
        note = f"{len(times)} responses, {harvest['items']:,} records of {published:,} published"
        if "from=" in label:
            note += " (those changed since from=)"
        if harvest["errors"]:
            note += f"; OAI errors: {sorted(set(harvest['errors']))}"
        for name, quantile in (("p50", 0.5), ("p95", 0.95)):
            results.append(Result(
                NAME, f"{label}: page of {size} {name}", _percentile(later, quantile), "s",
                baseline=f"API list page ({API_PAGE_SIZE})",
                baseline_value=_percentile(api_pages, quantile),
                goal=GOAL if label == "ListRecords, oai_dc" and name == "p95" else None,
                note=f"{note}; {api_note}",
                extra={"responses": len(times), "first_response": round(times[0], 4),
                       "items": harvest["items"], "page_size": size},
            ))
        results.append(Result(
            NAME, f"{label}: whole harvest", harvest["seconds"], "s",
            baseline="API list, every page", baseline_value=api["seconds"],
            note="; ".join(part for part in (
                f"stopped at the {cap:.0f} s time limit" if harvest["stopped"] else None,
                f"{harvest['items']:,} records in {len(times)} responses, "
                f"{harvest['items'] / harvest['seconds']:,.0f} records/s",
                f"API: {api['items']:,} documents in {len(api['times'])} pages",
                f"API: stopped at the {api_cap:.0f} s time limit" if api["stopped"] else None,
            ) if part),
            extra={"records_per_second": round(harvest["items"] / harvest["seconds"], 1),
                   "api_pages": len(api["times"]), "api_documents": api["items"],
                   **({"value_bound": "lower"} if harvest["stopped"] else {}),
                   **({"baseline_bound": "lower"} if api["stopped"] else {})},
        ))
    return results
