"""Bulk actions: publish and withdraw behind a confirmation page, and merging people."""

from __future__ import annotations

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.test import Client

from archive.attribution import acting_as
from catalog.models import Authorship, Document, Footnote, History, Person, Problem

DOCUMENTS = "/admin/catalog/document/"
PEOPLE = "/admin/catalog/person/"


def run_action(client: Client, url: str, action: str, ids: list[int], **confirm: str):
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(pk) for pk in ids], **confirm}
    return client.post(url, data)


def test_publish_asks_for_confirmation_first(make_document, librarian_client: Client) -> None:
    """The publish action shows a confirmation page and changes nothing until confirmed."""
    pk = make_document(title="To publish")
    page = run_action(librarian_client, DOCUMENTS, "publish", [pk])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Publish documents" in html and "To publish" in html
    assert Document.objects.get(pk=pk).status == "draft"

    done = run_action(librarian_client, DOCUMENTS, "publish", [pk], post="yes")
    assert done.status_code == 302
    document = Document.objects.get(pk=pk)
    assert (document.status, document.version, document.changed_by) == ("published", 2, "ann")


def test_publish_skips_documents_with_open_problems(
    make_document, librarian_client: Client
) -> None:
    """Documents with unresolved parsing problems stay in review when the rest are published."""
    ready, blocked = make_document(title="Ready"), make_document(title="Blocked")
    with acting_as("ingest:test"):
        Problem.objects.create(document_id=blocked, stage="date", raw="?", reason="no date")
    page = run_action(librarian_client, DOCUMENTS, "publish", [ready, blocked])
    assert (
        "1 of them will stay as they are: “Blocked” (1 open parsing problem: resolve them first)."
        in page.content.decode()
    )
    done = run_action(librarian_client, DOCUMENTS, "publish", [ready, blocked], post="yes")
    shown = [str(message) for message in get_messages(done.wsgi_request)]
    assert shown == [
        "Published 1 document.",
        "1 of them were left as they are: “Blocked” (1 open parsing problem: resolve them first).",
    ]
    assert Document.objects.get(pk=ready).status == "published"
    assert Document.objects.get(pk=blocked).status == "draft"


def test_withdraw_needs_a_reason_and_keeps_the_row(make_document, librarian_client: Client) -> None:
    """Withdrawing asks for a reason; the document stays, with a tombstone and history."""
    pk = make_document(status="published")
    refused = run_action(librarian_client, DOCUMENTS, "withdraw", [pk], post="yes", reason=" ")
    assert refused.status_code == 200
    assert refused.context["form"].errors.as_data()["reason"][0].code == "required"
    assert Document.objects.get(pk=pk).status == "published"

    run_action(librarian_client, DOCUMENTS, "withdraw", [pk], post="yes", reason="Duplicate")
    document = Document.objects.get(pk=pk)
    assert (document.status, document.withdrawn_reason, document.changed_by) == (
        "withdrawn",
        "Duplicate",
        "ann",
    )
    assert History.objects.filter(table_name="document", row_id=pk).count() == 1


def test_viewer_cannot_publish(make_document, viewer) -> None:
    """A read-only viewer sees documents but has neither the publish nor the withdraw action."""
    pk = make_document()
    client = Client()
    client.force_login(viewer)
    page = client.get(DOCUMENTS)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="publish"' not in html and 'value="withdraw"' not in html
    run_action(client, DOCUMENTS, "publish", [pk], post="yes")
    assert Document.objects.get(pk=pk).status == "draft"


def two_people(make_document) -> tuple[int, int, int, int]:
    first, second = make_document(title="One"), make_document(title="Two")
    kept = Authorship.objects.get(document_id=first).person_id
    duplicate = Authorship.objects.get(document_id=second).person_id
    return first, second, kept, duplicate


def test_merge_people_moves_authorships_and_withdraws(
    make_document, librarian_client: Client
) -> None:
    """Merging two records of one author moves authorships and leaves a pointer, as one change."""
    _, second, kept, duplicate = two_people(make_document)
    page = run_action(librarian_client, PEOPLE, "merge_people_action", [kept, duplicate])
    assert page.status_code == 200 and "Keep this record" in page.content.decode()

    done = run_action(
        librarian_client,
        PEOPLE,
        "merge_people_action",
        [kept, duplicate],
        post="yes",
        keep=str(kept),
    )
    assert done.status_code == 302
    assert Authorship.objects.get(document_id=second).person_id == kept
    merged = Person.objects.get(pk=duplicate)
    assert (merged.status, merged.merged_into_id, merged.changed_by) == ("withdrawn", kept, "ann")
    assert f"merged into #{kept}" in merged.withdrawn_reason
    changes = History.objects.filter(table_name__in=["person", "authorship"])
    assert {(h.changed_by, h.changed_at) for h in changes} == {("ann", merged.changed_at)}


def test_merge_refuses_a_single_record(make_document, librarian_client: Client) -> None:
    """Merging needs at least two records; the form says so and nothing changes."""
    _, _, kept, _ = two_people(make_document)
    page = run_action(
        librarian_client, PEOPLE, "merge_people_action", [kept], post="yes", keep=str(kept)
    )
    assert page.context["form"].non_field_errors().as_data()[0].code == "too_few"
    assert Person.objects.get(pk=kept).status == "active"


def test_withdraw_a_footnote(make_document, librarian_client: Client) -> None:
    """Footnotes are withdrawn with a reason from their own list, never deleted."""
    pk = make_document(footnotes=2)
    note = Footnote.objects.get(document_id=pk, number=2)
    run_action(
        librarian_client, "/admin/catalog/footnote/", "withdraw", [note.pk], post="yes",
        reason="Repeated note",
    )
    note.refresh_from_db()
    assert (note.status, note.withdrawn_reason, note.changed_by) == (
        "withdrawn", "Repeated note", "ann",
    )
    page = librarian_client.get(f"/admin/catalog/document/{pk}/change/").content.decode()
    assert "v2, withdrawn" in page


def test_one_confirmation_page_for_every_bulk_action() -> None:
    """Only ``catalog.admin.actions.confirmation`` renders the confirmation template: the
    citation graph's actions (and any later app's) call it instead of copying it."""
    from archive.config import PROJECT_ROOT

    users = [path.relative_to(PROJECT_ROOT).as_posix()
             for path in sorted((PROJECT_ROOT / "catalog").rglob("*.py"))
             if "action_confirmation.html" in path.read_text(encoding="utf-8")]
    assert users == ["catalog/admin/actions.py"]
