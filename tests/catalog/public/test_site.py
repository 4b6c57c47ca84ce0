"""The site around the catalog: 404 and 500 pages, robots.txt, favicon.ico, Atom feeds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from xml.etree import ElementTree

import pytest
from django.test import Client
from sqlalchemy.orm import Session, sessionmaker

from archive import schema
from archive.attribution import acting_as

ATOM = "{http://www.w3.org/2005/Atom}"


def test_404_has_the_header_and_a_search_box(archive_db: None, client: Client) -> None:
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'class="site-header"' in html and 'role="search"' in html and 'name="q"' in html
    missing = client.get("/documents/987654/")
    assert missing.status_code == 404 and 'role="search"' in missing.content.decode()


def test_500_page_has_the_header_and_a_search_box() -> None:
    from catalog.public.site import server_error

    response = server_error(None)  # type: ignore[arg-type]
    html = response.content.decode()
    assert response.status_code == 500 and 'role="search"' in html and "site-header" in html


def test_robots_txt_points_to_the_sitemap(client: Client) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines and "Disallow: /admin/" in lines


def test_favicon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO header


def entries(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


@pytest.fixture
def catalog(create: Callable[..., int], sessions: sessionmaker[Session]) -> dict[str, int]:
    t0 = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    ids = {
        "first": create("First report", authors=["Ana Author"], publisher="Alpha Press", at=t0),
        "second": create("Second report", authors=["Ben Writer"], publisher="Beta Press",
                         at=t0 + dt.timedelta(days=1)),
        "draft": create("Secret draft", authors=["Ana Author"], publisher="Alpha Press",
                        status="draft", at=t0 + dt.timedelta(days=2)),
        "gone": create("Withdrawn paper", authors=["Ana Author"], publisher="Alpha Press",
                       at=t0 + dt.timedelta(days=3)),
    }
    with acting_as("ann", t0 + dt.timedelta(days=4)), sessions.begin() as session:
        session.get(schema.Document, ids["first"]).title = "First report, corrected"
        gone = session.get(schema.Document, ids["gone"])
        gone.status, gone.withdrawn_reason = "withdrawn", "a court order"
    return ids


def test_feeds_hold_published_and_corrected_documents_only(
    catalog: dict[str, int], client: Client
) -> None:
    assert entries(client, "/feeds/documents.atom") == ["First report, corrected",
                                                        "Second report"]
    author = client.get(f"/api/documents/{catalog['first']}/").json()["authors"][0]["person_id"]
    publisher = client.get(f"/api/documents/{catalog['first']}/").json()["publisher"]["id"]
    assert entries(client, f"/authors/{author}/feed.atom") == ["First report, corrected"]
    assert entries(client, f"/publishers/{publisher}/feed.atom") == ["First report, corrected"]
    for url in ("/feeds/documents.atom", f"/authors/{author}/feed.atom",
                f"/publishers/{publisher}/feed.atom"):
        body = client.get(url).content.decode()
        assert "Secret draft" not in body and "Withdrawn paper" not in body
    assert 'type="application/atom+xml"' in client.get(f"/authors/{author}/").content.decode()


def test_a_feed_of_someone_with_no_published_document_is_404(
    catalog: dict[str, int], create: Callable[..., int], client: Client
) -> None:
    from catalog.models import Person

    create("Another draft", authors=["Dee Drafter"], status="draft")
    drafter = Person.objects.get(name="Dee Drafter").id
    assert client.get(f"/authors/{drafter}/feed.atom").status_code == 404
