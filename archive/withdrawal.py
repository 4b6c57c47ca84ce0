"""Withdrawing records: the archive's delete, which keeps who, when and why.

Documents, people, organisations and footnotes are never deleted by the
catalog: they are withdrawn.  The row stays (so links and citations resolve to a
tombstone), its status says ``withdrawn``, ``withdrawn_reason`` says why, and
``changed_by``/``changed_at`` of that version say who and when.  The public
catalog shows a withdrawn document as 410 Gone with the reason.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from archive import schema
from archive.errors import ArchiveError

__all__ = ["WITHDRAWABLE", "WithdrawError", "withdraw"]

WITHDRAWABLE: dict[str, type[schema.Base]] = {
    "document": schema.Document,
    "person": schema.Person,
    "organization": schema.Organization,
    "footnote": schema.Footnote,
}


class WithdrawError(ArchiveError):
    """The record cannot be withdrawn (unknown, already withdrawn, or no reason given)."""


def withdraw(session: Session, table: str, row_id: int, reason: str) -> None:
    """Withdraw one record with a reason; the caller owns transaction and attribution."""
    if not reason or not reason.strip():
        raise WithdrawError("say why the record is withdrawn: the reason is kept with it")
    try:
        model = WITHDRAWABLE[table]
    except KeyError:
        raise WithdrawError(f"{table} records are not withdrawn this way") from None
    row = session.get(model, row_id)
    if row is None:
        raise WithdrawError(f"no {table} with id {row_id}")
    if row.status == "withdrawn":
        raise WithdrawError(f"{table} #{row_id} is already withdrawn")
    row.status = "withdrawn"
    row.withdrawn_reason = reason.strip()
    session.flush()
