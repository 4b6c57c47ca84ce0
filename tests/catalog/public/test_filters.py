"""Filters, facets, sorting and pagination of the catalog (the API shares them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import ModuleType

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def ids(client: Client, **params: str) -> list[int]:
    response = client.get("/api/documents/", params)
    assert response.status_code == 200, response.content
    return [r["id"] for r in response.json()["results"]]


@pytest.fixture
def library(create: Callable[..., int], factories: ModuleType) -> dict[str, int]:
    Note = factories.Note
    return {
        "old": create(
            "Old opinion",
            authors=["Ada Example"],
            published=dt.date(2019, 5, 1),
            notes=[Note("Report.", urls=["https://www.osce.org/report"])],
        ),
        "new": create(
            "New article",
            kind="article",
            authors=["Bob Other"],
            publisher="Other Press",
            published=dt.date(2022, 1, 2),
            disclaimer=None,
            language="fr",
            notes=[Note("Cited a wombat study.", urls=["https://notosce.org/x"])],
        ),
        "mid": create(
            "Middle", authors=["Ada Example", "Bob Other"], notes=[], published=dt.date(2021, 6, 1)
        ),
    }


def test_each_filter(library: dict[str, int], client: Client) -> None:
    """Author, publisher, kind, language, dates, disclaimer, footnotes and cited domain or URL."""
    old, new, mid = library["old"], library["new"], library["mid"]
    author = client.get(f"/api/documents/{old}/").json()["authors"][0]["person_id"]
    publisher = client.get(f"/api/documents/{new}/").json()["publisher"]["id"]
    assert set(ids(client, author=str(author))) == {old, mid}
    assert ids(client, publisher=str(publisher)) == [new]
    assert ids(client, kind="article") == [new]
    assert ids(client, language="fr") == [new]
    assert set(ids(client, date_after="2020-01-01")) == {new, mid}
    assert ids(client, date_before="2020-01-01") == [old]
    assert ids(client, has_disclaimer="false") == [new]
    assert set(ids(client, has_footnotes="true")) == {old, new}
    assert ids(client, has_footnotes="false") == [mid]
    assert ids(client, cites="osce.org") == [old]  # not notosce.org
    assert ids(client, cites="https://notosce.org/x") == [new]
    assert ids(client, notes="wombat") == [new]
    assert ids(client, q="opinion", notes="report") == [old]


def test_invalid_values_are_reported_not_errors(library: dict[str, int], client: Client) -> None:
    """Bad filter values give 400 on the API and a form error on the page, never a 5xx."""
    assert client.get("/api/documents/", {"author": "x"}).status_code == 400
    assert client.get("/api/documents/", {"date_after": "yesterday"}).status_code == 400
    page = client.get("/", {"author": "x", "sort": "nonsense"})
    assert page.status_code == 200 and page.context["filterset"].form.errors


@pytest.mark.parametrize("value", ["abc", "-3", "0", "1.5", "２", "99999"])
def test_a_page_that_is_no_page_number_is_a_bad_request(
    library: dict[str, int], client: Client, value: str
) -> None:
    """The README promises 400 for an invalid parameter: ``page`` is one (no silent page 1)."""
    api = client.get("/api/documents/", {"page": value})
    assert api.status_code == 400 and "page" in api.json()["errors"]
    page = client.get("/", {"page": value})
    assert page.status_code == 400 and "page must be a whole number" in page.content.decode()


def test_a_bad_date_is_reported_under_its_own_name(library: dict[str, int], client: Client) -> None:
    errors = client.get("/api/documents/", {"date_after": "yesterday"}).json()["errors"]
    assert list(errors) == ["date_after"]
    errors = client.get("/api/documents/", {"date_before": "2020-13-45"}).json()["errors"]
    assert list(errors) == ["date_before"]


def test_sorting(library: dict[str, int], client: Client) -> None:
    """Newest first by default; oldest, title and relevance on request."""
    old, new, mid = library["old"], library["new"], library["mid"]
    assert ids(client) == [new, mid, old]
    assert ids(client, sort="oldest") == [old, mid, new]
    assert ids(client, sort="title") == [mid, new, old]
    assert ids(client, q="opinion")[0] == old


def test_title_sort_is_natural(create: Callable[..., int], client: Client) -> None:
    """Numbered titles in the order of their numbers, case aside."""
    for title in ["brief 10", "Brief 2", "brief 1", "brief 11", "Annex", "brief"]:
        create(title)
    results = client.get("/api/documents/", {"sort": "title"}).json()["results"]
    titles = [r["title"] for r in results]
    assert titles == ["Annex", "brief", "brief 1", "Brief 2", "brief 10", "brief 11"]


def test_facets_next_to_results(library: dict[str, int], client: Client) -> None:
    """Counts per author, publisher, kind, language and year, over the filtered results."""
    facets = client.get("/").context["facets"]
    assert facets.total == 3
    assert {v.label: v.count for v in facets.groups["author"]} == {"Ada Example": 2, "Bob Other": 2}
    assert {v.label: v.count for v in facets.groups["publisher"]} == {
        "Example Press": 2,
        "Other Press": 1,
    }
    assert [(v.label, v.count) for v in facets.groups["year"]] == [
        ("2022", 1), ("2021", 1), ("2019", 1)]  # newest first, not by count
    assert {v.label: v.count for v in facets.groups["language"]} == {"English": 2, "French": 1}
    narrowed = client.get("/", {"kind": "opinion"}).context["facets"]
    assert narrowed.total == 2 and {v.label for v in narrowed.groups["kind"]} == {"Opinion column"}
    html = client.get("/").content.decode()
    assert "?date_after=2019-01-01&amp;date_before=2019-12-31" in html


def test_a_selected_facet_value_is_switched_off_alone(
    library: dict[str, int], client: Client
) -> None:
    """The year's link, once chosen, removes the year and keeps every other filter."""
    chosen = client.get("/", {"kind": "opinion", "date_after": "2019-01-01",
                              "date_before": "2019-12-31", "q": "opinion"})
    year = next(link for link in chosen.context["facet_links"]["year"] if link["selected"])
    assert year["url"] == "?kind=opinion&q=opinion"
    kind = next(link for link in chosen.context["facet_links"]["kind"] if link["selected"])
    assert "kind=" not in kind["url"] and "date_after=2019-01-01" in kind["url"]


