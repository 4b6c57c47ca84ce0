"""Relevance on a fixed catalog: where a word stands counts, and why a result matched."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest
from django.test import Client

FILLER = "Routine matters of the regional office were discussed at length. "


@pytest.fixture
def catalog(create: Callable[..., int], factories: ModuleType) -> dict[str, object]:
    """A long report named after the word, and many short briefs mentioning it once."""
    report = create(
        "Monitoring the Ceasefire along the Line of Contact",
        text="\n\n".join([FILLER * 40, "The ceasefire held in spring. " + FILLER * 40] * 6),
        disclaimer=None,
    )
    briefs = [
        create(f"Regional brief {n}", text=f"A short note. The ceasefire was mentioned once. "
               f"{FILLER * 2}", disclaimer=None, authors=[f"Writer {n}"])
        for n in range(12)
    ]
    phrase = create("On territorial disputes", text="Some call it a frozen conflict; others a "
                    "frozen dispute with no conflict at all.", disclaimer=None)
    noted = create("Quarterly digest", text=FILLER * 3, disclaimer=None,
                   notes=[factories.Note("Ceasefire monitoring mission, final report.")])
    return {"report": report, "briefs": briefs, "phrase": phrase, "noted": noted}


def results(client: Client, q: str) -> list[dict]:
    response = client.get("/api/documents/", {"q": q})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_title_match_ranks_above_single_body_mentions(catalog: dict, client: Client) -> None:
    found = results(client, "ceasefire")
    assert found[0]["id"] == catalog["report"]
    assert {r["id"] for r in found} == {catalog["report"], catalog["noted"], *catalog["briefs"]}
    # A word only in the notes weighs least: the digest comes after every brief.
    assert found[-1]["id"] == catalog["noted"]


def test_why_a_result_matched(catalog: dict, client: Client) -> None:
    by_id = {r["id"]: r["matched"] for r in results(client, "ceasefire")}
    assert by_id[catalog["report"]] == ["title", "text"]
    assert by_id[catalog["briefs"][0]] == ["text"]
    assert by_id[catalog["noted"]] == ["notes"]
    html = client.get("/", {"q": "ceasefire"}).content.decode()
    assert "Matched in title, text" in html and "Matched in notes" in html


def test_a_phrase_is_highlighted_as_one_span(catalog: dict, client: Client) -> None:
    found = results(client, '"frozen conflict"')
    assert [r["id"] for r in found] == [catalog["phrase"]]
    marked = [part["text"] for part in found[0]["snippet"] if part["match"]]
    assert marked == ["frozen conflict"]
    html = client.get("/", {"q": '"frozen conflict"'}).content.decode()
    assert "<mark>frozen conflict</mark>" in html


def test_an_author_match_ranks_above_a_mention(
    create: Callable[..., int], client: Client
) -> None:
    mention = create("Notes from the field", text="As Okonkwo wrote, the talks stalled.",
                     disclaimer=None)
    byline = create("Field notes", text=FILLER * 30, authors=["Chidi Okonkwo"], disclaimer=None)
    assert [r["id"] for r in results(client, "okonkwo")] == [byline, mention]


# The ranking reads a bounded set of matches (``RankedJoin.scoped``, SQLite): the
# newest ``RANK_WINDOW``.  A small window shows which ones, with and without filters.
def _scoped() -> bool:
    from django.db import connection

    return connection.vendor == "sqlite"


def test_relevance_ranks_the_newest_matches_when_the_backend_bounds_it(
    create: Callable[..., int], client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    import catalog.public.search

    monkeypatch.setattr(catalog.public.search, "RANK_WINDOW", 3)
    named = create("The ceasefire report", text=FILLER * 5, disclaimer=None)
    draft = create("A ceasefire draft", text=FILLER, status="draft", disclaimer=None)
    briefs = [create(f"Brief {n}", text=f"The ceasefire, once. {FILLER}", disclaimer=None)
                for n in range(4)]
    response = client.get("/api/documents/", {"q": "ceasefire"}).json()
    found = [r["id"] for r in response["results"]]
    assert draft not in found
    if _scoped():
        # The newest three matches, ranked: the older title match is out of reach.
        assert sorted(found) == sorted(briefs[-3:])
    else:
        assert found[0] == named and sorted(found[1:]) == sorted(briefs)
    assert response["count"] == 5  # the total still counts every published match


def test_with_a_filter_the_bounded_ranking_reads_the_filtered_matches(
    create: Callable[..., int], client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    import catalog.public.search

    monkeypatch.setattr(catalog.public.search, "RANK_WINDOW", 2)
    kept = [create(f"Ceasefire study {n}", text=FILLER, kind="report", disclaimer=None)
            for n in range(3)]
    for n in range(4):  # newer matches that the filter leaves out
        create(f"Brief {n}", text=f"The ceasefire, once. {FILLER}", disclaimer=None)
    found = [r["id"] for r in results_with(client, {"q": "ceasefire", "kind": "report"})]
    assert sorted(found) == sorted(kept[-2:] if _scoped() else kept)


def results_with(client: Client, params: dict[str, str]) -> list[dict]:
    response = client.get("/api/documents/", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]
