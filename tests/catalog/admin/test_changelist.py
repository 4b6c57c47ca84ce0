"""The document change list: columns, filters, the review queue, and a bounded query count."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from archive.attribution import acting_as
from catalog.models import Disclaimer, Document, Organization, Problem

LIST = "/admin/catalog/document/"


def titles(client: Client, query: str = "") -> list[str]:
    page = client.get(LIST + query)
    assert page.status_code == 200
    return sorted(document.title for document in page.context["cl"].result_list)


def test_columns_come_from_annotations(make_document, librarian_client: Client) -> None:
    """Title, first author, date, publisher, status, footnote and problem counts are listed."""
    pk = make_document(title="Counted", footnotes=3)
    with acting_as("ingest:test"):
        Problem.objects.create(document_id=pk, stage="date", raw="?", reason="no date")
    page = librarian_client.get(LIST)
    (row,) = page.context["cl"].result_list
    assert (row.first_author_name, row.footnote_total, row.open_problem_total) == (
        "Ada Example",
        3,
        1,
    )
    html = page.content.decode()
    for text in ("Counted", "Ada Example", "Example Press", "Jan. 31, 2020", "draft"):
        assert text in html


def test_query_count_does_not_grow_with_the_page(make_document, librarian_client: Client) -> None:
    """Listing 3 or 30 documents of 3 or 30 years runs the same number of queries (no N+1)."""

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert librarian_client.get(LIST).status_code == 200
        return len(captured)

    # Each document in a year of its own: the year filter and the date hierarchy
    # list the years present, and must not query once per year.
    for number in range(3):
        make_document(title=f"Doc {number}", footnotes=2, published=dt.date(1990 + number, 5, 1))
    few = queries()
    for number in range(3, 30):
        make_document(title=f"Doc {number}", footnotes=2, published=dt.date(1990 + number, 5, 1))
    assert queries() == few


def test_query_count_is_bounded(make_document, librarian_client, django_assert_max_num_queries):
    """A full page of documents is listed in at most 15 queries."""
    for number in range(25):
        make_document(title=f"Doc {number}", footnotes=1, published=dt.date(1990 + number, 5, 1))
    with django_assert_max_num_queries(15):
        page = librarian_client.get(LIST)
    assert len(page.context["cl"].result_list) == 25


def test_review_queue_lists_drafts_and_open_problems(
    make_document, librarian_client: Client
) -> None:
    """The review queue holds drafts and published documents with unresolved problems."""
    make_document(title="Draft")
    make_document(title="Clean", status="published")
    flagged = make_document(title="Flagged", status="published")
    resolved = make_document(title="Resolved", status="published")
    with acting_as("ingest:test"):
        Problem.objects.create(document_id=flagged, stage="date", raw="?", reason="no date")
        Problem.objects.create(
            document_id=resolved, stage="date", raw="?", reason="no date", resolved=True
        )
    assert titles(librarian_client, "?review=queue") == ["Draft", "Flagged"]
    assert "Review queue" in librarian_client.get(LIST).content.decode()


def test_filters(make_document, librarian_client: Client) -> None:
    """Status, year, publisher, disclaimer and problem filters narrow the list."""
    old = make_document(title="Old")
    new = make_document(title="New", status="published")
    with acting_as("test:setup"):
        Document.objects.filter(pk=old).update(published=dt.date(1999, 5, 1), language="fr")
        Disclaimer.objects.filter(document_id=old).delete()
        other = Organization.objects.create(name="Other House", name_key="other house")
        Document.objects.filter(pk=new).update(publisher=other)
        Problem.objects.create(document_id=new, stage="byline", raw="?", reason="no byline")
    assert titles(librarian_client, "?status__exact=published") == ["New"]
    assert titles(librarian_client, "?year=1999") == ["Old"]
    assert titles(librarian_client, f"?publisher={other.pk}") == ["New"]
    assert titles(librarian_client, "?disclaimer=no") == ["Old"]
    assert titles(librarian_client, "?disclaimer=yes") == ["New"]
    assert titles(librarian_client, "?problems=yes") == ["New"]
    assert titles(librarian_client, "?language__exact=fr") == ["Old"]
    assert titles(librarian_client, "?published__year=2020") == ["New"]
    page = librarian_client.get(LIST).content.decode()
    assert "Other House" in page and "1999" in page


def test_search_finds_authors_and_titles(make_document, librarian_client: Client) -> None:
    """Searching matches titles and author names, without duplicate rows."""
    make_document(title="Karabakh")
    make_document(title="Something else")
    assert titles(librarian_client, "?q=karabakh") == ["Karabakh"]
    assert titles(librarian_client, "?q=ada") == ["Karabakh", "Something else"]


def test_lists_of_document_parts_never_read_the_documents_text(
    make_document, librarian_client: Client
) -> None:
    """Footnote, disclaimer and authorship lists show each document's title, not its body."""
    make_document(title="Listed by title", footnotes=2)
    for model in ("footnote", "disclaimer", "authorship"):
        with CaptureQueriesContext(connection) as captured:
            page = librarian_client.get(f"/admin/catalog/{model}/")
        assert page.status_code == 200
        assert "Listed by title" in page.content.decode()
        statements = " ".join(query["sql"] for query in captured)
        assert '"document"."title"' in statements
        assert '"document"."text"' not in statements, model
