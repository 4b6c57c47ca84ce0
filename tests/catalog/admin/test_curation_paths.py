"""Every path that publishes or withdraws asks the one rule in ``archive.curation.rules``.

Each test replaces the rule with one that refuses everything in its own words,
then drives a path: ingest, the admin's bulk action, the change form.  A path
that carried a copy of the rule would publish or withdraw anyway.
"""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command

from archive.curation import rules
from catalog.models import Document, Footnote, Problem
from tests.catalog.admin.test_actions import DOCUMENTS, run_action

FORM = "document_form"
REFUSAL = "refused by the rule under test"


@pytest.fixture
def refusing_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "publish_refusal", lambda **_state: REFUSAL)
    monkeypatch.setattr(rules, "withdraw_refusal", lambda **_state: REFUSAL)


def test_ingest_publishes_only_what_the_rule_allows(archive_db, tmp_path, refusing_rules) -> None:
    """``ingest --publish`` of a clean file leaves it a draft when the rule refuses."""
    path = tmp_path / "clean.md"
    path.write_text(
        "---\ntitle: A clean note\ndate: 2021-03-22\nauthor: Ada Example\n---\n\n"
        "A paragraph of text that is long enough to be a body.\n"
    )
    call_command("ingest", "--publish", str(path))
    assert list(Document.objects.values_list("status", flat=True)) == ["draft"]
    assert not Problem.objects.exists()  # clean: only the rule kept it a draft


def test_bulk_publish_and_withdraw_ask_the_rule(
    make_document, librarian_client, refusing_rules
) -> None:
    """The admin actions change nothing the rule refuses, and say the rule's words."""
    draft, published = make_document(title="Draft"), make_document(status="published")
    done = run_action(librarian_client, DOCUMENTS, "publish", [draft], post="yes")
    assert REFUSAL in " ".join(str(m) for m in get_messages(done.wsgi_request))
    done = run_action(
        librarian_client, DOCUMENTS, "withdraw", [published], post="yes", reason="Duplicate"
    )
    assert REFUSAL in " ".join(str(m) for m in get_messages(done.wsgi_request))
    assert dict(Document.objects.values_list("pk", "status")) == {
        draft: "draft", published: "published"
    }


def test_change_forms_ask_the_rule(make_document, librarian_client, edit_form, refusing_rules):
    """Publishing a document or withdrawing a footnote in a form: refused in the rule's words."""
    pk = make_document()
    url = f"/admin/catalog/document/{pk}/change/"
    data = edit_form(librarian_client, url, {"status": "published"}, FORM)
    response = librarian_client.post(url, data)
    assert REFUSAL in str(response.context["adminform"].form.errors)
    note = Footnote.objects.filter(document_id=pk).first()
    url = f"/admin/catalog/footnote/{note.pk}/change/"
    changes = {"status": "withdrawn", "withdrawn_reason": "misnumbered"}
    data = edit_form(librarian_client, url, changes, "footnote_form")
    response = librarian_client.post(url, data)
    assert REFUSAL.capitalize() in str(response.context["adminform"].form.errors)
    assert Document.objects.get(pk=pk).status == "draft"
    assert Footnote.objects.get(pk=note.pk).status == "active"
