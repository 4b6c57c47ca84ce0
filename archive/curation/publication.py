"""Publishing and withdrawing records through the core, one decision per record.

Rows are locked (``FOR UPDATE`` on PostgreSQL; SQLite's writer holds the whole
database) before the rule is applied, so two librarians acting at once cannot
both decide on a stale state.  Each record gets a :class:`Decision`: done, or
the reason it was left as it was.  Withdrawal keeps the row: its status says
``withdrawn``, ``withdrawn_reason`` says why, and the version's
``changed_by``/``changed_at`` say who and when.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from archive import schema
from archive.curation import rules
from archive.errors import ArchiveError
from archive.search import suggest as vocabulary

__all__ = [
    "WITHDRAWABLE",
    "Decision",
    "WithdrawError",
    "publish_documents",
    "withdraw",
    "withdraw_records",
]

WITHDRAWABLE: dict[str, type[schema.Base]] = {
    "document": schema.Document,
    "person": schema.Person,
    "organization": schema.Organization,
    "footnote": schema.Footnote,
}


class WithdrawError(ArchiveError):
    """The record cannot be withdrawn (unknown, already withdrawn, or no reason given)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """What happened to one record: ``refusal`` is None when the change was made."""

    id: int
    label: str
    refusal: str | None = None

    @property
    def done(self) -> bool:
        return self.refusal is None


def publish_documents(session: Session, ids: Sequence[int]) -> list[Decision]:
    """Publish each document of ``ids`` that the rule allows; a decision for every id."""
    documents = _locked(session, schema.Document, ids)
    open_counts = dict(
        session.execute(
            sa.select(schema.Problem.document_id, sa.func.count())
            .where(schema.Problem.document_id.in_(list(documents)), ~schema.Problem.resolved)
            .group_by(schema.Problem.document_id)
        ).all()
    )
    decisions = []
    for document_id in ids:
        document = documents.get(document_id)
        if document is None:
            decisions.append(Decision(document_id, f"#{document_id}", "no such document"))
            continue
        refusal = rules.publish_refusal(
            status=document.status, open_problems=open_counts.get(document_id, 0)
        )
        if refusal is None:
            document.status = schema.DocumentStatus.PUBLISHED
            document.withdrawn_reason = None
        decisions.append(Decision(document_id, document.title, refusal))
    session.flush()
    # "Did you mean": a newly published document's words join the vocabulary.
    connection = session.connection()
    for decision in decisions:
        if decision.done:
            words = vocabulary.published_words(connection, decision.id)
            vocabulary.count_change(connection, set(), words)
    return decisions


def withdraw_records(
    session: Session, table: str, ids: Sequence[int], reason: str
) -> list[Decision]:
    """Withdraw each record of ``table`` in ``ids`` with ``reason``; a decision for every id."""
    model = _withdrawable(table)
    rows = _locked(session, model, ids)
    # "Did you mean": the words a published document takes out of the vocabulary.
    leaving = {row_id: vocabulary.published_words(session.connection(), row_id)
               for row_id in rows if table == "document"}
    decisions = []
    for row_id in ids:
        row = rows.get(row_id)
        if row is None:
            decisions.append(Decision(row_id, f"#{row_id}", f"no {table} with id {row_id}"))
            continue
        refusal = rules.withdraw_refusal(status=row.status, reason=reason)
        if refusal is None:
            row.status = "withdrawn"
            row.withdrawn_reason = reason.strip()
            if row_id in leaving:
                vocabulary.count_change(session.connection(), leaving[row_id], set())
        decisions.append(Decision(row_id, _label(row), refusal))
    session.flush()
    return decisions


def withdraw(session: Session, table: str, row_id: int, reason: str) -> None:
    """Withdraw one record, or raise :class:`WithdrawError` with the rule's reason."""
    (decision,) = withdraw_records(session, table, [row_id], reason)
    if decision.refusal is not None:
        raise WithdrawError(f"{table} #{row_id}: {decision.refusal}")


def _withdrawable(table: str) -> type[schema.Base]:
    try:
        return WITHDRAWABLE[table]
    except KeyError:
        raise WithdrawError(f"{table} records are not withdrawn this way") from None


def _locked(session: Session, model: type[schema.Base], ids: Sequence[int]) -> dict[int, Any]:
    rows = session.scalars(
        sa.select(model).where(model.id.in_(list(ids))).with_for_update()  # type: ignore[attr-defined]
    ).all()
    return {row.id: row for row in rows}


def _label(row: Any) -> str:
    """How a librarian recognises the record in a message: its title, name or note number."""
    for attribute in ("title", "name"):
        if value := getattr(row, attribute, None):
            return str(value)
    return f"note {row.number}" if hasattr(row, "number") else f"#{row.id}"
