"""The public catalog as of a past moment: list, document page and API."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.test import Client

from archive import schema
from archive.attribution import acting_as


def moment() -> str:
    """A moment strictly between two changes, as a URL value."""
    time.sleep(0.002)
    at = dt.datetime.now(dt.UTC)
    time.sleep(0.002)
    return at.isoformat().replace("+00:00", "Z")


@pytest.fixture
def edited(make_document, sessions) -> tuple[int, str, str]:
    """A published document, then retitled: (id, before the edit, after it)."""
    document_id = make_document(title="The original title", status="published")
    before_edit = moment()
    with acting_as("ann"), sessions.begin() as session:
        session.get(schema.Document, document_id).title = "The corrected title"
    return document_id, before_edit, moment()


@pytest.fixture
def edited_then_withdrawn(edited, sessions) -> tuple[int, str, str]:
    """The same document withdrawn afterwards: (id, before the edit, before the withdrawal)."""
    document_id, before_edit, before_withdrawal = edited
    with acting_as("ann"), sessions.begin() as session:
        document = session.get(schema.Document, document_id)
        document.status, document.withdrawn_reason = "withdrawn", "a court order"
    return document_id, before_edit, before_withdrawal


def test_list_as_of_shows_what_was_published_then(client: Client, edited) -> None:
    """Listed with its title as it was at each moment."""
    _document_id, before_edit, after_edit = edited
    then = client.get("/", {"as_of": before_edit}).content.decode()
    assert "The original title" in then and "The corrected title" not in then
    assert "The corrected title" in client.get("/", {"as_of": after_edit}).content.decode()


def test_document_page_as_of(client: Client, edited) -> None:
    """The page shows the document as it read at an earlier moment."""
    document_id, before_edit, _after_edit = edited
    url = f"/documents/{document_id}/"
    then = client.get(url, {"as_of": before_edit})
    assert then.status_code == 200
    assert "The original title" in then.content.decode()
    assert client.get(url, {"as_of": "2000-01-01"}).status_code == 404  # did not exist yet


def test_api_as_of(client: Client, edited) -> None:
    """The API gives the canonical record as it was, and lists it as of then."""
    document_id, before_edit, _after_edit = edited
    record = client.get(f"/api/documents/{document_id}/", {"as_of": before_edit}).json()
    assert (record["title"], record["status"]) == ("The original title", "published")
    listed = client.get("/api/documents/", {"as_of": before_edit}).json()
    assert [r["id"] for r in listed["results"]] == [document_id]
    assert client.get("/api/documents/", {"as_of": "2000-01-01"}).json()["results"] == []


BODY = "Body text."  # the factory's text (tests/conftest.py build_document)


def test_a_withdrawn_document_is_a_tombstone_at_every_moment(
    client: Client, edited_then_withdrawn
) -> None:
    """Withdrawn ("a court order"): page, API, cite.bib, list and search, as of any moment
    it was published, show the tombstone (title, authors, reason), never the text."""
    document_id, before_edit, before_withdrawal = edited_then_withdrawn
    for at in (None, before_edit, before_withdrawal):
        query = {"as_of": at} if at else {}
        page = client.get(f"/documents/{document_id}/", query)
        assert page.status_code == 410, at
        html = page.content.decode()
        assert "The corrected title" in html and "Ada Example" in html and "a court order" in html
        assert BODY not in html
        api = client.get(f"/api/documents/{document_id}/", query)
        assert api.status_code == 410
        assert api.json()["title"] == "The corrected title"
        assert api.json()["authors"][0]["name"] == "Ada Example"
        assert "text" not in api.json() and BODY not in api.content.decode()
        cite = client.get(f"/documents/{document_id}/cite.bib", query)
        assert cite.status_code == 410 and BODY not in cite.content.decode()
    for at in (before_edit, before_withdrawal):
        for params in ({"as_of": at}, {"as_of": at, "q": "Body"}):
            listed = client.get("/api/documents/", params).json()["results"]
            assert [(r["id"], r["status"]) for r in listed] == [(document_id, "withdrawn")]
            assert "text" not in listed[0] and "footnotes" not in listed[0]
            html = client.get("/", params).content.decode()
            assert "Withdrawn since: a court order" in html and BODY not in html


@pytest.mark.parametrize("value", ["yesterday", "2026-13-45", "1" * 500, "2026-11-25T25:00"])
def test_bad_as_of_is_a_clear_400(client: Client, archive_db, value: str) -> None:
    """An unreadable as_of is refused with a message, on pages and in the API."""
    assert client.get("/", {"as_of": value}).status_code == 400
    assert client.get("/api/documents/", {"as_of": value}).status_code == 400
