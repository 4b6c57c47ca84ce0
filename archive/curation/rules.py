"""The publishing and withdrawal rules, as functions of a record's state.

Each returns ``None`` when the change may be made, or the reason it may not,
in words a librarian reads ("2 open parsing problems: resolve them first").
No database here: callers give the state they hold (the admin's form, an
ingest's parse result, rows locked by :mod:`archive.curation.publication`).
"""

from __future__ import annotations

from archive.schema import DocumentStatus

__all__ = ["missing_reason", "publish_refusal", "withdraw_refusal"]


def publish_refusal(*, status: str, open_problems: int) -> str | None:
    """Why a document in ``status`` with ``open_problems`` cannot be published now."""
    if status == DocumentStatus.PUBLISHED:
        return "already published"
    if open_problems:
        noun = "problem" if open_problems == 1 else "problems"
        return f"{open_problems} open parsing {noun}: resolve them first"
    return None


def withdraw_refusal(*, status: str, reason: str | None) -> str | None:
    """Why a record in ``status`` cannot be withdrawn with ``reason``."""
    if status == "withdrawn":
        return "already withdrawn"
    return missing_reason(reason)


def missing_reason(reason: str | None) -> str | None:
    """A withdrawn record always says why (also when its reason is edited later)."""
    if not (reason or "").strip():
        return "say why it is withdrawn: the reason is shown on its tombstone"
    return None
