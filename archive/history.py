"""The history of a document as data: changes, field-level diffs, as-of reads, revert.

The history triggers keep every earlier version of every row (``history``:
the old row as a JSON snapshot, who replaced it and when).  Here those rows are
read back per *document* — the document row and its children (authorships and
their affiliations, the disclaimer, footnotes, problems) — and grouped into
changes: all rows written under one ``acting_as(...)`` context carry the same
``changed_by`` and ``changed_at``, so a librarian's save of three footnotes is
one change, not three.

A row's versions form a timeline: each version is valid from its own
``changed_at`` until the ``changed_at`` of the change that replaced it.  The
state of the catalog at a moment is the version valid then; that gives as-of
reads and reverts (a revert writes the old values as a *new* version: nothing in
the history is deleted or rewritten).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from archive import records, schema
from archive.attribution import current_change
from archive.moments import as_utc
from archive.records import View
from archive.triggers import SAME_AS_NEXT

__all__ = [
    "BOOKKEEPING",
    "Change",
    "FieldChange",
    "RowKey",
    "TextOp",
    "document_history",
    "document_record_as_of",
    "document_state_at",
    "published_document_ids_as_of",
    "revert_change",
    "revert_document",
    "row_at",
    "row_history",
    "word_diff",
]

RowKey = tuple[str, int]
BOOKKEEPING = frozenset({"version", "changed_by", "changed_at"})
# Children of a document, found through their document_id column.
CHILD_TABLES = ("authorship", "disclaimer", "footnote", "problem", "citation")
MODELS: dict[str, type[Any]] = {
    mapper.class_.__tablename__: mapper.class_ for mapper in schema.Base.registry.mappers
}


@dataclass(frozen=True, slots=True)
class FieldChange:
    table: str
    row_id: int
    label: str
    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class Change:
    """One logical change to a document: who, when, through what, and what."""

    at: dt.datetime
    actor: str
    fields: list[FieldChange] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    @property
    def via(self) -> str:
        """``ingest``, ``restore``, ``sql``, ``revert``… from the actor's prefix; else ``admin``."""
        prefix, sep, _rest = self.actor.partition(":")
        return prefix if sep else "admin"

    @property
    def key(self) -> str:
        """A stable identifier of the change (its moment), for URLs."""
        return self.at.isoformat()


@dataclass(frozen=True, slots=True)
class _Version:
    key: RowKey
    version: int
    values: dict[str, Any]
    valid_from: dt.datetime
    made_by: str  # who made this version
    valid_until: dt.datetime | None  # None: still current, or deleted (see ended_by)
    ended_by: tuple[str, dt.datetime] | None = None  # (actor, at) of a DELETE


# -- reading values back with their Python types ------------------------------