def test_pagination(create: Callable[..., int], client: Client) -> None:
    """Pages of 25 with a total, page numbers, next/previous links; past the end is said."""
    for number in range(27):
        create(f"Document {number:02d}", authors=[])
    first = client.get("/api/documents/", {"sort": "title"}).json()
    assert len(first["results"]) == 25 and first["next"] and first["previous"] is None
    assert first["count"] == 27 and first["pages"] == 2
    second = client.get(first["next"]).json()
    assert [r["title"] for r in second["results"]] == ["Document 25", "Document 26"]
    assert second["next"] is None and second["previous"]
    html = client.get("/").content.decode()
    assert 'rel="next"' in html and "1–25 of 27 documents" in html
    assert 'aria-label="Page 2"' in html and 'aria-current="page">1<' in html
    assert "26–27 of 27 documents" in client.get("/", {"page": "2"}).content.decode()
    past = client.get("/", {"page": "3", "sort": "title"})
    assert past.status_code == 302 and past["Location"] == "/?page=2&sort=title"
    api_past = client.get("/api/documents/", {"page": "3"})
    assert api_past.status_code == 404 and "last page" in api_past.json()["errors"]["page"][0]


def test_list_page_query_count_is_constant(create: Callable[..., int], client: Client) -> None:
    """The list page's queries do not grow with the number of documents shown (no N+1)."""
    create("First")
    with CaptureQueriesContext(connection) as few:
        client.get("/", {"q": "first"})
    for number in range(20):
        create(f"First {number}", authors=[f"Author {number}"])
    with CaptureQueriesContext(connection) as many:
        client.get("/", {"q": "first"})
    assert len(many) == len(few)
    assert not any("count(*)" in q["sql"].lower() for q in many.captured_queries)


def test_facets_of_a_search_are_the_same_whichever_plan_counts_them(
    create: Callable[..., int], client: Client
) -> None:
    """A term in most documents is counted by a pass over the facet index, a rare one by
    key look-ups (SQLite); both give the counts of the documents the list shows."""
    for number in range(16):
        create(
            f"Harbour {number}" + (" lighthouse" if number == 0 else ""),
            authors=[f"Writer {number % 3}", "Shared Author"],
            kind="opinion" if number % 2 else "article",
            published=dt.date(2010 + number % 4, 1, 1),
        )
    create("Draft harbour lighthouse", status="draft", authors=["Hidden Writer"])
    # 17 documents: "harbour" is in all of them, "lighthouse" in two (one a draft).
    for term, total in (("harbour", 16), ("lighthouse", 1)):
        facets = client.get("/", {"q": term}).context["facets"]
        assert facets.total == total == len(ids(client, q=term, page_size="100"))
        authors = {v.label: v.count for v in facets.groups["author"]}
        assert authors["Shared Author"] == total and "Hidden Writer" not in authors
        assert sum(v.count for v in facets.groups["kind"]) == total
        assert sum(v.count for v in facets.groups["year"]) == total
