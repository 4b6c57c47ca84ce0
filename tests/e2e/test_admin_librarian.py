"""A librarian reviews, corrects, reverts and publishes the seed document in the admin."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session, sessionmaker

from archive.config import PROJECT_ROOT
from archive.ingest.batch import ingest_paths
from archive.records import document_record
from catalog.models import Document, Footnote
from catalog.roles import create_librarian

PASSWORD = "a-long-test-password-7"


def _ingest_seed(sessions: sessionmaker[Session]) -> dict[str, Any]:
    """Ingest seeds/ as drafts (into the review queue) and return the record."""
    report = ingest_paths(sessions, [PROJECT_ROOT / "seeds"])
    assert report.ok, report.failed
    with sessions() as session:
        return document_record(session, report.results[0].document_id, "full")


def _log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("link", name="Log out").or_(page.get_by_role("button", name="Log out"))
    ).to_be_visible()


def _open_from_review_queue(page: Page, title: str) -> None:
    page.get_by_role("link", name="Documents").first.click()
    page.get_by_role("link", name="Review queue").click()
    page.wait_for_url(re.compile(r"[?&]review=queue"))
    page.get_by_role("link", name=title, exact=True).click()
    expect(page.locator("#id_title")).to_have_value(title)


def test_review_correct_revert_and_publish(
    archive_db: None, sessions: sessionmaker[Session], live_server: Any, page: Page
) -> None:
    """Review queue → correct a footnote → see the version and diff → revert → publish."""
    record = _ingest_seed(sessions)
    create_librarian("ann", PASSWORD)
    note = record["footnotes"][2]
    index = [n["number"] for n in record["footnotes"]].index(note["number"])
    corrected = note["text"] + " Corrected by the librarian."

    _log_in(page, live_server.url, "ann")
    _open_from_review_queue(page, record["title"])

    text = page.locator(f'textarea[name="footnotes-{index}-text"]')
    expect(text).to_have_value(note["text"])
    text.fill(corrected)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    row = page.locator(f"#footnotes-{index}")
    expect(row).to_contain_text("v2")
    expect(text).to_have_value(corrected)

    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="History", exact=True)).to_be_visible()
    newest = page.locator("section.module").first
    expect(newest).to_contain_text("ann")
    expect(newest.locator("ins")).to_contain_text("Corrected by the librarian.")

    page.get_by_role("link", name="Revert to this version").first.click()
    page.get_by_role("button", name="Yes, revert").click()
    expect(page.locator(".messagelist")).to_contain_text("Reverted to")
    footnote = Footnote.objects.get(document_id=record["id"], number=note["number"])
    assert (footnote.text, footnote.version, footnote.changed_by) == (note["text"], 3, "ann")

    page.goto(f"{live_server.url}/admin/catalog/document/?review=queue")
    page.get_by_role("checkbox", name=re.compile(re.escape(record["title"]))).check()
    page.locator("select[name=action]").select_option(label="Publish selected documents")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_role("heading", name="Publish documents")).to_be_visible()
    page.get_by_role("button", name="Yes, I’m sure").click()
    expect(page.locator(".messagelist")).to_contain_text("Published 1 document.")
    document = Document.objects.get(pk=record["id"])
    assert (document.status, document.changed_by) == ("published", "ann")


def test_two_librarians_cannot_overwrite_each_other(
    archive_db: None,
    sessions: sessionmaker[Session],
    live_server: Any,
    browser: Any,
    page: Page,
) -> None:
    """Ann and Bob open the same document; Bob's later save is refused with a clear message."""
    record = _ingest_seed(sessions)
    create_librarian("ann", PASSWORD)
    create_librarian("bob", PASSWORD)
    bob_context = browser.new_context()
    bob = bob_context.new_page()
    try:
        _log_in(page, live_server.url, "ann")
        _log_in(bob, live_server.url, "bob")
        _open_from_review_queue(page, record["title"])
        _open_from_review_queue(bob, record["title"])

        page.locator("#id_title").fill("Ann's corrected title")
        bob.locator("#id_title").fill("Bob's corrected title")
        page.get_by_role("button", name="Save and continue editing").click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
        bob.get_by_role("button", name="Save and continue editing").click()

        expect(bob.locator(".errornote, .errorlist").first).to_be_visible()
        expect(bob.locator("#document_form")).to_contain_text("Someone else saved this record")
        # Bob's input is still there, to re-apply after reloading.
        expect(bob.locator("#id_title")).to_have_value("Bob's corrected title")
    finally:
        bob_context.close()
    document = Document.objects.get(pk=record["id"])
    assert (document.title, document.changed_by) == ("Ann's corrected title", "ann")
