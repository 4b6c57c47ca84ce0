"""Relevance and spelling: a judged set's precision@10 / nDCG@10, and "Did you mean" cost.

**Relevance.**  The documents of ``bench/judged.py`` join the generated catalog
(their prose is the noise), then each judged query goes through the JSON API
(``/api/documents/?q=…``: the catalog's own ranking, filters and window) and its
first ten results are scored: precision@10 (the share of the ten that are
relevant; with fewer than ten relevant documents its best value is below 1, so
the best possible is reported beside it) and nDCG@10 with grades 2/1/0.  On
SQLite the baseline is the same matches ordered by FTS5's unweighted bm25 (the
ranking before issue 21), in the same run.

**Spelling.**  ``manage.py refresh_vocabulary``'s rebuild is timed, then
``catalog.public.spelling.spelling_suggestion`` for one-edit typos (a letter dropped,
two letters swapped) of words of the catalog of three frequencies: p50/p95
(goal ≤ 10 ms), against the results page of the same typo (what a user pays
anyway) and with how many typos came back as the word they were made from.
"""

from __future__ import annotations

import math
import time

from bench.context import Context
from bench.judged import JUDGED_DOCUMENTS, JUDGED_QUERIES, JudgedQuery
from bench.results import Result

__all__ = ["run"]

NAME = "relevance"
ACTOR = "bench:relevance"
TOP = 10


def _add_judged(ctx: Context) -> dict[str, int]:
    """Store the judged documents through the core; their ids by key."""
    from sqlalchemy.orm import Session

    from archive import schema
    from archive.attribution import acting_as, utcnow

    def named(session: Session, model: type, name: str):  # noqa: ANN202
        key = " ".join(name.lower().split())
        found = session.query(model).filter_by(name_key=key).first()
        return found or model(name=name, name_key=key)

    ids: dict[str, int] = {}
    with acting_as(ACTOR), Session(ctx.engine) as session, session.begin():
        for judged in JUDGED_DOCUMENTS:
            document = schema.Document(
                title=judged.title, kind="report", language="en", status="published",
                text=judged.body, section_starts=[0], repairs=[], created_at=utcnow(),
            )
            for position, name in enumerate(judged.authors, start=1):
                document.authorships.append(schema.Authorship(
                    person=named(session, schema.Person, name), position=position))
            if judged.disclaimer:
                document.disclaimer = schema.Disclaimer(text=judged.disclaimer)
            for number, text in enumerate(judged.notes, start=1):
                document.footnotes.append(schema.Footnote(
                    number=number, text=text, urls=[], url_fragments=[]))
            session.add(document)
            session.flush()
            ids[judged.key] = document.id
    return ids


def _scores(found: list[int], query: JudgedQuery, ids: dict[str, int]) -> tuple[float, float,
                                                                                   float]:
    """(precision@10, best possible precision@10, nDCG@10) of ``found``."""
    grade = {ids[key]: g for key, g in query.grades.items()}
    top = found[:TOP]
    precision = sum(1 for d in top if grade.get(d, 0) > 0) / TOP
    best_precision = min(len(grade), TOP) / TOP

    def dcg(grades: list[int]) -> float:
        return sum((2 ** g - 1) / math.log2(rank + 2) for rank, g in enumerate(grades))

    ideal = dcg(sorted(grade.values(), reverse=True)[:TOP])
    ndcg = dcg([grade.get(d, 0) for d in top]) / ideal if ideal else 0.0
    return precision, best_precision, ndcg


def _api_top(client, q: str) -> list[int]:  # noqa: ANN001
    response = client.get("/api/documents/", {"q": q})
    return [r["id"] for r in response.json()["results"]] if response.status_code == 200 else []


def _newest_top(client, q: str) -> list[int]:  # noqa: ANN001
    """The same matches, newest first: the catalog's order when relevance is not asked for."""
    response = client.get("/api/documents/", {"q": q, "sort": "newest"})
    return [r["id"] for r in response.json()["results"]] if response.status_code == 200 else []


def _unweighted_top(q: str) -> list[int]:
    """SQLite before issue 21: the published matches by FTS5's plain bm25.

    Since revision 0021 a document's head (title, authors, disclaimer) and body are
    indexed apart: the plain bm25 of each, added, with no weights and no tier.
    """
    from django.db import connection

    from archive.search import backend_for, parse_query
    from archive.search.sqlite import match_expression

    query = parse_query(q)
    clause = backend_for("sqlite").clause(query)
    if clause is None or clause.exclude:
        return []
    anywhere = match_expression(query)[0].replace(" AND ", " OR ")
    plain = ("coalesce((SELECT r.rank FROM (SELECT rowid AS id, bm25({t}) AS rank FROM {t} "
             "WHERE {t} MATCH %s LIMIT -1 OFFSET 0) AS r WHERE r.id = d.id), 0)")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.id FROM document d WHERE d.id IN ({clause.ids}) "
            "AND d.status = 'published' "
            f"ORDER BY {plain.format(t='head_fts')} + {plain.format(t='body_fts')}, d.id DESC "
            "LIMIT %s", [*clause.params, anywhere, anywhere, TOP])
        return [row[0] for row in cursor.fetchall()]


