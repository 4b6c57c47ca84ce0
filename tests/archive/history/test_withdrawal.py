"""Withdrawal keeps the record with who, when and why; it never deletes."""

from __future__ import annotations

import pytest

from archive import schema
from archive.attribution import acting_as
from archive.curation import WithdrawError, withdraw
from archive.history import document_history


def test_withdrawn_document_keeps_its_row_and_tombstone(make_document, sessions) -> None:
    """The row stays, with status, reason and author; the history shows the change."""
    document_id = make_document(status="published")
    with acting_as("ann"), sessions.begin() as session:
        withdraw(session, "document", document_id, "  duplicate of another record ")
    with sessions() as session:
        document = session.get(schema.Document, document_id)
        assert document.status == "withdrawn"
        assert document.withdrawn_reason == "duplicate of another record"
        assert document.changed_by == "ann"
        last = document_history(session, document_id)[-1]
    assert last.actor == "ann"
    assert {(f.field, f.old, f.new) for f in last.fields} >= {("status", "published", "withdrawn")}


def test_withdraw_needs_a_reason_and_a_live_record(make_document, sessions) -> None:
    """No reason, an unwithdrawable table or a second withdrawal are clear errors."""
    document_id = make_document()
    with acting_as("ann"), sessions.begin() as session:
        with pytest.raises(WithdrawError, match="say why"):
            withdraw(session, "document", document_id, " ")
        with pytest.raises(WithdrawError, match="not withdrawn this way"):
            withdraw(session, "history", 1, "no")
        withdraw(session, "footnote", 1, "misnumbered")
        with pytest.raises(WithdrawError, match="already withdrawn"):
            withdraw(session, "footnote", 1, "again")
