"""Ingest links each note's citations to works: shared across documents, corrections kept."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.attribution import acting_as
from archive.citegraph import linking
from archive.config import PROJECT_ROOT
from catalog.models import Citation, Document, History, Problem, Work

SEED = next((PROJECT_ROOT / "seeds").glob("*.txt"))
BOOK = ("Farid Shafiyev, Resettling the Borderlands: State Relocations and Ethnic Conflict in "
        "the South Caucasus (Montreal: McGill-Queen’s University Press, 2018), {page}.")
ARTICLE = ("Arsene Saparov, “Why Autonomy? The Making of Nagorno-Karabakh Autonomous Region "
           "1918-1925,” Europe-Asia Studies, no. 2 vol.64 (March 2012): 281-323.")


def markdown(title: str, notes: list[str], body: str = "The borderlands were resettled.") -> str:
    markers = "".join(f"[^{n}]" for n in range(1, len(notes) + 1))
    footnotes = "\n".join(f"[^{n}]: {text}" for n, text in enumerate(notes, 1))
    return (f"---\ntitle: {title}\nauthor: Ada Lindqvist\ndate: 2024-02-01\n---\n\n"
            f"{body}{markers} The rest of the argument follows from there.\n\n{footnotes}\n")


def ingest(*paths: Path, replaces: int | None = None) -> None:
    options = ["--replaces", str(replaces)] if replaces else []
    call_command("ingest", "--publish", *options, *map(str, paths), stdout=StringIO(),
                 stderr=StringIO())


def test_the_seed_notes_become_citations_of_works(archive_db: None) -> None:
    """Notes 36 and 37 cite, through their short forms, the work note 10 cites in full."""
    ingest(SEED)
    document = Document.objects.get()
    citations = Citation.objects.filter(document=document, status="active")
    assert citations.count() >= 40
    full = citations.get(footnote__number=10)
    assert full.work.title == "Armenia and Azerbaijan: Thinking a Way Out of Karabakh"
    assert full.work.year == 1999
    for number in (36, 37):
        short = citations.get(footnote__number=number)
        assert (short.form, short.match, short.work_id) == ("short", "short form", full.work_id)
    # Batashvili's article, cited in notes 13 and 29 (different years stated), stays two works
    # unless a librarian merges them; works are never duplicated for one key.
    keys = list(Work.objects.values_list("identity_key", flat=True))
    assert len(keys) == len(set(keys))
    assert not citations.filter(footnote__number__in=[18, 32, 42]).exists()


def test_two_documents_citing_one_book_share_one_work(archive_db: None, tmp_path: Path) -> None:
    first, second = tmp_path / "first.md", tmp_path / "second.md"
    first.write_text(markdown("Resettlement Policy", [BOOK.format(page="64-108")]), "utf-8")
    second.write_text(markdown("Border Histories", [ARTICLE, BOOK.format(page="12")]), "utf-8")
    ingest(first, second)
    book = Work.objects.get(title__startswith="Resettling the Borderlands")
    assert book.citations.values("document").distinct().count() == 2
    assert Work.objects.count() == 2
    assert sorted(c.csl["page"] for c in Citation.objects.filter(work=book)) == ["12", "64-108"]


def test_a_librarians_correction_survives_reingest(archive_db: None, tmp_path: Path) -> None:
    """A corrected citation is kept; the other citations of a changed note are re-parsed."""
    path = tmp_path / "doc.md"
    path.write_text(markdown("Resettlement Policy", [BOOK.format(page="64"), ARTICLE]), "utf-8")
    ingest(path)
    citation = Citation.objects.get(footnote__number=1)
    with acting_as("librarian"):
        citation.csl = {**citation.csl, "title": "Resettling the Borderlands (corrected)"}
        citation.corrected = True
        citation.save()
    path.write_text(markdown("Resettlement Policy", [BOOK.format(page="65"), ARTICLE],
                             body="The borderlands were resettled, twice."), "utf-8")
    ingest(path, replaces=citation.document_id)
    assert Document.objects.count() == 1
    kept = Citation.objects.get(pk=citation.pk)
    assert (kept.status, kept.csl["title"]) == ("active", "Resettling the Borderlands (corrected)")
    assert kept.version == 2
    assert History.objects.filter(table_name="citation", row_id=citation.pk).count() == 1
    assert Citation.objects.filter(footnote__number=2, status="active").count() == 1


def test_low_confidence_parses_go_to_the_review_queue(
        archive_db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linking, "LOW_CONFIDENCE", 1.01)  # every parse counts as unsure
    path = tmp_path / "doc.md"
    path.write_text(markdown("Resettlement Policy", [BOOK.format(page="64")]), "utf-8")
    ingest(path)
    problem = Problem.objects.get(stage="citations")
    assert problem.line == 1 and not problem.resolved
    assert "low confidence" in problem.reason
    assert problem.raw.startswith("Farid Shafiyev, Resettling")


DEV = PROJECT_ROOT / "tests" / "corpus" / "dev"


def test_untitled_web_pages_of_two_real_documents_stay_apart(archive_db: None) -> None:
    """Notes that are a bare URL ("https://www.typeform.com.") cite different works: a
    missing title is no identity, so they are not linked to one another's work."""
    ingest(DEV / "bonan-2022-clefts-regional-italian.docx",
           DEV / "census-2019-e2e-das-design-spec.docx")
    untitled = Citation.objects.filter(status="active", work__title="(untitled)")
    urls = sorted(c.work.url for c in untitled.select_related("work"))
    assert "https://www.typeform.com" in urls and "http://asit.maldura.unipd.it/" in urls
    assert any(url.startswith("https://www.census.gov/") for url in urls)
    assert untitled.values("work").distinct().count() == len(urls) == Work.objects.filter(
        title="(untitled)").count()
    shared = [w for w in Work.objects.all() if w.citations.values("document").distinct()
              .count() > 1]
    assert shared == []