def _relevance(ctx: Context, client, ids: dict[str, int]) -> list[Result]:  # noqa: ANN001
    from django.db import connection

    results = []
    totals = {"p": 0.0, "best": 0.0, "ndcg": 0.0, "base_p": 0.0, "base_ndcg": 0.0}
    sqlite = connection.vendor == "sqlite"
    # SQLite: the ranking before issue 21; PostgreSQL: the same matches newest first.
    baseline_name = "FTS5 unweighted bm25" if sqlite else "same matches, newest first"
    per_query = []
    for query in JUDGED_QUERIES:
        precision, best, ndcg = _scores(_api_top(client, query.q), query, ids)
        totals["p"] += precision
        totals["best"] += best
        totals["ndcg"] += ndcg
        row = {"q": query.q, "precision@10": precision, "best precision@10": best,
               "nDCG@10": round(ndcg, 3)}
        baseline_top = _unweighted_top(query.q) if sqlite else _newest_top(client, query.q)
        base_p, _, base_ndcg = _scores(baseline_top, query, ids)
        totals["base_p"] += base_p
        totals["base_ndcg"] += base_ndcg
        row |= {"baseline precision@10": base_p, "baseline nDCG@10": round(base_ndcg, 3)}
        per_query.append(row)
        results.append(Result(
            NAME, f"judged query {query.q}: nDCG@10", round(ndcg, 3), "",
            baseline=baseline_name,
            baseline_value=row.get("baseline nDCG@10"), better="higher",
            note=f"precision@10 {precision:.1f} of at best {best:.1f}", extra=row,
        ))
    n = len(JUDGED_QUERIES)
    baseline = baseline_name
    results.insert(0, Result(
        NAME, f"judged set ({n} queries): mean precision@10", round(totals["p"] / n, 3), "",
        baseline=baseline, baseline_value=round(totals["base_p"] / n, 3),
        better="higher",
        note=f"best possible {totals['best'] / n:.3f} (fewer than 10 relevant per query)",
        extra={"queries": per_query},
    ))
    results.insert(1, Result(
        NAME, f"judged set ({n} queries): mean nDCG@10", round(totals["ndcg"] / n, 3), "",
        baseline=baseline, baseline_value=round(totals["base_ndcg"] / n, 3),
        better="higher", goal="1.0 is the ideal order",
    ))
    return results


def _typos(word: str) -> list[str]:
    middle = len(word) // 2
    dropped = word[:middle] + word[middle + 1:]
    swapped = word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1:]
    return [t for t in (dropped, swapped) if t != word]


def _percentile(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _spelling(ctx: Context, client) -> list[Result]:  # noqa: ANN001
    from archive.search.suggest import published_texts, rebuild
    from catalog.public.spelling import spelling_suggestion
    from catalog.sa import engine_for

    started = time.perf_counter()
    with engine_for().connect() as connection:
        for _texts in published_texts(connection):
            pass
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    with engine_for().begin() as connection:
        words = rebuild(connection)
    rebuild_seconds = time.perf_counter() - started
    typos = [(typo, word) for word in (ctx.terms.rare, ctx.terms.medium, ctx.terms.common)
             if len(word) >= 5 for typo in _typos(word)]
    typos += [("Petrosyna", "petrosyan"), ("Ceasfire", "ceasefire")]
    repeats = 5 if ctx.quick else 30
    times, cpu, page_times, page_cpu, right = [], [], [], [], 0
    for typo, word in typos:
        found = spelling_suggestion(typo)
        right += found is not None and found.text.lower() == word
        for _ in range(repeats):
            begun, begun_cpu = time.perf_counter(), time.process_time()
            spelling_suggestion(typo)
            times.append(time.perf_counter() - begun)
            cpu.append(time.process_time() - begun_cpu)
        for _ in range(max(1, repeats // 3)):
            begun, begun_cpu = time.perf_counter(), time.process_time()
            client.get("/", {"q": typo})
            page_times.append(time.perf_counter() - begun)
            page_cpu.append(time.process_time() - begun_cpu)
    note = (f"{right} of {len(typos)} typos suggested as the word they were made from; "
            f"typos: {', '.join(t for t, _ in typos)}")
    results = [Result(NAME, "did you mean: vocabulary rebuild", rebuild_seconds, "s",
                      baseline="reading the published texts alone", baseline_value=read_seconds,
                      note=f"{words:,} words from {ctx.scale:,} generated documents",
                      extra={"words": words})]
    for name, q in (("p50", 0.5), ("p95", 0.95)):
        results.append(Result(
            NAME, f"did you mean: suggestion {name}", _percentile(times, q), "s",
            baseline="results page of the typo", baseline_value=_percentile(page_times, q),
            goal="≤ 10 ms at 100,000 documents" if name == "p95" else None, note=note,
            extra={"samples": len(times), "right": right, "typos": len(typos)},
        ))
    # On a shared machine the wall clock waits for other processes; this process's own
    # CPU time (SQLite runs in it) is what the suggestion costs.
    for name, q in (("p50", 0.5), ("p95", 0.95)):
        results.append(Result(
            NAME, f"did you mean: suggestion CPU time {name}", _percentile(cpu, q), "s",
            baseline="results page of the typo, CPU time",
            baseline_value=_percentile(page_cpu, q), note="this process's CPU time "
            "(time.process_time): on SQLite the database work is in it, on PostgreSQL not",
        ))
    return results


def run(ctx: Context) -> list[Result]:
    from bench.web import setup_django

    setup_django(ctx.env())
    from django.db import connections
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    ids = _add_judged(ctx)
    results = _relevance(ctx, client, ids)
    results += _spelling(ctx, client)
    connections.close_all()
    return results
