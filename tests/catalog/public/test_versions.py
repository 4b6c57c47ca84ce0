"""The record page's versions: dates, what changed, each one opened as it was, citable."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from django.test import Client
from sqlalchemy.orm import Session, sessionmaker

from archive import schema
from archive.attribution import acting_as

T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def test_versions_list_public_changes_and_open_old_ones(
    create: Callable[..., int], sessions: sessionmaker[Session], client: Client
) -> None:
    document_id = create("Draft working title", status="draft", at=T0)
    with acting_as("ann", T0 + dt.timedelta(days=1)), sessions.begin() as session:
        session.get(schema.Document, document_id).title = "Still a draft"  # private
    with acting_as("ann", T0 + dt.timedelta(days=2)), sessions.begin() as session:
        document = session.get(schema.Document, document_id)
        document.status, document.title = "published", "The original title"
    with acting_as("ann", T0 + dt.timedelta(days=3)), sessions.begin() as session:
        document = session.get(schema.Document, document_id)
        document.title = "The corrected title"
        document.footnotes.append(schema.Footnote(
            number=1, text="A source.", urls=[], url_fragments=[], status="active"))
    page = client.get(f"/documents/{document_id}/").content.decode()
    versions = page[page.index('id="versions-heading"'):]
    assert "2026-01-08 09:00 UTC" in versions and "changed: notes, title" in versions
    assert "2026-01-07 09:00 UTC" in versions and "published" in versions
    assert "2026-01-06" not in versions and "Still a draft" not in page  # drafting is private
    assert "ann" not in versions  # no librarian's name
    assert "Last updated" in page and "2026-01-08" in page
    old_link = re.search(r'href="(\?as_of=[^"]+)"><time datetime="2026-01-07', versions)
    assert old_link is not None
    old = client.get(f"/documents/{document_id}/" + old_link.group(1).replace("&amp;", "&"))
    old_html = old.content.decode()
    assert old.status_code == 200 and "The original title" in old_html
    assert "Cite this version" in old_html and "Version of 2026-01-07 09:00 UTC" in old_html
    assert f"/documents/{document_id}/cite.bib?as_of=2026-01-07T09:00:00Z" in old_html
    cited = client.get(f"/documents/{document_id}/cite.bib", {"as_of": "2026-01-07T09:00:00Z"})
    assert b"{The} original title" in cited.content  # BibTeX braces keep the capital


def test_a_new_container_title_is_named_in_the_versions(
    create: Callable[..., int], sessions: sessionmaker[Session], client: Client
) -> None:
    """Naming the journal a document appears in is a version that says "appears in"."""
    document_id = create("A report", at=T0)
    with acting_as("ann", T0 + dt.timedelta(days=1)), sessions.begin() as session:
        session.get(schema.Document, document_id).container_title = "Caucasus Survey"
    page = client.get(f"/documents/{document_id}/").content.decode()
    versions = page[page.index('id="versions-heading"'):]
    assert "changed: appears in" in versions
    assert "<dt>Appears in</dt><dd><cite>Caucasus Survey</cite></dd>" in page
