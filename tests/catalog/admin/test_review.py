"""Review at scale: the queue, one-save publishing, bulk resolve, readable records."""

from __future__ import annotations

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client

from archive.attribution import acting_as
from catalog.models import Document, Problem

DOCUMENTS = "/admin/catalog/document/"
FORM = "document_form"


def url(pk: int) -> str:
    return f"{DOCUMENTS}{pk}/change/"


def _problem(pk: int, reason: str, line: int = 1) -> Problem:
    with acting_as("ingest:test"):
        return Problem.objects.create(
            document_id=pk, stage="markers", field="footnotes", raw="¹", reason=reason, line=line
        )


def test_resolve_and_publish_in_one_save(make_document, librarian_client: Client, edit_form):
    """Ticking "resolved" on every open problem and choosing Published is one save."""
    pk = make_document()
    problem = _problem(pk, "a marker without a note")
    data = edit_form(
        librarian_client, url(pk), {"problems-0-resolved": "on", "status": "published"}, FORM
    )
    response = librarian_client.post(url(pk), data)
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.resolved and Document.objects.get(pk=pk).status == "published"


def test_publishing_with_a_problem_left_open_is_refused(
    make_document, librarian_client: Client, edit_form
):
    """One problem ticked, one left: still refused, and nothing saved."""
    pk = make_document()
    _problem(pk, "first", 1)
    _problem(pk, "second", 2)
    data = edit_form(
        librarian_client, url(pk), {"problems-0-resolved": "on", "status": "published"}, FORM
    )
    response = librarian_client.post(url(pk), data)
    errors = response.context["adminform"].form.non_field_errors()
    assert "1 open parsing problem: resolve them first" in errors[0]
    assert Problem.objects.filter(document_id=pk, resolved=False).count() == 2


def test_queue_lists_each_documents_problem_and_is_linked_from_the_index(
    make_document, librarian_client: Client
):
    """The index links the queue with its size; the list says what each problem is."""
    pk = make_document(title="Needs a look")
    _problem(pk, "marker 3 has no note", 1)
    _problem(pk, "the date cannot be read", 2)
    index = librarian_client.get("/admin/").content.decode()
    assert f'href="{DOCUMENTS}?review=queue">Review queue</a>' in index
    assert "1 document to review" in index
    queue = librarian_client.get(DOCUMENTS, {"review": "queue"}).content.decode()
    assert "marker 3 has no note (and 1 more)" in queue


def test_empty_queue_says_so(make_document, librarian_client: Client):
    """No drafts and no open problems: the queue says it is empty, not "0 documents"."""
    make_document(status="published")
    page = librarian_client.get(DOCUMENTS, {"review": "queue"}).content.decode()
    assert "The review queue is empty" in page
    assert "empty: nothing to review" in librarian_client.get("/admin/").content.decode()


def test_bulk_mark_problems_resolved(make_document, librarian_client: Client):
    """The action resolves every open problem of the selection, as versions, and counts them."""
    first, second = make_document(title="A"), make_document(title="B")
    _problem(first, "one")
    _problem(second, "two")
    _problem(second, "three", 2)
    response = librarian_client.post(
        DOCUMENTS, {"action": "resolve_problems", ACTION_CHECKBOX_NAME: [first, second]},
        follow=True,
    )
    assert "Marked 3 problems resolved on 2 documents" in response.content.decode()
    assert set(Problem.objects.values_list("resolved", "version", "changed_by")) == {
        (True, 2, "ann")
    }


def test_bulk_publish_says_why_for_each_refused(make_document, librarian_client: Client):
    """Each document left unpublished is named with its reason."""
    ready, blocked = make_document(title="Ready"), make_document(title="Blocked")
    _problem(blocked, "no note")
    response = librarian_client.post(
        DOCUMENTS,
        {"action": "publish", ACTION_CHECKBOX_NAME: [ready, blocked], "post": "yes"},
        follow=True,
    )
    text = response.content.decode()
    assert "Published 1 document." in text
    assert "“Blocked” (1 open parsing problem: resolve them first)" in text


def test_change_form_reads_as_words(make_document, librarian_client: Client, sessions):
    """Repairs and sections in words; DOI and URL labels; languages by name; View on site."""
    pk = make_document(status="published")
    with acting_as("test:factory"):
        Document.objects.filter(pk=pk).update(
            repairs=[{"where": "text", "paragraph": 3, "offset": 5, "original": "erupt ed",
                      "repaired": "erupted"}],
            section_starts=[0],
        )
    page = librarian_client.get(url(pk)).content.decode()
    assert "<del>erupt ed</del> → <ins>erupted</ins> (paragraph 3)" in page
    assert "paragraph 1: “Body text.”" in page
    assert ">DOI:</label>" in page and ">URL:</label>" in page
    assert '<option value="en" selected>English — en</option>' in page
    assert f'href="/documents/{pk}/"' in page and "View on site" in page
    assert "Archive catalog: librarians" in page