def _as_datetime(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        moment = value
    else:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return None if moment is None else as_utc(moment)


def _normalise(table: str, values: dict[str, Any]) -> dict[str, Any]:
    """Snapshot JSON (SQLite or PostgreSQL flavour) → the Python values of the columns."""
    columns = schema.metadata.tables[table].columns
    result: dict[str, Any] = {}
    for name, value in values.items():
        if name not in columns:
            continue
        kind = columns[name].type
        if value is None:
            result[name] = None
        elif isinstance(kind, sa.DateTime):
            result[name] = _as_datetime(value)
        elif isinstance(kind, sa.Date):
            result[name] = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
        elif isinstance(kind, sa.Boolean):
            result[name] = bool(value)
        else:
            result[name] = value
    return result


# -- gathering a document's rows and versions ---------------------------------


def _current_rows(session: Session, document_id: int) -> dict[RowKey, dict[str, Any]]:
    rows: dict[RowKey, dict[str, Any]] = {}
    tables = schema.metadata.tables

    def add(table: str, where: sa.ColumnElement[bool]) -> None:
        for row in session.execute(sa.select(tables[table]).where(where)).mappings():
            rows[(table, row["id"])] = _normalise(table, dict(row))

    add("document", tables["document"].c.id == document_id)
    for table in CHILD_TABLES:
        add(table, tables[table].c.document_id == document_id)
    authorships = [row_id for (table, row_id) in rows if table == "authorship"]
    if authorships:
        add("affiliation", tables["affiliation"].c.authorship_id.in_(authorships))
    return rows


def _history_rows(session: Session, document_id: int) -> list[schema.History]:
    """Every history row of the document and of its children, deleted ones included."""
    query = sa.select(schema.History).where(schema.History.document_id == document_id)
    return list(session.scalars(query.order_by(schema.History.id)))


def _timelines(
    current: dict[RowKey, dict[str, Any]], history: list[schema.History]
) -> dict[RowKey, list[_Version]]:
    """Every version of every row, oldest first, with the interval it was valid.

    A version is valid from the moment the change that produced it was recorded
    (the ``changed_at`` of the history row of the version before it; for a first
    version, its own ``changed_at``) until the next one replaced it.  Going by
    the history rows, not by each row's own ``changed_at``, keeps the timeline
    right even for a raw UPDATE that did not set ``changed_at``.
    """
    by_row: dict[RowKey, list[schema.History]] = defaultdict(list)
    for row in sorted(history, key=lambda r: r.version):
        by_row[(row.table_name, row.row_id)].append(row)
    timelines: dict[RowKey, list[_Version]] = {}
    for key in by_row.keys() | current.keys():
        versions: list[_Version] = []
        valid_from: dt.datetime | None = None
        author: str | None = None
        left_out: list[tuple[dict[str, Any], Any]] = []
        for row in by_row.get(key, []):
            values = _normalise(key[0], row.snapshot)
            left_out.append((values, row.snapshot.get(SAME_AS_NEXT)))
            until = _as_datetime(row.changed_at)
            versions.append(
                _Version(
                    key,
                    row.version,
                    values,
                    valid_from or values["changed_at"],
                    author or values["changed_by"],
                    None if row.operation == "D" else until,
                    (row.changed_by, until) if row.operation == "D" else None,
                )
            )
            valid_from, author = until, row.changed_by
        if key in current:
            values = current[key]
            versions.append(
                _Version(
                    key,
                    values["version"],
                    values,
                    valid_from or values["changed_at"],
                    author or values["changed_by"],
                    None,
                )
            )
        _fill_same_as_next(left_out, versions)
        timelines[key] = versions
    return timelines


def _fill_same_as_next(
    snapshots: list[tuple[dict[str, Any], Any]], versions: list[_Version]
) -> None:
    """Give back the columns an UPDATE snapshot left out because the update kept them.

    Such a column's value is the next version's (``archive.triggers.SAME_AS_NEXT``):
    filled from the newest version back, so a run of updates that all kept the
    text reaches the version that has it (a later snapshot, or the current row).
    """
    for index in range(len(snapshots) - 1, -1, -1):
        values, left_out = snapshots[index]
        if left_out and index + 1 < len(versions):
            later = versions[index + 1].values
            for column in left_out:
                values[column] = later.get(column)


def _label(key: RowKey, values: dict[str, Any]) -> str:
    table, row_id = key
    if table == "footnote":
        return f"footnote {values.get('number')}"
    if table == "authorship":
        return f"author {values.get('position')}"
    if table == "affiliation":
        return f"affiliation {values.get('position')} of authorship {values.get('authorship_id')}"
    if table == "problem":
        return f"problem #{row_id}"
    if table == "citation":
        return f"citation {values.get('position')} of note #{values.get('footnote_id')}"
    return table


def _field_changes(key: RowKey, old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    label = _label(key, new or old)
    names = [name for name in (new or old) if name not in BOOKKEEPING]
    return [
        FieldChange(key[0], key[1], label, name, old.get(name), new.get(name))
        for name in names
        if old.get(name) != new.get(name)
    ]


def document_history(session: Session, document_id: int) -> list[Change]:
    """The changes of a document and its children, oldest first."""
    current = _current_rows(session, document_id)
    if ("document", document_id) not in current:
        raise LookupError(f"no document with id {document_id}")
    timelines = _timelines(current, _history_rows(session, document_id))
    changes: dict[tuple[dt.datetime, str], Change] = {}

    def change_at(at: dt.datetime, actor: str) -> Change:
        return changes.setdefault((at, actor), Change(at, actor))

    for key, versions in timelines.items():
        first = versions[0]
        change_at(first.valid_from, first.made_by).created.append(_label(key, first.values))
        for before, after in zip(versions, versions[1:], strict=False):
            change = change_at(after.valid_from, after.made_by)
            change.fields.extend(_field_changes(key, before.values, after.values))
        last = versions[-1]
        if last.ended_by is not None:
            actor, at = last.ended_by
            change_at(at, actor).deleted.append(_label(key, last.values))
    return sorted(changes.values(), key=lambda change: change.at)


def row_history(session: Session, table: str, row_id: int) -> list[Change]:
    """The changes of one row (a person, an organisation…), oldest first."""
    rows = schema.metadata.tables[table]
    current = session.execute(sa.select(rows).where(rows.c.id == row_id)).mappings().first()
    history = session.scalars(
        sa.select(schema.History).where(
            schema.History.table_name == table, schema.History.row_id == row_id
        )
    ).all()
    if current is None and not history:
        raise LookupError(f"no {table} with id {row_id}")
    cur = {(table, row_id): _normalise(table, dict(current))} if current else {}
    versions = _timelines(cur, list(history))[(table, row_id)]
    changes = [Change(versions[0].valid_from, versions[0].made_by, created=[table])]
    for before, after in zip(versions, versions[1:], strict=False):
        fields = _field_changes((table, row_id), before.values, after.values)
        changes.append(Change(after.valid_from, after.made_by, fields))
    if versions[-1].ended_by is not None:
        actor, at = versions[-1].ended_by
        changes.append(Change(at, actor, deleted=[table]))
    if "merged_into_id" in rows.c:
        changes = sorted([*changes, *_merges_into(session, table, row_id)], key=lambda c: c.at)
    return changes


def _merges_into(session: Session, table: str, row_id: int) -> list[Change]:
    """The merges that made other records one with this one: a change of the survivor too.

    The merge writes the records merged away (and their children), not the one
    kept, so its own versions would not show it.
    """
    rows = schema.metadata.tables[table]
    # People have a name, works a title: what the merged record was called.
    called = rows.c.name if "name" in rows.c else rows.c.title
    merged = session.execute(
        sa.select(rows.c.id, called).where(rows.c.merged_into_id == row_id).order_by(rows.c.id)
    ).all()
    changes = []
    for other_id, name in merged:
        change = next(
            (
                c
                for c in row_history(session, table, other_id)
                if any(f.field == "merged_into_id" and f.new == row_id for f in c.fields)
            ),
            None,
        )
        if change is not None:
            merged_in = FieldChange(
                table, row_id, f"{table} #{row_id}", "merged in", None, f"#{other_id} {name}"
            )
            changes.append(Change(change.at, change.actor, [merged_in]))
    return changes


# -- as-of reads -----------------------------------------------------------------


def _valid_at(versions: list[_Version], at: dt.datetime) -> _Version | None:
    for version in versions:
        # A deleted row's last version ends at its deletion (ended_by), not never.
        until = version.valid_until or (version.ended_by[1] if version.ended_by else None)
        if version.valid_from <= at and (until is None or at < until):
            return version
    return None


def document_state_at(
    session: Session, document_id: int, at: dt.datetime
) -> dict[RowKey, dict[str, Any]]:
    """The rows of a document (and its children) as they were at ``at``."""
    at = _as_datetime(at)
    current = _current_rows(session, document_id)
    timelines = _timelines(current, _history_rows(session, document_id))
    state = {}
    for key, versions in timelines.items():
        version = _valid_at(versions, at)
        if version is not None:
            state[key] = version.values
    return state


def _row_at(session: Session, table: str, row_id: int, at: dt.datetime) -> dict[str, Any] | None:
    """One row (person, organisation, source file…) as it was at ``at``."""
    current = (
        session.execute(
            sa.select(schema.metadata.tables[table]).where(
                schema.metadata.tables[table].c.id == row_id
            )
        )
        .mappings()
        .first()
    )
    history = session.scalars(
        sa.select(schema.History)
        .where(schema.History.table_name == table, schema.History.row_id == row_id)
        .order_by(schema.History.version)
    ).all()
    cur = {(table, row_id): _normalise(table, dict(current))} if current else {}
    versions = _timelines(cur, list(history)).get((table, row_id), [])
    version = _valid_at(versions, at)
    return version.values if version else None


def row_at(session: Session, table: str, row_id: int, at: dt.datetime) -> dict[str, Any] | None:
    """Any versioned row (a work, a person…) as it was at ``at``; None if it did not exist."""
    return _row_at(session, table, row_id, _as_datetime(at))


def document_record_as_of(
    session: Session, document_id: int, at: dt.datetime, view: View = "public"
) -> dict[str, Any] | None:
    """The canonical record of a document as it was at ``at`` (None if it did not exist).

    The versions valid at ``at`` are laid out as the rows :mod:`archive.records`
    assembles, so an as-of record and a current one come from the same code.
    """
    at = _as_datetime(at)
    state = document_state_at(session, document_id, at)
    if ("document", document_id) not in state:
        return None
    related = _RelatedAt(session, at)
    children: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (table, _row_id), values in sorted(state.items()):
        children[table].append(values)
    (document,) = children.pop("document")
    publisher = related.get("organization", document["publisher_id"]) or {}
    source = related.get("source_file", document["source_id"]) or {}
    document_row = _row(
        records.DOCUMENT_COLUMNS, document, {"publisher": publisher, "source": source}
    )
    authorships = [
        _row(records.AUTHORSHIP_COLUMNS, a, {"person": related.get("person", a["person_id"]) or {}})
        for a in children["authorship"]
    ]
    affiliations = [
        _row(records.AFFILIATION_COLUMNS, a, _organization(related, a))
        for a in children["affiliation"]
    ]
    disclaimers = [
        _row(records.DISCLAIMER_COLUMNS, d, _organization(related, d))
        for d in children["disclaimer"]
    ]
    return records.record_from_rows(
        document_row,
        affiliations,
        authorships,
        disclaimers[0] if disclaimers else None,
        [_row(records.FOOTNOTE_COLUMNS, n, {}) for n in children["footnote"]],
        [_row(records.PROBLEM_COLUMNS, p, {}) for p in children["problem"]],
        view,
    )


def _organization(related: _RelatedAt, values: dict[str, Any]) -> dict[str, Any]:
    return {"organization": related.get("organization", values["organization_id"]) or {}}


def _row(
    columns: tuple[str, ...], values: dict[str, Any], joined: dict[str, dict[str, Any]]
) -> tuple[Any, ...]:
    """``values`` (and the rows joined to it, by prefix) in the order of ``columns``."""

    def value(column: str) -> Any:
        table, dot, name = column.partition(".")
        return joined[table].get(name) if dot else values.get(column)

    return tuple(value(column) for column in columns)


class _RelatedAt:
    """People, organisations and source files as of one moment, each read once."""

    def __init__(self, session: Session, at: dt.datetime) -> None:
        self.session, self.at = session, at
        self.cache: dict[RowKey, dict[str, Any] | None] = {}

    def get(self, table: str, row_id: int | None) -> dict[str, Any] | None:
        if row_id is None:
            return None
        key = (table, row_id)
        if key not in self.cache:
            self.cache[key] = _row_at(self.session, table, row_id, self.at)
        return self.cache[key]


def published_document_ids_as_of(session: Session, at: dt.datetime) -> list[int]:
    """Ids of the documents the public catalog showed at ``at`` (published then)."""
    at = _as_datetime(at)
    history = schema.History
    replaced_later = session.scalars(
        sa.select(history)
        .where(history.table_name == "document", history.changed_at > at)
        .order_by(history.row_id, history.version)
    )
    state_then: dict[int, dict[str, Any] | None] = {}
    for row in replaced_later:
        if row.row_id in state_then:
            continue  # the earliest version replaced after `at` is the one valid at `at`
        values = _normalise("document", row.snapshot)
        state_then[row.row_id] = values if values["changed_at"] <= at else None
    published = {
        row_id
        for row_id, values in state_then.items()
        if values and values["status"] == schema.DocumentStatus.PUBLISHED
    }
    unchanged_since = session.scalars(
        sa.select(schema.Document.id).where(
            schema.Document.changed_at <= at,
            schema.Document.status == schema.DocumentStatus.PUBLISHED,
        )
    )
    published.update(i for i in unchanged_since if i not in state_then)
    return sorted(published)


# -- revert ----------------------------------------------------------------------

# Publication is a decision of its own: reverting the content keeps the status.
NOT_REVERTED = {"document": {"status", "withdrawn_reason"}}


def revert_document(session: Session, document_id: int, to: dt.datetime) -> int:
    """Make the document (children included) read as it did at ``to``, as a new change.

    Rows changed since are set back (a new version each); footnotes added since
    are withdrawn; other children added since are removed (their rows stay in
    history); children removed since are restored.  Returns the number of rows
    written.  The caller owns the transaction and the attribution.
    """
    target = document_state_at(session, document_id, to)
    if ("document", document_id) not in target:
        raise LookupError(f"document {document_id} did not exist at {to.isoformat()}")
    current = _current_rows(session, document_id)
    written = 0
    for key, values in target.items():
        written += _restore_row(session, key, values, current.get(key))
    for key in current.keys() - target.keys():
        written += _retire_row(session, key)
    session.flush()
    return written


def revert_change(session: Session, actor: str, at: dt.datetime, tables: tuple[str, ...]) -> int:
    """Undo one change (every row of ``tables`` written by ``actor`` at ``at``), as a new change.

    Rows the change updated are set back to their version before it, unless a
    later change wrote them since (that one is never overwritten); rows it
    created are withdrawn (status ``withdrawn``).  For changes that cross
    documents, such as a merge of cited works; a document's own history is
    reverted with :func:`revert_document`.  Returns the number of rows written.
    """
    at = _as_datetime(at)
    before = [
        row
        for row in session.scalars(
            sa.select(schema.History)
            .where(
                schema.History.table_name.in_(tables),
                schema.History.changed_by == actor,
                schema.History.operation == "U",
            )
            .order_by(schema.History.id)
        )
        if _as_datetime(row.changed_at) == at
    ]
    written = 0
    for row in before:
        key = (row.table_name, row.row_id)
        current = _row_now(session, key)
        if current is None or current["version"] != row.version + 1:
            continue  # changed again since: a later change is not undone silently
        values = _normalise(row.table_name, row.snapshot)
        # Left out of the snapshot because the change kept it: the current row is the next.
        values.update({column: current[column] for column in row.snapshot.get(SAME_AS_NEXT, ())})
        written += _restore_row(session, key, values, current)
    for table in tables:
        model = MODELS[table]
        created = session.scalars(
            sa.select(model).where(
                model.version == 1,
                model.changed_by == actor,
                model.status == schema.RecordStatus.ACTIVE,
            )
        )
        for row in created:
            if _as_datetime(row.changed_at) == at:
                row.status = schema.RecordStatus.WITHDRAWN
                row.withdrawn_reason = "withdrawn by a revert of the change that created it"
                written += 1
    session.flush()
    return written


def _row_now(session: Session, key: RowKey) -> dict[str, Any] | None:
    table = schema.metadata.tables[key[0]]
    row = session.execute(sa.select(table).where(table.c.id == key[1])).mappings().first()
    return _normalise(key[0], dict(row)) if row else None


def _restore_row(
    session: Session, key: RowKey, values: dict[str, Any], current: dict[str, Any] | None
) -> int:
    table, row_id = key
    keep = NOT_REVERTED.get(table, set()) | BOOKKEEPING
    wanted = {name: value for name, value in values.items() if name not in keep}
    if current is None:  # removed since: insert it again, numbered after its last version
        last = session.scalar(
            sa.select(sa.func.max(schema.History.version)).where(
                schema.History.table_name == table, schema.History.row_id == row_id
            )
        )
        change = current_change()
        # A Core INSERT: the ORM would number the row's version 1 again.
        session.execute(
            schema.metadata.tables[table]
            .insert()
            .values(
                **wanted, version=(last or 0) + 1, changed_by=change.actor, changed_at=change.at
            )
        )
        return 1
    if all(current.get(name) == value for name, value in wanted.items()):
        return 0
    row = session.get(MODELS[table], row_id)
    for name, value in wanted.items():
        setattr(row, name, value)
    return 1


def _retire_row(session: Session, key: RowKey) -> int:
    table, row_id = key
    row = session.get(MODELS[table], row_id)
    if table in ("footnote", "citation"):
        if row.status == schema.RecordStatus.WITHDRAWN:
            return 0
        row.status = schema.RecordStatus.WITHDRAWN
        row.withdrawn_reason = "withdrawn by a revert to an earlier version"
    elif table == "problem":
        if row.resolved:
            return 0
        row.resolved = True
    else:
        session.delete(row)
    return 1


# -- text diffs --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextOp:
    """One run of a word-level diff: ``equal``, ``delete`` or ``insert``."""

    op: str
    text: str


_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def word_diff(old: str | None, new: str | None) -> list[TextOp]:
    """A word-level diff of two texts, for showing long fields side by side."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    ops: list[TextOp] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(TextOp("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(TextOp("delete", "".join(a[i1:i2])))
        if j2 > j1:
            ops.append(TextOp("insert", "".join(b[j1:j2])))
    return ops
