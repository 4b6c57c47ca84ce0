"""The public versions of a document: when its published record changed, and what.

Built from ``archive.history.document_history`` (every change of the document and
its children), keeping only what the public may know: changes made while the
document was published (its drafting is nobody's business), the *names* of the
fields that changed in public words ("title", "notes"), never their old values'
author or a librarian's name, and nothing of internal tables (problems, the
derived citation graph) or bookkeeping (repairs, source file).  Each version
opens as the record as of its moment (``?as_of=``, ``catalog.public.as_of``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from archive.history import Change, document_history, document_state_at
from archive.schema import DocumentStatus
from catalog.sa import read_session_for

__all__ = ["MAX_VERSIONS", "Version", "public_versions"]

MAX_VERSIONS = 50  # the newest shown; a record rarely has more

# Public names of what changed, by (table, field); a table's "*" covers all its fields.
_DOCUMENT_FIELDS = {
    "title": "title", "subtitle": "subtitle", "kind": "kind", "language": "language",
    "published": "date", "published_raw": "date", "publisher_id": "publisher",
    "text": "text", "section_starts": "text", "doi": "DOI", "url": "URL",
    "container_title": "appears in",
}
_CHILD_NAMES = {
    "authorship": "authors", "affiliation": "affiliations", "disclaimer": "disclaimer",
    "footnote": "notes",
}
_LABEL_PREFIXES = {"author": "authors", "affiliation": "affiliations",
                   "disclaimer": "disclaimer", "footnote": "notes"}


@dataclass(frozen=True, slots=True)
class Version:
    at: dt.datetime
    changed: list[str]  # public field names
    published: bool  # the document became public with this version (first or again)

    @property
    def as_of(self) -> str:
        """The ``as_of`` value that opens this version (UTC, to the microsecond)."""
        at = self.at if self.at.tzinfo else self.at.replace(tzinfo=dt.UTC)
        return at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")

    @property
    def utc(self) -> dt.datetime:
        return self.at if self.at.tzinfo else self.at.replace(tzinfo=dt.UTC)


def _changed(change: Change) -> list[str]:
    names: set[str] = set()
    for field in change.fields:
        if field.table == "document":
            if field.field in _DOCUMENT_FIELDS:
                names.add(_DOCUMENT_FIELDS[field.field])
        elif field.table in _CHILD_NAMES:
            names.add(_CHILD_NAMES[field.table])
    for label in (*change.created, *change.deleted):
        prefix = label.split(" ", 1)[0]
        if prefix in _LABEL_PREFIXES:
            names.add(_LABEL_PREFIXES[prefix])
    return sorted(names)


def _status_change(change: Change, document_id: int) -> str | None:
    for field in change.fields:
        if (field.table, field.row_id, field.field) == ("document", document_id, "status"):
            return str(field.new)
    return None


def public_versions(document_id: int) -> list[Version]:
    """The versions of a published document, newest first (at most :data:`MAX_VERSIONS`)."""
    with read_session_for()() as session:
        changes = document_history(session, document_id)
        if not changes:
            return []
        first_state = document_state_at(session, document_id, changes[0].at)
    status = first_state.get(("document", document_id), {}).get("status")
    versions: list[Version] = []
    was_published = False
    for change in changes:
        status = _status_change(change, document_id) or status
        published = status == DocumentStatus.PUBLISHED
        if published:
            changed = _changed(change)
            if not was_published:
                versions.append(Version(change.at, changed, published=True))
            elif changed:  # a change the public record does not show is no version
                versions.append(Version(change.at, changed, published=False))
        was_published = published
    return list(reversed(versions))[:MAX_VERSIONS]
