"""Librarians curate the citation graph: correct a citation, merge works, split one off."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from django.contrib.admin import helpers
from django.core.management import call_command
from django.test import Client

from catalog.models import Citation, History, Problem, Work

BOOK = ("Farid Shafiyev, Resettling the Borderlands: State Relocations and Ethnic Conflict in "
        "the South Caucasus (Montreal: McGill-Queen’s University Press, 2018), {page}.")
VARIANT = ("Farid Shafiyev, Resettling the Borderland: State Relocation and Ethnic Conflict in "
           "the South Caucasus (Montreal: McGill-Queen’s University Press, 2018), 9.")

REPRINT = ("Farid Shafiyev, Resettling the Borderlands: State Relocations and Ethnic Conflict in "
           "the South Caucasus (Montreal: McGill-Queen’s University Press, 2019), 9.")


def ingest_notes(tmp_path: Path, name: str, notes: list[str]) -> None:
    markers = "".join(f"[^{n}]" for n in range(1, len(notes) + 1))
    footnotes = "\n".join(f"[^{n}]: {text}" for n, text in enumerate(notes, 1))
    path = tmp_path / f"{name}.md"
    path.write_text(f"---\ntitle: {name}\nauthor: Ada Lindqvist\ndate: 2024-02-01\n---\n\n"
                    f"Some argument.{markers}\n\n{footnotes}\n", "utf-8")
    call_command("ingest", "--publish", str(path), stdout=StringIO(), stderr=StringIO())


def test_a_correction_in_the_admin_is_versioned_and_marked(
        librarian_client: Client, edit_form, tmp_path: Path) -> None:
    """Saving a citation's fields marks it corrected (re-ingest keeps it), as a new version."""
    ingest_notes(tmp_path, "Resettlement", [BOOK.format(page="64")])
    citation = Citation.objects.get()
    url = f"/admin/catalog/citation/{citation.pk}/change/"
    csl = citation.csl | {"title": "Resettling the Borderlands (checked)"}
    data = edit_form(librarian_client, url, {"csl": json.dumps(csl)}, "citation_form")
    assert librarian_client.post(url, data).status_code == 302
    citation.refresh_from_db()
    assert (citation.csl["title"], citation.corrected, citation.version) == (
        "Resettling the Borderlands (checked)", True, 2)
    assert citation.changed_by == "ann"
    assert History.objects.filter(table_name="citation", row_id=citation.pk).count() == 1


def test_merge_two_works_moves_the_citations(librarian_client: Client, tmp_path: Path) -> None:
    """A note giving another year made a second work; merging it is one attributed change."""
    ingest_notes(tmp_path, "First", [BOOK.format(page="64")])
    ingest_notes(tmp_path, "Second", [REPRINT])
    works = list(Work.objects.order_by("pk"))
    assert len(works) == 2, [w.title for w in works]
    kept, merged = works
    ids = [str(kept.pk), str(merged.pk)]
    data = {"action": "merge_works_action", helpers.ACTION_CHECKBOX_NAME: ids}
    page = librarian_client.post("/admin/catalog/work/", data)
    assert "Keep this work" in page.content.decode()
    # The admin's one confirmation page (catalog.admin.actions.confirmation).
    assert "admin/catalog/action_confirmation.html" in [t.name for t in page.templates]
    done = librarian_client.post("/admin/catalog/work/", {**data, "post": "yes",
                                                          "keep": str(kept.pk)})
    assert done.status_code == 302
    merged.refresh_from_db()
    assert (merged.status, merged.merged_into_id, merged.changed_by) == (
        "withdrawn", kept.pk, "ann")
    assert set(Citation.objects.values_list("work_id", flat=True)) == {kept.pk}
    assert Citation.objects.filter(match="librarian").count() == 1
    history = librarian_client.get(f"/admin/catalog/work/{kept.pk}/history/").content.decode()
    assert "merged in" in history and f"#{merged.pk} " in history


def test_split_a_citation_into_a_work_of_its_own(librarian_client: Client,
                                                 tmp_path: Path) -> None:
    ingest_notes(tmp_path, "First", [BOOK.format(page="64"), BOOK.format(page="70")])
    first, second = Citation.objects.order_by("pk")
    assert first.work_id == second.work_id
    librarian_client.post("/admin/catalog/citation/", {
        "action": "split_citations_action", helpers.ACTION_CHECKBOX_NAME: [str(second.pk)]})
    second.refresh_from_db()
    assert second.work_id != first.work_id
    assert (second.match, second.version) == ("librarian", 2)
    assert Work.objects.count() == 2


def test_a_fuzzy_match_links_the_work_and_asks_a_librarian(
        librarian_client: Client, tmp_path: Path) -> None:
    """A title spelt a little differently joins the work, and the review queue says so."""
    ingest_notes(tmp_path, "First", [BOOK.format(page="64")])
    ingest_notes(tmp_path, "Second", [VARIANT])
    assert Work.objects.count() == 1
    fuzzy = Citation.objects.get(match="fuzzy")
    problem = Problem.objects.get(stage="citations")
    assert problem.document_id == fuzzy.document_id
    assert "fuzzy title match" in problem.reason


def test_undo_a_merge_in_the_admin(librarian_client: Client, tmp_path: Path) -> None:
    """The "Undo" action sets a merge back as a new, attributed version."""
    ingest_notes(tmp_path, "First", [BOOK.format(page="64")])
    ingest_notes(tmp_path, "Second", [REPRINT])
    kept, merged = Work.objects.order_by("pk")
    moved = Citation.objects.get(work=merged)
    data = {"action": "merge_works_action", helpers.ACTION_CHECKBOX_NAME: [kept.pk, merged.pk],
            "post": "yes", "keep": str(kept.pk)}
    assert librarian_client.post("/admin/catalog/work/", data).status_code == 302
    undo = {"action": "undo_curation_action", helpers.ACTION_CHECKBOX_NAME: [merged.pk]}
    page = librarian_client.post("/admin/catalog/work/", undo, follow=True)
    assert "Undone: 2 row(s)" in page.content.decode()
    merged.refresh_from_db()
    moved.refresh_from_db()
    assert (merged.status, merged.merged_into_id, merged.version) == ("active", None, 3)
    assert (moved.work_id, moved.version, moved.changed_by) == (merged.pk, 3, "ann")
    refused = librarian_client.post("/admin/catalog/work/", {
        "action": "undo_curation_action", helpers.ACTION_CHECKBOX_NAME: [kept.pk]}, follow=True)
    assert "was not made by a merge or a split" in refused.content.decode()
