"""The document change form: inlines, problems beside their field, versions, stale saves."""

from __future__ import annotations

from unittest import mock

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from archive.attribution import acting_as
from archive.errors import StaleWrite
from catalog.models import Authorship, Document, Footnote, History, Person, Problem
from catalog.roles import create_librarian

FORM = "document_form"


def url(pk: int) -> str:
    return f"/admin/catalog/document/{pk}/change/"


def footnote_field(document_id: int, number: int, field: str) -> str:
    """The POST name of a footnote inline field (footnotes are ordered by number)."""
    return f"footnotes-{number - 1}-{field}"


def test_change_form_shows_inlines_and_version(make_document, librarian_client: Client) -> None:
    """The change form has authorship, disclaimer and footnote inlines and a hidden version."""
    pk = make_document(footnotes=3)
    page = librarian_client.get(url(pk))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="version" value="1"' in html
    assert 'name="authorships-0-person"' in html
    assert "Views are the author&#x27;s own." in html
    assert 'name="footnotes-2-text"' in html
    assert 'name="footnotes-0-version"' in html
    assert "delete" not in page.context["adminform"].form.fields


def test_footnote_anchor_is_shown_as_a_snippet(make_document, librarian_client: Client) -> None:
    """A footnote's anchor is shown as the end of the sentence it hangs on."""
    pk = make_document(footnotes=1)
    with acting_as("test:setup"):
        text = "First para.\n\nOne. The marked sentence. After."
        Document.objects.filter(pk=pk).update(text=text)
        Footnote.objects.filter(document_id=pk).update(anchor_paragraph=2, anchor_offset=25)
    html = librarian_client.get(url(pk)).content.decode()
    assert "The marked sentence. ▲" in html


def test_problem_is_shown_next_to_its_field(make_document, librarian_client: Client) -> None:
    """An open parsing problem about a field appears in that field's row; resolved ones don't."""
    pk = make_document()
    with acting_as("ingest:test"):
        Problem.objects.create(
            document_id=pk,
            stage="date",
            field="published",
            line=3,
            raw="Marhc 22, 2021",
            reason="unreadable date",
        )
        Problem.objects.create(
            document_id=pk,
            stage="notes",
            field="footnotes",
            line=9,
            raw="[x]",
            reason="marker without note",
        )
        Problem.objects.create(
            document_id=pk,
            stage="byline",
            field="authors",
            raw="old",
            reason="fixed already",
            resolved=True,
        )
    page = librarian_client.get(url(pk))
    html = page.content.decode()
    published_row = html[html.index('class="form-row field-published') :]
    published_row = published_row[: published_row.index('class="form-row', 10)]
    assert "unreadable date" in published_row
    footnotes = html.index('id="footnotes-group"')
    assert html.rindex("marker without note", 0, footnotes) > html.index('id="authorships-group"')
    # A resolved problem is only listed in the problems inline.
    assert html.index("fixed already") > html.index('id="problems-group"')


def test_editing_a_footnote_makes_a_new_attributed_version(
    make_document, librarian_client: Client, edit_form
) -> None:
    """Saving the form with one corrected footnote versions that footnote only."""
    pk = make_document(footnotes=2)
    data = edit_form(
        librarian_client, url(pk), {footnote_field(pk, 2, "text"): "Corrected note."}, FORM
    )
    response = librarian_client.post(url(pk), data)
    assert response.status_code == 302, response.context and [
        (f.formset.prefix, f.formset.errors) for f in response.context["inline_admin_formsets"]
    ] + [response.context["adminform"].form.errors]
    note = Footnote.objects.get(document_id=pk, number=2)
    assert (note.text, note.version, note.changed_by) == ("Corrected note.", 2, "ann")
    assert Footnote.objects.get(document_id=pk, number=1).version == 1
    assert Document.objects.get(pk=pk).version == 1  # the untouched parent is not re-saved
    (entry,) = History.objects.filter(table_name="footnote", row_id=note.pk)
    assert entry.snapshot["text"] == "Note 2."


def test_stale_document_save_is_refused(make_document, librarian_client: Client, edit_form) -> None:
    """Two librarians edit the same document: the second save is refused and changes nothing."""
    pk = make_document()
    bob = Client()
    bob.force_login(create_librarian("bob", "another-long-password-8"))
    ann_data = edit_form(librarian_client, url(pk), {"title": "Ann's title"}, FORM)
    bob_data = edit_form(bob, url(pk), {"title": "Bob's title"}, FORM)

    assert librarian_client.post(url(pk), ann_data).status_code == 302
    refused = bob.post(url(pk), bob_data)

    assert refused.status_code == 200
    (error,) = refused.context["adminform"].form.non_field_errors().as_data()
    assert error.code == "stale"
    assert "Someone else saved this record" in refused.content.decode()
    # Bob's input is still in the form, so he can re-apply it.
    assert "Bob&#x27;s title" in refused.content.decode()
    document = Document.objects.get(pk=pk)
    assert (document.title, document.version, document.changed_by) == ("Ann's title", 2, "ann")


