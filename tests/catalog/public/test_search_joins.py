"""The results page's one-pass ranking and one-pass facet counts (issue 19, revision 0026).

PostgreSQL ranks a page from ``archive_search_tiers`` (where each document matched, one
pass over the index) and counts the facets from the matching documents read once; how
the matches are joined (hash joins or look-ups, ``joined_for``) follows their number.
None of that may change a result: the order is the one of the rank expression the
ORM query sorts by, the counts are the exact counts, on both databases.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from types import ModuleType

import pytest
from django.db import connection, transaction
from django.http import QueryDict

from catalog.models import Authorship, Document
from catalog.public.facets import _compute
from catalog.public.filters import DocumentFilter
from catalog.public.search import joined_for, matches_most
from catalog.public.visibility import published_documents

pytestmark = pytest.mark.django_db(transaction=True)

QUERIES = [
    "harbour",                 # one term: title, byline, body and notes-only matches
    "harbour levy",            # two terms, in different parts of some documents
    "harbour -levy",           # an exclusion
    '"harbour levy"',          # a phrase
    "the",                     # stop words only: keeps every document
    "the harbour",             # a stop word beside a word
    "zzzunknownword",          # nothing
]


@pytest.fixture
def catalog(create: Callable[..., int], factories: ModuleType) -> dict[str, int]:
    note = factories.Note
    ids = {
        "title": create("Harbour dues", text="Fees at the quay.", authors=["Bo Smith"]),
        "byline": create("Quay fees", text="Nothing else here.", authors=["Ann Harbour"],
                         kind="report", language="fr", publisher="Other Press"),
        "body": create("Port notes", text="The harbour levy rose again.",
                       authors=["Bo Smith", "Cy Jones"], published=dt.date(2019, 5, 1)),
        "body2": create("Levy report", text="A levy on ships. The harbour was calm.",
                        authors=["Cy Jones"], published=None, publisher=None),
        "notes": create("Digest", text="Shipping news.", notes=[note("Harbour authority.")],
                        authors=["Di Brown"], kind="report"),
        "levy": create("Levy only", text="The levy alone.", notes=[note("On harbour ice.")]),
        "other": create("Unrelated", text="Grain prices.", authors=[]),
        "draft": create("Harbour draft", text="The harbour levy.", status="draft"),
        "withdrawn": create("Harbour withdrawn", text="The harbour.", status="withdrawn",
                            withdrawn_reason="Takedown."),
    }
    for number in range(4):  # several documents of one tier: the newest first among them
        ids[f"brief{number}"] = create(f"Brief {number}", text="A harbour mention.")
    return ids


def _filterset(q: str, **extra: str) -> DocumentFilter:
    return DocumentFilter(QueryDict("", mutable=True) | {"q": q, **extra},
                          queryset=published_documents())


@pytest.mark.parametrize("q", QUERIES)
@pytest.mark.parametrize("many", [True, False, None])
def test_page_ids_follow_the_rank_of_the_orm_query(catalog: dict, q: str, many: bool | None
                                                   ) -> None:
    """The one-pass page equals the ORM query sorted by the rank expression, however joined."""
    order = _filterset(q).ordered()
    expected = list(order.queryset.values_list("id", flat=True))
    assert order.page_ids(0, 100, bool(many)) == expected
    assert order.page_ids(2, 5, bool(many)) == expected[2:5]
    assert catalog["draft"] not in expected and catalog["withdrawn"] not in expected


def test_the_tiers_order_title_then_byline_then_body_then_notes(catalog: dict) -> None:
    ids = _filterset("harbour").ordered().page_ids(0, 100)
    assert ids[:2] == [catalog["title"], catalog["byline"]]
    assert ids[-2:] == [catalog["levy"], catalog["notes"]]  # notes only, newest first
    assert set(ids) == {catalog[k] for k in ("title", "byline", "body", "body2", "notes", "levy",
                                             "brief0", "brief1", "brief2", "brief3")}


def test_page_ids_with_a_filter_beside_the_search(catalog: dict) -> None:
    order = _filterset("harbour", kind="report").ordered()
    assert order.page_ids(0, 100) == [catalog["byline"], catalog["notes"]]
    assert order.page_ids(0, 100) == list(order.queryset.values_list("id", flat=True))


def _exact(matching: list[Document]) -> dict[str, Counter]:
    ids = [d.id for d in matching]
    authors = Counter()
    for person_id, _document_id in set(Authorship.objects.filter(document_id__in=ids)
                                       .values_list("person_id", "document_id")):
        authors[str(person_id)] += 1
    return {
        "kind": Counter(d.kind for d in matching),
        "language": Counter(d.language for d in matching),
        "publisher": Counter(str(d.publisher_id) for d in matching if d.publisher_id),
        "date": Counter(str(d.published.year) for d in matching if d.published),
        "author": authors,
    }


@pytest.mark.parametrize("q", QUERIES + [""])
@pytest.mark.parametrize("many", [True, False, None])
def test_facet_counts_are_the_exact_counts(catalog: dict, q: str, many: bool | None) -> None:
    filterset = _filterset(q)
    matching = list(filterset.matching())
    facets = _compute(filterset.matching(), many)
    assert facets.total == len(matching)
    exact = _exact(matching)
    groups = {
        "kind": facets.groups["kind"], "language": facets.groups["language"],
        "publisher": facets.groups["publisher"], "date": facets.groups["year"],
        "author": facets.groups["author"],
    }
    for name, values in groups.items():
        assert {v.value: v.count for v in values} == dict(exact[name]), name


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.parametrize(("many", "off"), [(True, ["enable_nestloop"]),
                                           (False, ["enable_hashjoin", "enable_mergejoin"])])
def test_joined_for_sets_the_planner_for_its_block_only(many: bool, off: list[str]) -> None:
    names = ["enable_nestloop", "enable_hashjoin", "enable_mergejoin"]

    def settings() -> dict[str, str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(f"current_setting('{n}')" for n in names))
            return dict(zip(names, cursor.fetchone(), strict=True))

    with transaction.atomic():  # the caller's own transaction keeps its settings after
        with joined_for(many):
            inside = settings()
        after = settings()
    assert {n for n, v in inside.items() if v == "off"} == set(off)
    assert after == dict.fromkeys(names, "on")


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_an_error_inside_joined_for_leaves_no_setting_behind() -> None:
    with pytest.raises(Exception, match="division by zero"), joined_for(True), \
            connection.cursor() as cursor:
        cursor.execute("SELECT 1 / 0")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_nestloop')")
        assert cursor.fetchone()[0] == "on"


def test_matches_most_is_an_estimate_only_where_the_engine_gives_one(catalog: dict) -> None:
    assert matches_most(None) is None
    clause = _filterset("the")._clause()
    if connection.vendor == "postgresql":
        assert matches_most(clause) is True  # stop words only keep every document
        assert matches_most(_filterset("-harbour")._clause()) is None  # exclusions only
    else:
        assert matches_most(clause) is None
