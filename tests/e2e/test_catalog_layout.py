"""The catalog in Chromium at 1280 and 390 px: results first on a phone, versions, 404."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session, sessionmaker

from archive import schema
from archive.attribution import acting_as

WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
# Screenshots for a person to look at (set ARCHIVE_SCREENSHOTS=/some/folder).
SHOTS = os.environ.get("ARCHIVE_SCREENSHOTS")
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def factories() -> Any:
    """``tests/catalog/public/factories.py``, loaded as ``tests/catalog/conftest.py`` does."""
    name = "catalog_test_factories"
    if name not in sys.modules:
        path = Path(__file__).parents[1] / "catalog" / "public" / "factories.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def create(sessions: sessionmaker[Session], factories: Any) -> Callable[..., int]:
    return functools.partial(factories.create_document, sessions)


def shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False)


@pytest.fixture
def catalog(create: Callable[..., int]) -> list[int]:
    """Thirty briefs from several publishers, kinds and years: facets worth showing."""
    return [
        create(f"Regional security brief {n}", text=f"Brief {n} on the ceasefire talks.",
               authors=[f"Author {n % 7}"], publisher=f"Institute {n % 5}",
               kind=("brief", "opinion", "report")[n % 3], language=("en", "fr")[n % 2],
               published=dt.date(2018 + n % 6, 1 + n % 12, 1))
        for n in range(30)
    ]


@pytest.mark.parametrize("layout", list(WIDTHS))
def test_results_come_first_and_facets_wait_behind_refine(
    catalog: list[int], live_server: Any, page: Any, layout: str
) -> None:
    width, height = WIDTHS[layout]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + "/?q=ceasefire")
    first = page.locator(".result-title a").first
    expect(first).to_be_visible()
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= height, box  # on the first screen
    expect(page.get_by_role("heading", name=re.compile(r"^1–25 of 30 documents"))).to_be_visible()
    facets = page.get_by_role("heading", name="Kind")
    shot(page, f"results-{layout}")
    if layout == "phone":
        expect(facets).to_be_hidden()
        page.locator("summary", has_text="Refine").click()
        expect(facets).to_be_visible()
        shot(page, "results-phone-refine-open")
    else:
        expect(facets).to_be_visible()  # the left column, no click needed
        expect(page.locator("summary", has_text="Refine")).to_be_hidden()
    page.get_by_role("link", name="Opinion column").click()
    page.wait_for_url(re.compile(r"kind=opinion"))
    expect(page.get_by_role("heading", name="1–10 of 10 documents")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Opinion column"))).to_have_attribute(
        "aria-current", "true")  # the Refine section stays open on a chosen filter


@pytest.mark.parametrize("layout", list(WIDTHS))
def test_the_version_list_opens_an_old_version(
    create: Callable[..., int], sessions: sessionmaker[Session], live_server: Any, page: Any,
    layout: str,
) -> None:
    document_id = create("Water rights on the river", at=T0)
    with acting_as("ann", T0 + dt.timedelta(days=1)), sessions.begin() as session:
        session.get(schema.Document, document_id).title = "Water rights on the shared river"
    width, height = WIDTHS[layout]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/documents/{document_id}/")
    expect(page.locator("h1")).to_have_text("Water rights on the shared river")
    versions = page.locator(".versions")
    expect(versions.locator("li")).to_have_count(2)
    expect(versions.locator("li").first).to_contain_text("changed: title")
    versions.scroll_into_view_if_needed()
    shot(page, f"versions-{layout}")
    versions.get_by_role("link", name="2026-03-02 08:00 UTC").click()
    page.wait_for_url(re.compile(r"as_of="))
    expect(page.locator("h1")).to_have_text("Water rights on the river")
    expect(page.locator(".as-of")).to_contain_text("as it was published on 2026-03-02 08:00")
    expect(page.get_by_role("heading", name="Cite this version")).to_be_visible()
    shot(page, f"old-version-{layout}")


@pytest.mark.parametrize("layout", list(WIDTHS))
def test_the_404_page_has_the_search_box(
    catalog: list[int], live_server: Any, page: Any, layout: str
) -> None:
    width, height = WIDTHS[layout]
    page.set_viewport_size({"width": width, "height": height})
    response = page.goto(live_server.url + "/no/such/page")
    assert response is not None and response.status == 404
    expect(page.locator(".site-header")).to_be_visible()
    box = page.get_by_role("searchbox", name="Search the catalog")
    expect(box).to_be_visible()
    shot(page, f"404-{layout}")
    box.fill("ceasefire")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"\?q=ceasefire"))
    expect(page.locator(".result-title a").first).to_be_visible()


def test_a_note_back_link_shows_its_marker_whole(
    create: Callable[..., int], factories: Any, live_server: Any, page: Any
) -> None:
    """Back from a note, the marker in the text is below the top edge, not clipped by it."""
    paragraphs = [f"Paragraph {n}. " + "Words of the text go on. " * 40 for n in range(12)]
    document_id = create("A noted text", text="\n\n".join(paragraphs), notes=[
        factories.Note("The source of paragraph eight.", paragraph=8, offset=10)])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/documents/{document_id}/#note-1")
    page.get_by_role("link", name="Back to the text of note 1").click()
    page.wait_for_url(re.compile("#ref-1$"))
    marker = page.locator("#ref-1").bounding_box()
    assert marker is not None and marker["y"] >= 16, marker
    shot(page, "note-back-link-phone")