def test_stale_footnote_save_is_refused(make_document, librarian_client: Client, edit_form) -> None:
    """A footnote changed since the form was opened cannot be overwritten from the inline."""
    pk = make_document(footnotes=2)
    data = edit_form(
        librarian_client, url(pk), {footnote_field(pk, 1, "text"): "Ann's note."}, FORM
    )
    with acting_as("bob"):
        note = Footnote.objects.get(document_id=pk, number=1)
        note.text = "Bob's note."
        note.save()
    refused = librarian_client.post(url(pk), data)
    assert refused.status_code == 200
    footnotes = next(
        f for f in refused.context["inline_admin_formsets"] if f.formset.prefix == "footnotes"
    )
    assert footnotes.formset.errors[0]["__all__"].as_data()[0].code == "stale"
    assert Footnote.objects.get(pk=note.pk).text == "Bob's note."


def test_untouched_rows_changed_by_others_do_not_block(
    make_document, librarian_client: Client, edit_form
) -> None:
    """Bob edited footnote 1, Ann footnote 2: Ann's save keeps Bob's change and adds hers."""
    pk = make_document(footnotes=2)
    data = edit_form(
        librarian_client, url(pk), {footnote_field(pk, 2, "text"): "Ann's note."}, FORM
    )
    with acting_as("bob"):
        note = Footnote.objects.get(document_id=pk, number=1)
        note.text = "Bob's note."
        note.save()
    # Ann's page still holds the old text of footnote 1: that *is* a conflict
    # on footnote 1, and nothing is written.
    refused = librarian_client.post(url(pk), data)
    assert refused.status_code == 200
    assert Footnote.objects.get(document_id=pk, number=2).text == "Note 2."
    # After reloading she sees Bob's note and saves hers on top of it.
    data = edit_form(
        librarian_client, url(pk), {footnote_field(pk, 2, "text"): "Ann's note."}, FORM
    )
    assert librarian_client.post(url(pk), data).status_code == 302
    texts = list(Footnote.objects.filter(document_id=pk).values_list("text", flat=True))
    assert texts == ["Bob's note.", "Ann's note."]


def test_race_between_check_and_write_is_a_conflict(
    make_document, librarian_client: Client, edit_form
) -> None:
    """A StaleWrite raised by the save itself re-renders the form; nothing is half-saved."""
    pk = make_document(footnotes=1)
    data = edit_form(
        librarian_client, url(pk), {"title": "New title", footnote_field(pk, 1, "text"): "X"}, FORM
    )

    def concurrent_write(self, *args, **kwargs):
        # Someone else commits this footnote just before our UPDATE lands.
        raise StaleWrite("footnote", self.pk, self.version)

    with mock.patch.object(Footnote, "save", concurrent_write):
        response = librarian_client.post(url(pk), data)
    assert response.status_code == 200
    (error,) = response.context["adminform"].form.non_field_errors().as_data()
    assert error.code == "stale"
    assert "New title" in response.content.decode()
    # The document's title was saved before the footnote failed: rolled back too.
    assert Document.objects.get(pk=pk).title == "A document"
    assert Document.objects.get(pk=pk).version == 1


