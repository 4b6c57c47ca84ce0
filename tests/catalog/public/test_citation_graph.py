"""The citation graph in the public catalog: notes' citations, works cited, work pages,
"cited by" counts, the ``cites_work`` and ``cited`` filters, bibliography downloads.

Documents are written by the factory and their notes parsed and linked by the real
labeller and linker, as ingest does (``archive.citegraph.linking``).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from types import ModuleType

import bibtexparser
import pytest
import rispy
from django.test import Client
from sqlalchemy.orm import Session, sessionmaker

from archive import schema
from archive.attribution import acting_as
from archive.citegraph.linking import link_citations
from catalog.models import Citation, Work

BOOK = ("Farid Shafiyev, Resettling the Borderlands: State Relocations and Ethnic Conflict in "
        "the South Caucasus (Montreal: McGill-Queen’s University Press, 2018), {page}.")
ARTICLE = ("Arsene Saparov, “Why Autonomy? The Making of Nagorno-Karabakh Autonomous Region "
           "1918-1925,” Europe-Asia Studies, no. 2 vol.64 (March 2012): 281-323.")
DRAFT_ONLY = ("Wilhelmina Quistorp, The Drafted Archive Of Nowhere (London: Example House, "
              "2001), 5.")


@pytest.fixture
def cited(create: Callable[..., int], factories: ModuleType,
          sessions: sessionmaker[Session]) -> Callable[..., int]:
    """``cited(title, notes, status=…)``: a document whose notes are parsed and linked."""

    def make(title: str, notes: list[str], **fields: object) -> int:
        document_id = create(title, notes=[factories.Note(text) for text in notes], **fields)
        with acting_as("ingest:test"), sessions.begin() as session:
            link_citations(session, session.get(schema.Document, document_id))
        return document_id

    return make


@pytest.fixture
def graph(cited: Callable[..., int]) -> dict[str, int]:
    """Two published documents cite the book; a draft and a withdrawn one cite it too."""
    return {
        "first": cited("Resettlement Policy", [BOOK.format(page="64-108"), ARTICLE]),
        "second": cited("Border Histories", [BOOK.format(page="12")]),
        "draft": cited("Draft Zyxw", [BOOK.format(page="3"), DRAFT_ONLY], status="draft"),
        "withdrawn": cited("Withdrawn Zyxw", [BOOK.format(page="4")], status="withdrawn",
                           withdrawn_reason="Retracted."),
    }


def book() -> Work:
    return Work.objects.get(title__startswith="Resettling the Borderlands")


def test_each_note_shows_its_citations_linked_to_the_work(client: Client, graph) -> None:
    """Under each note, the works it cites, linked to their pages, with the pages cited."""
    html = client.get(f"/documents/{graph['first']}/").content.decode()
    article = Work.objects.get(title__startswith="Why Autonomy")
    note_1 = html[html.index('id="note-1"'):html.index('id="note-2"')]
    assert f'href="/works/{book().pk}/"' in note_1 and "(pp. 64-108)" in note_1
    assert f'href="/works/{article.pk}/"' in html[html.index('id="note-2"'):]
    assert "Shafiyev (2018). Resettling the Borderlands" in note_1


def test_works_cited_count_only_published_documents(client: Client, graph) -> None:
    """The book is cited by four documents, of which two are published: "cited by 2"."""
    assert book().citations.values("document").distinct().count() == 4
    html = client.get(f"/documents/{graph['first']}/").content.decode()
    works = html[html.index('id="works-cited-heading"'):]
    assert works.count("<li><a href=\"/works/") == 2
    assert "Cited by 2 documents in the catalog." in works
    assert "Cited by 1 document in the catalog." in works  # the article
    api = client.get(f"/api/documents/{graph['first']}/works-cited/").json()
    assert {w["csl"]["title"][:15]: w["cited_by"] for w in api["works"]} == {
        "Resettling the ": 2, "Why Autonomy? T": 1}
    assert [n["number"] for n in api["notes"]] == [1, 2]


def test_a_work_page_lists_published_citing_documents_and_notes(client: Client, graph) -> None:
    """Drafts and withdrawn documents are neither listed nor counted on a work's page."""
    response = client.get(f"/works/{book().pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Resettlement Policy" in html and "Border Histories" in html
    assert "Zyxw" not in html and "Retracted" not in html
    assert "2 documents in the catalog" in html
    assert f'href="/documents/{graph["second"]}/#note-1"' in html
    data = client.get(f"/api/works/{book().pk}/").json()
    assert data["cited_by"] == 2
    assert sorted(d["id"] for d in data["documents"]) == sorted([graph["first"],
                                                                 graph["second"]])
    assert {n["number"] for d in data["documents"] for n in d["notes"]} == {1}
    assert {c["csl"]["page"] for d in data["documents"] for c in d["citations"]} == {
        "64-108", "12"}


def test_a_work_only_drafts_cite_has_no_public_page(client: Client, graph) -> None:
    only_draft = Work.objects.get(title__startswith="The Drafted Archive")
    assert client.get(f"/works/{only_draft.pk}/").status_code == 404
    assert client.get(f"/api/works/{only_draft.pk}/").status_code == 404
    assert client.get("/works/9999999/").status_code == 404
    assert client.get("/works/99999999999999/").status_code == 404
    for url in ("/", "/api/documents/", f"/works/{book().pk}/"):
        assert "Quistorp" not in client.get(url).content.decode(), url
    results = client.get("/?cited=Quistorp").content.decode().split('id="results-heading"')[1]
    assert ">0 documents<" in results and "Zyxw" not in results


def test_filter_by_cited_work(client: Client, graph) -> None:
    """``cites_work`` lists the published documents whose notes cite the work."""
    html = client.get(f"/?cites_work={book().pk}").content.decode()
    assert "Resettlement Policy" in html and "Border Histories" in html
    assert "Zyxw" not in html
    api = client.get(f"/api/documents/?cites_work={book().pk}").json()
    assert sorted(r["id"] for r in api["results"]) == sorted([graph["first"], graph["second"]])
    article = Work.objects.get(title__startswith="Why Autonomy")
    api = client.get(f"/api/documents/?cites_work={article.pk}").json()
    assert [r["id"] for r in api["results"]] == [graph["first"]]
    for value in ("abc", "1.5", "0", "99999999999999999999"):
        bad = client.get(f"/api/documents/?cites_work={value}")
        assert bad.status_code == 400 and "cites_work" in bad.json()["errors"], value


def test_search_in_cited_titles_and_authors(client: Client, graph) -> None:
    """Every word must be in a cited work's title or its authors' names, accents folded."""
    def found(query: str) -> list[int]:
        return sorted(r["id"] for r in client.get(
            "/api/documents/", {"cited": query}).json()["results"])

    both = sorted([graph["first"], graph["second"]])
    assert found("Shafiyev borderlands") == both
    assert found("resettling") == both
    assert found("Saparov autonomy") == [graph["first"]]
    assert found("Saparov borderlands") == []  # not one work
    assert found("Quistorp") == []  # cited by a draft only
    html = client.get("/", {"cited": "Saparov"}).content.decode()
    assert "Resettlement Policy" in html and "Border Histories" not in html


def test_works_cited_downloads(client: Client, graph) -> None:
    """The document's bibliography as BibTeX, RIS and CSL-JSON: one entry per work."""
    base = f"/documents/{graph['first']}/works-cited"
    bib = client.get(base + ".bib")
    assert bib["Content-Type"].startswith("application/x-bibtex")
    assert "attachment" in bib["Content-Disposition"]
    library = bibtexparser.parse_string(bib.content.decode())
    assert not library.failed_blocks
    entries = {e.entry_type: e for e in library.entries}
    assert set(entries) == {"book", "article"}
    assert entries["book"]["author"] == "Shafiyev, Farid"
    assert entries["book"]["year"] == "2018"
    assert entries["book"]["address"] == "Montreal"
    assert entries["article"]["journal"] == "Europe-Asia Studies"
    assert entries["article"]["pages"] == "281--323"
    records = rispy.loads(client.get(base + ".ris").content.decode())
    assert [r["type_of_reference"] for r in records] == ["BOOK", "JOUR"]
    assert records[1]["secondary_title"] == "Europe-Asia Studies"
    assert (records[1]["start_page"], records[1]["end_page"]) == ("281", "323")
    items = json.loads(client.get(base + ".csl.json").content)
    assert [item["type"] for item in items] == ["book", "article-journal"]
    assert items[0]["author"] == [{"family": "Shafiyev", "given": "Farid"}]
    assert len({item["id"] for item in items}) == 2
    assert client.get(f"/documents/{graph['draft']}/works-cited.bib").status_code == 404
    gone = client.get(f"/documents/{graph['withdrawn']}/works-cited.ris")
    assert gone.status_code == 410 and "Resettling" not in gone.content.decode()
    assert client.get(f"/api/documents/{graph['draft']}/works-cited/").status_code == 404
    assert client.get(f"/api/documents/{graph['withdrawn']}/works-cited/").status_code == 410


def test_bibtex_escapes_what_would_break_the_entry(client: Client, cited) -> None:
    """Braces and percent signs in a cited title stay text in BibTeX; HTML is escaped."""
    document = cited("Escapes", ["Ada Lindqvist, The 100% {Open} <b>Archive</b> (Oslo: "
                                 "Example Press, 2019), 4."])
    bib = client.get(f"/documents/{document}/works-cited.bib").content.decode()
    assert r"100{\%} {\{}Open{\}}" in bib  # LaTeX escapes (archive.latex), braced as text
    html = client.get(f"/documents/{document}/").content.decode()
    assert "<b>Archive</b>" not in html and "&lt;b&gt;Archive&lt;/b&gt;" in html


def _moment() -> str:
    """A moment strictly between two changes, as a URL value."""
    time.sleep(0.002)
    at = dt.datetime.now(dt.UTC)
    time.sleep(0.002)
    return at.isoformat().replace("+00:00", "Z")


def test_as_of_shows_the_graph_as_it_was(client: Client, cited, sessions) -> None:
    """Before the second document cited it, the work's page listed one document; the work's
    description is the one it had then."""
    first = cited("Resettlement Policy", [BOOK.format(page="64")])
    before_second = _moment()
    second = cited("Border Histories", [BOOK.format(page="12")])
    work = book()
    with acting_as("ann"), sessions.begin() as session:
        row = session.get(schema.Work, work.pk)
        row.csl = {**row.csl, "title": "Resettling the Borderlands (corrected)"}
    now = client.get(f"/api/works/{work.pk}/").json()
    assert now["cited_by"] == 2 and now["csl"]["title"].endswith("(corrected)")
    then = client.get(f"/api/works/{work.pk}/", {"as_of": before_second}).json()
    assert [d["id"] for d in then["documents"]] == [first]
    assert then["cited_by"] == 1 and not then["csl"]["title"].endswith("(corrected)")
    html = client.get(f"/works/{work.pk}/", {"as_of": before_second}).content.decode()
    assert "Resettlement Policy" in html and "Border Histories" not in html
    page = client.get(f"/documents/{first}/", {"as_of": before_second}).content.decode()
    assert f'href="/works/{work.pk}/?as_of=' in page and "(corrected)" not in page
    items = json.loads(client.get(f"/documents/{first}/works-cited.csl.json",
                                  {"as_of": before_second}).content)
    assert items[0]["title"].startswith("Resettling the Borderlands: State")
    assert client.get(f"/documents/{second}/", {"as_of": before_second}).status_code == 404
    assert client.get(f"/works/{work.pk}/", {"as_of": "2001-01-01"}).status_code == 404
    assert client.get(f"/works/{work.pk}/", {"as_of": "yesterday"}).status_code == 400


def test_a_document_withdrawn_since_is_left_out_of_a_past_work_page(
        client: Client, cited, sessions) -> None:
    """A takedown has no past: as of a moment it was published, it is not listed."""
    first = cited("Resettlement Policy", [BOOK.format(page="64")])
    cited("Border Histories", [BOOK.format(page="12")])
    before = _moment()
    with acting_as("ann"), sessions.begin() as session:
        document = session.get(schema.Document, first)
        document.status, document.withdrawn_reason = "withdrawn", "a court order"
    for at in (None, before):
        query = {"as_of": at} if at else {}
        data = client.get(f"/api/works/{book().pk}/", query).json()
        assert [d["title"] for d in data["documents"]] == ["Border Histories"], at
        assert data["cited_by"] == 1


def test_a_merged_work_points_to_the_kept_one(client: Client, graph, sessions) -> None:
    from archive.citegraph.curation import merge_works

    article = Work.objects.get(title__startswith="Why Autonomy")
    with acting_as("ann"), sessions.begin() as session:
        merge_works(session, book().pk, [article.pk])
    response = client.get(f"/works/{article.pk}/")
    assert response.status_code == 301 and response["Location"] == f"/works/{book().pk}/"
    api = client.get(f"/api/documents/?cites_work={article.pk}").json()
    assert sorted(r["id"] for r in api["results"]) == sorted([graph["first"], graph["second"]])
    assert Citation.objects.filter(work=article).count() == 0


def test_the_seed_short_forms_link_to_the_work_of_note_10(client: Client, archive_db) -> None:
    """Ingested, the seed's notes 36 and 37 ("Laitin and Suny, …, 147.") show the work that
    note 10 cites in full, and the work's page names the three notes."""
    from io import StringIO

    from django.core.management import call_command

    from archive.config import PROJECT_ROOT

    seed = next((PROJECT_ROOT / "seeds").glob("*.txt"))
    call_command("ingest", "--publish", str(seed), stdout=StringIO(), stderr=StringIO())
    full = Citation.objects.get(footnote__number=10, status="active")
    work_link = f'href="/works/{full.work_id}/"'
    html = client.get(f"/documents/{full.document_id}/").content.decode()

    def note(number: int) -> str:
        return html[html.index(f'id="note-{number}"'):html.index(f'id="note-{number + 1}"')]

    assert work_link in note(10)
    for number in (36, 37):
        assert work_link in note(number) and "short form" in note(number)
    assert "(short form, p. 147)" in note(36)
    data = client.get(f"/api/works/{full.work_id}/").json()
    assert data["csl"]["title"] == "Armenia and Azerbaijan: Thinking a Way Out of Karabakh"
    assert [n["number"] for n in data["documents"][0]["notes"]] == [10, 36, 37]
    assert data["cited_by"] == 1
