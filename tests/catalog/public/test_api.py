"""The read-only JSON API: list with the catalog's filters, detail = the canonical record."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from archive.records import validate_record


def test_detail_is_the_canonical_public_record(create: Callable[..., int], client: Client) -> None:
    """``/api/documents/<id>/`` validates against the record schema and hides bookkeeping."""
    doc = create("Record")
    record = client.get(f"/api/documents/{doc}/").json()
    assert validate_record(record) == []
    assert record["id"] == doc and record["status"] == "published"
    assert "problems" not in record


def test_list_summaries_and_snippets(create: Callable[..., int], client: Client) -> None:
    """Results link to their record and page; a search adds highlighted snippet parts."""
    doc = create("Snippets", text="The ceasefire held for a week.")
    data = client.get("/api/documents/", {"q": "ceasefire"}).json()
    [result] = data["results"]
    assert result["id"] == doc and result["api_url"].endswith(f"/api/documents/{doc}/")
    assert {"text": "ceasefire", "match": True} in result["snippet"]
    assert data["page"] == 1 and data["next"] is None


def test_api_is_read_only(create: Callable[..., int], client: Client) -> None:
    """Writes are refused."""
    doc = create("Read only")
    assert client.post("/api/documents/").status_code == 405
    assert client.delete(f"/api/documents/{doc}/").status_code == 405
