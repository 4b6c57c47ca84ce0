"""A librarian's day in the browser: upload, background reading, review, publish, merge people.

The worker is a real ``run_huey`` process on the test database and the home's
own queue (Huey's SQLite storage; Redis db 6 when the suite runs on PostgreSQL).
Screenshots go to ``ARCHIVE_SCREENSHOTS`` (default: the test's temporary folder).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from catalog.models import Authorship, Document, IngestJob, Person
from catalog.roles import create_librarian
from tests.conftest import Workers

PASSWORD = "a-long-test-password-7"


def _article(title: str, byline: str, dated: bool = True) -> bytes:
    date = "March 3, 2021\n\n" if dated else ""
    body = "\n\n".join(
        f"Paragraph {i} of {title} compares the harbour ledgers of {1800 + i} line by line.{i}"
        for i in range(1, 4)
    )
    notes = "\n".join(f"{i}. Ledger {i}, folio {i * 3}." for i in range(1, 4))
    return f"{title}\n\nBy {byline}\n\n{date}{body}\n\nNotes\n\n{notes}\n".encode()


def _files(folder: Path) -> list[Path]:
    """Three files (one without a date: a problem to review) and a zip of two more."""
    files = {
        "harbour.txt": _article("Harbour Ledgers", "Hakan Yavuz"),
        "customs.txt": _article("Customs Books", "M. Hakan Yavuz"),
        "undated.txt": _article("Undated Letters", "Lena Ortiz", dated=False),
    }
    paths = []
    for name, content in files.items():
        (folder / name).write_bytes(content)
        paths.append(folder / name)
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("tolls.txt", _article("Toll Registers", "Lena Ortiz"))
        archive.writestr("ferries.txt", _article("Ferry Accounts", "Lena Ortiz"))
    (folder / "more.zip").write_bytes(bundle.getvalue())
    return [*paths, folder / "more.zip"]


def _shot(page: Page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_upload_review_publish_and_merge(
    workers: Workers, live_server: Any, page: Page, tmp_path: Path
) -> None:
    """Upload 3 files and a zip, watch them finish, resolve+publish one, bulk-publish, merge."""
    shots = Path(os.environ.get("ARCHIVE_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    create_librarian("ann", PASSWORD)
    workers.start()
    page.set_viewport_size({"width": 1280, "height": 900})
    base = live_server.url

    page.goto(base + "/admin/")
    page.get_by_label("Username").fill("ann")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_contain_text("Archive catalog: librarians")
    _shot(page, shots, "1-index")

    # Upload: three files and a zip, in one go.
    page.get_by_role("link", name="Upload files").click()
    page.locator("input[type=file]").set_input_files([str(p) for p in _files(tmp_path)])
    page.get_by_role("button", name="Upload and read").click()
    expect(page.locator(".messagelist")).to_contain_text("4 files queued for reading.")
    expect(page.locator("#upload-files tbody tr")).to_have_count(4)
    # The page follows the files as the worker reads them (it reloads itself).
    expect(page.locator(".upload-summary")).to_have_text(
        "Every file of this upload is finished.", timeout=240_000
    )
    _shot(page, shots, "2-upload-finished")
    rows = page.locator("#upload-files tbody tr")
    expect(rows.filter(has_text="undated.txt")).to_contain_text("Held for review")
    for name in ("harbour.txt", "customs.txt", "more.zip"):
        expect(rows.filter(has_text=name)).to_contain_text("Done")
    expect(rows.filter(has_text="more.zip").locator("li")).to_have_count(2)
    assert IngestJob.objects.filter(status="done").count() == 3

    # Review: the queue says what is wrong with the undated document.
    page.get_by_role("link", name="Review queue").click()
    queue = page.locator("#result_list")
    expect(queue.locator("tr", has_text="Undated Letters")).to_contain_text(
        "no publication date found"
    )
    # Every column is within the visible part of the list (the list scrolls sideways
    # when too wide, so the page's width alone says nothing).
    visible = page.locator("#changelist .results").bounding_box()
    assert visible is not None
    for column in ("Status", "Footnotes", "Open problems"):
        box = page.get_by_role("columnheader", name=column).bounding_box()
        assert box is not None and box["x"] + box["width"] <= visible["x"] + visible["width"] + 1
    assert page.evaluate(
        "() => { const r = document.querySelector('#changelist .results');"
        " return r.scrollWidth <= r.clientWidth; }"
    )
    _shot(page, shots, "3-review-queue")

    # Resolve its problem and publish it in one save.
    page.get_by_role("link", name="Undated Letters", exact=True).click()
    page.locator("input[name='problems-0-resolved']").check()
    page.locator("select[name=status]").select_option("published")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Document.objects.get(title="Undated Letters").status == "published"

    # Bulk-publish the rest of the queue.
    page.goto(base + "/admin/catalog/document/?review=queue")
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option(label="Publish selected documents")
    page.get_by_role("button", name="Go").click()
    page.get_by_role("button", name="Yes, I’m sure").click()
    expect(page.locator(".messagelist")).to_contain_text("Published 4 documents.")
    page.goto(base + "/admin/catalog/document/?review=queue")
    expect(page.locator(".empty-queue")).to_contain_text("The review queue is empty")
    _shot(page, shots, "4-queue-empty")

    # Merge the two spellings of one author; the survivor is proposed.
    printed = Authorship.objects.get(document__title="Customs Books")
    merged_id = printed.person_id
    kept_id = Authorship.objects.get(document__title="Harbour Ledgers").person_id
    page.goto(base + "/admin/catalog/person/?q=Yavuz")
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option(label="Merge selected people")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text(re.compile(r"Hakan Yavuz \(#\d+\) — 1 document"))).to_have_count(2)
    # Equal counts: the older record is proposed.
    expect(page.locator(f"input[name=keep][value='{kept_id}']")).to_be_checked()
    _shot(page, shots, "5-merge-form")
    page.get_by_role("button", name="Yes, I’m sure").click()
    expect(page.locator(".messagelist")).to_contain_text("each keeping the name as printed")
    assert Person.objects.get(pk=merged_id).merged_into_id == kept_id

    # The public page prints the byline as the document did, linked to the one person.
    customs = Document.objects.get(title="Customs Books")
    page.goto(f"{base}/documents/{customs.pk}/")
    byline = page.get_by_role("link", name="M. Hakan Yavuz")
    expect(byline).to_have_attribute("href", f"/authors/{kept_id}/")
    _shot(page, shots, "6-document-byline")
    # The old author address leads to the surviving person.
    page.goto(f"{base}/authors/{merged_id}/")
    expect(page).to_have_url(f"{base}/authors/{kept_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hakan Yavuz")
    expect(page.locator(".printed-as")).to_contain_text("M. Hakan Yavuz")
    page.goto(f"{base}/admin/catalog/person/{kept_id}/history/")
    expect(page.locator(".version-history")).to_contain_text(f"#{merged_id} M. Hakan Yavuz")
    _shot(page, shots, "7-survivor-history")
