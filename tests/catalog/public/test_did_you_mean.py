""""Did you mean …": one edit from a word of the published catalog, never a draft's word."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from django.core.management import call_command
from django.test import Client

from archive.search.suggest import candidates
from catalog.public.spelling import spelling_suggestion


@pytest.fixture
def vocabulary(create: Callable[..., int], engine: sa.Engine) -> None:
    create("Ceasefire monitoring in Nagorno-Karabakh",
           text="Azerbaijan and Armenia agreed to a ceasefire.", authors=["Ana Petrosyan"])
    create("Karabakh after the war", text="Azerbaijan regained territory.", disclaimer=None)
    create("Talks on Azerbaijani gas", text="Pipelines.", disclaimer=None)
    create("A draft", text="Zanzibarian clove exports.", status="draft")
    call_command("refresh_vocabulary", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.parametrize(("typed", "meant"), [
    ("Karabak", "Karabakh"),          # a letter missing
    ("Azerbajan", "Azerbaijan"),      # a letter missing, inside
    ("azerbiajan", "azerbaijan"),     # two letters swapped
    ("ceasfire", "ceasefire"),        # a letter missing
    ("ceasefirw", "ceasefire"),       # a letter wrong
    ("ceaseffire", "ceasefire"),      # a letter too many
    ("petrosayn", "petrosyan"),       # an author's name, swapped
])
def test_one_edit_typos_are_corrected(vocabulary: None, typed: str, meant: str) -> None:
    found = spelling_suggestion(typed)
    assert found is not None and found.text == meant


def test_the_rest_of_the_query_is_kept(vocabulary: None) -> None:
    found = spelling_suggestion('-Pipelines "ceasfire monitoring" Karabak')
    assert found is not None
    assert found.text == '-Pipelines "ceasefire monitoring" Karabakh'
    assert found.words == (("Karabak", "Karabakh"), ("ceasfire", "ceasefire"))


def test_a_suggestion_that_finds_nothing_now_is_not_offered(vocabulary: None) -> None:
    """Spelled right, the query would still match no published document: say nothing."""
    assert spelling_suggestion('-Armenia "ceasfire monitoring"') is None


def test_no_suggestion_for_known_or_hopeless_words(vocabulary: None) -> None:
    assert spelling_suggestion("Karabakh ceasefire") is None
    assert spelling_suggestion("xylophone") is None


def test_a_draft_word_is_never_suggested(vocabulary: None) -> None:
    assert spelling_suggestion("Zanzibarrian") is None


def test_the_page_offers_the_suggestion(vocabulary: None, client: Client) -> None:
    page = client.get("/", {"q": "Azerbajan", "kind": "opinion"}).content.decode()
    assert "Did you mean" in page
    assert 'href="?q=Azerbaijan&amp;kind=opinion"' in page
    assert "Did you mean" not in client.get("/", {"q": "Azerbaijan"}).content.decode()


def test_candidates_cover_every_kind_of_single_edit() -> None:
    word = "treaty"
    assert {"traty", "teraty", "treety", "treatty"} <= candidates(word)
    assert word not in candidates(word)


def test_a_published_match_older_than_the_newest_drafts_still_counts(
    create: Callable[..., int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check looks at a few matches first (SearchClause.sample); past them it reads all."""
    import catalog.public.spelling

    monkeypatch.setattr(catalog.public.spelling, "SAMPLE_SIZE", 2)
    create("Ceasefire monitoring", text="The ceasefire held.", disclaimer=None)
    call_command("refresh_vocabulary", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # Newer matches that are not public: the newest two matches are drafts or withdrawn.
    create("A draft on the ceasefire", text="The ceasefire.", status="draft", disclaimer=None)
    create("Another draft", text="A ceasefire again.", status="draft", disclaimer=None)
    found = spelling_suggestion("ceasfire")
    assert found is not None and found.text == "ceasefire"


def test_no_suggestion_when_only_drafts_match_now(
    create: Callable[..., int], monkeypatch: pytest.MonkeyPatch
) -> None:
    import catalog.public.spelling

    monkeypatch.setattr(catalog.public.spelling, "SAMPLE_SIZE", 2)
    published = create("Ceasefire monitoring", text="The ceasefire held.", disclaimer=None)
    call_command("refresh_vocabulary", stdout=open("/dev/null", "w"))  # noqa: SIM115
    create("A draft on the ceasefire", text="The ceasefire.", status="draft", disclaimer=None)
    from archive.attribution import acting_as
    from catalog.models import Document

    # The vocabulary still knows the word; the one published match is gone from view.
    with acting_as("test:librarian"):
        Document.objects.filter(id=published).update(status="withdrawn",
                                                     withdrawn_reason="test")
    assert spelling_suggestion("ceasfire") is None


def test_a_one_term_sample_is_some_of_the_matches_and_no_more(
    create: Callable[..., int],
) -> None:
    """Both engines give a cheap sample for one term: matches only, at most n from each index."""
    from django.db import connection

    from archive.search import parse_query
    from catalog.public.search import clause_for

    matching = {create(f"Ceasefire report {n}", text="The ceasefire held.", disclaimer=None)
                for n in range(5)}
    create("Unrelated", text="Pipelines and gas.", disclaimer=None)
    clause = clause_for(parse_query("ceasefire"))
    assert clause is not None and clause.sample is not None
    with connection.cursor() as cursor:
        cursor.execute(clause.sample, [*clause.sample_params, 2])
        some = [row[0] for row in cursor.fetchall()]
    assert set(some) <= matching
    # SQLite: the newest two; PostgreSQL: two from the first index that has two (titles).
    assert len(some) == 2
    if connection.vendor == "postgresql":  # more than a term: no sample, every match is read
        assert clause_for(parse_query("ceasefire -gas")).sample is None