def test_withdrawing_requires_a_reason(make_document, librarian_client: Client, edit_form) -> None:
    """Setting a document's status to withdrawn without a reason is a form error."""
    pk = make_document()
    data = edit_form(librarian_client, url(pk), {"status": "withdrawn"}, FORM)
    response = librarian_client.post(url(pk), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert errors["withdrawn_reason"][0].code == "reason_required"


def test_documents_cannot_be_deleted(make_document, librarian_client: Client) -> None:
    """The delete view and the delete action are gone: documents are withdrawn instead."""
    pk = make_document()
    assert librarian_client.get(f"/admin/catalog/document/{pk}/delete/").status_code == 403
    page = librarian_client.get("/admin/catalog/document/")
    assert "delete_selected" not in page.content.decode()
    assert "withdraw" in page.content.decode()


def test_browser_line_ends_are_not_a_change(
    make_document, librarian_client: Client, edit_form
) -> None:
    """Textareas post CRLF line ends: an untouched text is not rewritten or versioned."""
    pk = make_document(footnotes=1)
    with acting_as("test:setup"):
        Document.objects.filter(pk=pk).update(text="One.\n\nTwo.\n")
        Footnote.objects.filter(document_id=pk).update(text="Line one\nline two ")
    data = edit_form(librarian_client, url(pk), {}, FORM)
    data = {
        name: [value.replace("\n", "\r\n") for value in values] for name, values in data.items()
    }
    assert "\r\n" in data["text"][0] and "\r\n" in data["footnotes-0-text"][0]
    assert librarian_client.post(url(pk), data).status_code == 302
    assert Document.objects.get(pk=pk).text == "One.\n\nTwo.\n"
    assert Footnote.objects.get(document_id=pk).text == "Line one\nline two "
    assert Document.objects.get(pk=pk).version == 2  # the update above, nothing since
    assert Footnote.objects.get(document_id=pk).version == 2


def test_change_form_queries_do_not_grow_with_footnotes(
    make_document, librarian_client: Client
) -> None:
    """A document with 3 or 40 footnotes opens with the same number of queries."""
    def queries(pk: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert librarian_client.get(url(pk)).status_code == 200
        return len(captured)

    few, many = make_document(footnotes=3), make_document(footnotes=40)
    queries(few)  # warm the session and permission caches alike
    assert queries(few) == queries(many)


def test_person_autocomplete_offers_active_people_only(
    make_document, librarian_client: Client
) -> None:
    """A person merged away is no longer offered in the authorship autocomplete."""
    first, second = make_document(title="One"), make_document(title="Two")
    keep = Person.objects.filter(authorships__document_id=first).get()
    gone = Person.objects.filter(authorships__document_id=second).get()
    with acting_as("test:setup"):
        Person.objects.filter(pk=gone.pk).update(status="withdrawn", merged_into=keep)
    response = librarian_client.get(
        "/admin/autocomplete/",
        {"term": "Ada", "app_label": "catalog", "model_name": "authorship", "field_name": "person"},
    )
    ids = [int(result["id"]) for result in response.json()["results"]]
    assert ids == [keep.pk]


def test_authorship_page_edits_affiliations(make_document, librarian_client: Client) -> None:
    """Each authorship row links to a page where its affiliations are edited."""
    pk = make_document()
    authorship = Authorship.objects.get(document_id=pk)
    html = librarian_client.get(url(pk)).content.decode()
    link = f"/admin/catalog/authorship/{authorship.pk}/change/"
    assert link in html
    page = librarian_client.get(link)
    assert page.status_code == 200
    assert 'id="affiliations-group"' in page.content.decode()


def test_resolving_a_problem_takes_the_document_out_of_review(
    make_document, librarian_client: Client, edit_form
) -> None:
    """Publishing waits for open problems; marking one resolved versions it, then publish works."""
    pk = make_document()
    with acting_as("ingest:test"):
        problem = Problem.objects.create(
            document_id=pk, stage="date", field="published", raw="?", reason="no date"
        )
    blocked = edit_form(librarian_client, url(pk), {"status": "published"}, FORM)
    response = librarian_client.post(url(pk), blocked)
    assert response.context["adminform"].form.errors.as_data()["__all__"][0].code == "open_problems"

    data = edit_form(librarian_client, url(pk), {"problems-0-resolved": "on"}, FORM)
    assert librarian_client.post(url(pk), data).status_code == 302
    problem.refresh_from_db()
    assert (problem.resolved, problem.version, problem.changed_by) == (True, 2, "ann")
    published = edit_form(librarian_client, url(pk), {"status": "published"}, FORM)
    assert librarian_client.post(url(pk), published).status_code == 302
    page = librarian_client.get("/admin/catalog/document/?review=queue")
    assert list(page.context["cl"].result_list) == []


def test_field_sources_are_shown_in_words_and_escaped(
    make_document, librarian_client: Client
) -> None:
    """Where each field came from (document.provenance, revision 0014) reads as sentences."""
    pk = make_document()
    provenance = [
        {"field": "published", "source": "the HTML meta tag article:published_time",
         "value": "2021-03-04",
         "other": [{"source": "the dateline in the text", "value": "<b>4 March</b> 2021"}]},
    ]
    with acting_as("ingest:test"):
        Document.objects.filter(pk=pk).update(provenance=provenance)
    html = librarian_client.get(url(pk)).content.decode()
    assert "Date: from the HTML meta tag article:published_time (“2021-03-04”); " \
        "the dateline in the text said “&lt;b&gt;4 March&lt;/b&gt; 2021”." in html
    assert "<b>4 March" not in html


def test_field_sources_say_when_nothing_was_recorded(
    make_document, librarian_client: Client
) -> None:
    pk = make_document()
    page = librarian_client.get(url(pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Not recorded (entered by hand, or ingested before revision 0014)." in html


def test_the_container_title_is_edited_and_versioned(
    make_document, librarian_client: Client, edit_form
) -> None:
    """"Appears in" (the journal, book or site) is a field of the form; a save versions it."""
    pk = make_document()
    data = edit_form(librarian_client, url(pk), {"container_title": "Caucasus Survey"}, FORM)
    assert librarian_client.post(url(pk), data).status_code == 302
    document = Document.objects.get(pk=pk)
    assert (document.container_title, document.version) == ("Caucasus Survey", 2)
    (entry,) = History.objects.filter(table_name="document", row_id=pk)
    assert entry.snapshot["container_title"] is None
