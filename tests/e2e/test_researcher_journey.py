"""A researcher finds the seed document, filters, reads a footnote and downloads a citation."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect
from sqlalchemy.orm import Session, sessionmaker

from archive.config import PROJECT_ROOT
from archive.ingest.batch import ingest_paths
from archive.records import document_record


def _ingest_seeds(sessions: sessionmaker[Session]) -> dict[str, Any]:
    report = ingest_paths(sessions, [PROJECT_ROOT / "seeds"], publish=True)
    assert report.ok, report.failed
    document_id = report.results[0].document_id
    with sessions() as session:
        return document_record(session, document_id, "public")


def _phrase(record: dict[str, Any]) -> str:
    """Five consecutive plain words of the body, taken from the record (not hard-coded)."""
    words = record["text"].split()
    plain = [bool(re.fullmatch(r"[A-Za-z]{3,}", word)) for word in words]
    start = next(i for i in range(40, len(words)) if all(plain[i : i + 5]))
    return " ".join(words[start : start + 5])


def test_search_filter_read_a_note_and_cite(
    archive_db: None, sessions: sessionmaker[Session], live_server: Any, page: Any
) -> None:
    """Search a phrase, filter by author, open the document, note 12 and back, BibTeX, and
    the BibTeX of the works its notes cite."""
    record = _ingest_seeds(sessions)
    author = record["authors"][0]["name"]
    page.goto(live_server.url + "/")

    page.keyboard.press("Tab")  # keyboard users reach the skip link first
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"

    page.get_by_label(re.compile("^Search titles")).fill(f'"{_phrase(record)}"')
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"[?&]q="))
    results = page.locator(".result-title a")
    expect(results).to_have_text([record["title"]])

    page.locator(".facets").get_by_role("link", name=author).click()
    page.wait_for_url(re.compile(r"[?&]author=\d+"))
    expect(results).to_have_text([record["title"]])

    results.first.click()
    expect(page.locator("h1")).to_have_text(record["title"])
    disclaimer = page.locator(".disclaimer blockquote")
    expect(disclaimer).to_have_text(record["disclaimer"]["text"].strip())

    page.locator("#ref-12").click()
    page.wait_for_url(re.compile("#note-12$"))
    expect(page.locator("#note-12")).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target').id") == "note-12"
    page.locator("#note-12 a.backref").click()
    page.wait_for_url(re.compile("#ref-12$"))
    expect(page.locator("#ref-12")).to_be_in_viewport()

    with page.expect_download() as info:
        page.get_by_role("link", name="BibTeX", exact=True).click()
    bibtex = open(info.value.path(), encoding="utf-8").read()  # noqa: SIM115, PTH123
    # An opinion column on a campaign's site: @misc with howpublished (no journal to name).
    assert bibtex.startswith("@misc{") and "howpublished = {" in bibtex
    assert "{Karabakh}" in bibtex  # the title's capitals braced
    with page.expect_download() as info:
        page.get_by_role("link", name="Works cited as BibTeX").click()
    works = open(info.value.path(), encoding="utf-8").read()  # noqa: SIM115, PTH123
    assert "Armenia and Azerbaijan" in works and works.count("@") >= 30
