"""Takedowns seen at once and told without names; a strict CSP; long documents in parts.

Issue 14, items 7 (bounded pages), 10 (a cached 410), 11 (the librarian's name on
the public tombstone) and 16 (no Content-Security-Policy).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from archive import schema
from archive.attribution import acting_as
from catalog.public.pages import PAGE_CHARS


def _withdraw(sessions, document_id: int, actor: str = "alice") -> None:
    with acting_as(actor), sessions.begin() as session:
        document = session.get(schema.Document, document_id)
        document.status, document.withdrawn_reason = "withdrawn", "court order"


def _republish(sessions, document_id: int) -> None:
    with acting_as("alice"), sessions.begin() as session:
        document = session.get(schema.Document, document_id)
        document.status, document.withdrawn_reason = "published", None


@pytest.mark.parametrize("path", ["/documents/{id}/", "/api/documents/{id}/",
                                  "/documents/{id}/cite.bib", "/", "/api/documents/"])
def test_public_answers_must_be_revalidated(client: Client, create, sessions, path) -> None:
    """200 and 410 alike carry Cache-Control: no-cache, so a republished page shows at once."""
    document_id = create("Harbour Days")
    url = path.format(id=document_id)
    assert "no-cache" in client.get(url)["Cache-Control"]
    _withdraw(sessions, document_id)
    assert "no-cache" in client.get(url)["Cache-Control"]
    _republish(sessions, document_id)
    assert client.get(f"/documents/{document_id}/").status_code == 200


def test_tombstone_names_the_document_not_the_librarian(client: Client, create, sessions) -> None:
    """The public sees title, authors and reason; the user name only staff."""
    document_id = create("Harbour Days", authors=["Ann Berg", "Tomas Achebe"])
    _withdraw(sessions, document_id, actor="alice")
    html = client.get(f"/documents/{document_id}/").content.decode()
    assert "Harbour Days" in html and "Ann Berg" in html and "Tomas Achebe" in html
    assert "court order" in html
    assert "alice" not in html
    assert "alice" not in client.get(f"/api/documents/{document_id}/").content.decode()
    staff = get_user_model().objects.create_user("bob", password="a long passphrase 42")
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    assert "by alice" in client.get(f"/documents/{document_id}/").content.decode()


def test_content_security_policy_forbids_inline_scripts(client: Client, create) -> None:
    """Every page carries a CSP whose script-src has no 'unsafe-inline' (nor eval)."""
    document_id = create("Harbour Days")
    for url in ("/", f"/documents/{document_id}/", "/api/documents/", "/admin/login/"):
        policy = client.get(url)["Content-Security-Policy"]
        directives = {
            part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()
        }
        assert directives["script-src"] == ["'self'"], url
        assert directives["default-src"] == ["'self'"] and directives["object-src"] == ["'none'"]
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy


def test_a_long_document_is_read_in_bounded_parts(client: Client, create) -> None:
    """1.2 million characters: each page holds about PAGE_CHARS of them, linked to the next."""
    paragraph = "word " * 2000  # 10,000 characters
    text = "\n\n".join(f"Paragraph {n}. {paragraph}" for n in range(120))
    document_id = create("A Very Long Report", text=text)
    first = client.get(f"/documents/{document_id}/")
    html = first.content.decode()
    assert len(html) < 2 * PAGE_CHARS
    assert "Paragraph 0." in html and "Paragraph 119." not in html
    parts = int(re.search(r"part 1 of (\d+)", html).group(1))
    assert parts >= len(text) // PAGE_CHARS and "?page=2" in html
    last = client.get(f"/documents/{document_id}/", {"page": parts}).content.decode()
    assert "Paragraph 119." in last and "Paragraph 0." not in last


def test_one_huge_paragraph_is_cut_into_parts(client: Client, create) -> None:
    """A single paragraph longer than a page is shown in pieces too."""
    document_id = create("One Block", text="x " * (3 * PAGE_CHARS // 2))
    html = client.get(f"/documents/{document_id}/").content.decode()
    assert len(html) < 2 * PAGE_CHARS and "part 1 of 3" in html
