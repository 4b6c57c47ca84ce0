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
def edited_then_withdrawn(make_document, sessions) -> tuple[int, str, str]:
    """A published document, retitled, then withdrawn: (id, before edit, before withdrawal)."""
    document_id = make_document(title="The original title", status="published")
    before_edit = moment()
    with acting_as("ann"), sessions.begin() as session:
        session.get(schema.Document, document_id).title = "The corrected title"
    before_withdrawal = moment()
    with acting_as("ann"), sessions.begin() as session:
        document = session.get(schema.Document, document_id)
        document.status, document.withdrawn_reason = "withdrawn", "a duplicate"
    return document_id, before_edit, before_withdrawal


def test_list_as_of_shows_what_was_published_then(client: Client, edited_then_withdrawn) -> None:
    """A withdrawn document is gone now, but listed (with its title then) as of before."""
    _document_id, before_edit, before_withdrawal = edited_then_withdrawn
    assert "The corrected title" not in client.get("/").content.decode()
    then = client.get("/", {"as_of": before_edit}).content.decode()
    assert "The original title" in then and "The corrected title" not in then
    assert "The corrected title" in client.get("/", {"as_of": before_withdrawal}).content.decode()


def test_document_page_as_of(client: Client, edited_then_withdrawn) -> None:
    """The page answers 410 now and shows the document as it read at an earlier moment."""
    document_id, before_edit, _before_withdrawal = edited_then_withdrawn
    url = f"/documents/{document_id}/"
    gone = client.get(url)
    assert gone.status_code == 410 and "a duplicate" in gone.content.decode()
    then = client.get(url, {"as_of": before_edit})
    assert then.status_code == 200
    assert "The original title" in then.content.decode()
    assert client.get(url, {"as_of": "2000-01-01"}).status_code == 404  # did not exist yet


def test_api_as_of(client: Client, edited_then_withdrawn) -> None:
    """The API gives the canonical record as it was, and lists it as of then."""
    document_id, before_edit, _before_withdrawal = edited_then_withdrawn
    record = client.get(f"/api/documents/{document_id}/", {"as_of": before_edit}).json()
    assert (record["title"], record["status"]) == ("The original title", "published")
    listed = client.get("/api/documents/", {"as_of": before_edit}).json()
    assert [r["id"] for r in listed["results"]] == [document_id]
    assert client.get("/api/documents/", {"as_of": moment()}).json()["results"] == []


@pytest.mark.parametrize("value", ["yesterday", "2026-13-45", "1" * 500, "2026-11-25T25:00"])
def test_bad_as_of_is_a_clear_400(client: Client, archive_db, value: str) -> None:
    """An unreadable as_of is refused with a message, on pages and in the API."""
    assert client.get("/", {"as_of": value}).status_code == 400
    assert client.get("/api/documents/", {"as_of": value}).status_code == 400
