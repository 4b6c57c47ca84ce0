"""The canonical JSON record of a document.

One shape, described by ``archive/schemas/document.schema.json``, serves the
public API, the JSON dump, ``manage.py show-record`` and the tests.  Two views:

* ``"public"`` — what a researcher may see: no parsing problems, no withdrawn
  footnotes, no per-row bookkeeping.  Only published documents are ever given
  this view by the public catalog (``catalog.public.visibility``).
* ``"full"`` — everything, including each child row's ``id``, ``version``,
  ``changed_by`` and ``changed_at``, so a backup can restore every row exactly.

Records are built in batches (a handful of queries per batch, whatever its
size) so that listing or dumping 100,000 documents stays linear.  The backup
builds the very same records from Core rows, without ORM objects
(:mod:`archive.records_core`): a field added here must be added there too
(``tests/archive/backup/test_records_core.py`` compares the two).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from archive import schema
from archive.moments import to_iso

__all__ = [
    "RECORD_SCHEMA_PATH",
    "View",
    "document_record",
    "document_records",
    "record_schema",
    "validate_record",
]

View = Literal["public", "full"]
RECORD_SCHEMA_PATH = Path(__file__).with_name("schemas") / "document.schema.json"


def _row_meta(row: schema.Versioned, view: View) -> dict[str, Any]:
    if view != "full":
        return {}
    return {
        "id": row.id,  # type: ignore[attr-defined]
        "version": row.version,
        "changed_by": row.changed_by,
        "changed_at": to_iso(row.changed_at),
    }


def _organization(org: schema.Organization | None) -> dict[str, Any] | None:
    if org is None:
        return None
    return {"id": org.id, "name": org.name}


def _author(authorship: schema.Authorship, view: View) -> dict[str, Any]:
    return {
        "person_id": authorship.person_id,
        # As printed on this document, linked to the one person by person_id.
        "name": authorship.printed_name or authorship.person.name,
        "honorific": authorship.honorific,
        "role": authorship.role,
        "position": authorship.position,
        "affiliations": [
            {
                "organization": _organization(aff.organization),
                "title": aff.title,
                "place": aff.place,
                "position": aff.position,
                **_row_meta(aff, view),
            }
            for aff in authorship.affiliations
        ],
        **_row_meta(authorship, view),
        **({"printed_name": authorship.printed_name} if view == "full" else {}),
    }


def _footnote(note: schema.Footnote, view: View) -> dict[str, Any]:
    anchor = None
    if note.anchor_paragraph is not None:
        anchor = {"paragraph": note.anchor_paragraph, "offset": note.anchor_offset}
    record = {
        "number": note.number,
        "text": note.text,
        "anchor": anchor,
        "urls": list(note.urls),
        "url_fragments": list(note.url_fragments),
    }
    if view == "full":
        record |= {"status": note.status, "withdrawn_reason": note.withdrawn_reason}
    return record | _row_meta(note, view)


def _disclaimer(disclaimer: schema.Disclaimer | None, view: View) -> dict[str, Any] | None:
    if disclaimer is None:
        return None
    org = disclaimer.organization
    return {
        "text": disclaimer.text,
        "disclaims": org.name if org else None,
        "organization": _organization(org),
        **_row_meta(disclaimer, view),
    }


def _source(source: schema.SourceFile | None) -> dict[str, Any] | None:
    if source is None:
        return None
    return {
        "filename": source.filename,
        "format": source.format,
        "media_type": source.media_type,
        "sha256": source.sha256,
        "size": source.size,
        "ingested_at": to_iso(source.ingested_at),
    }


def _problem(problem: schema.Problem) -> dict[str, Any]:
    return {
        "stage": problem.stage,
        "field": problem.field,
        "line": problem.line,
        "raw": problem.raw,
        "reason": problem.reason,
        "resolved": problem.resolved,
        **_row_meta(problem, "full"),
    }


def build_record(document: schema.Document, view: View = "public") -> dict[str, Any]:
    """The record of a loaded document (children loaded, see :func:`document_records`)."""
    footnotes = [
        note
        for note in document.footnotes
        if view == "full" or note.status == schema.RecordStatus.ACTIVE
    ]
    record: dict[str, Any] = {
        "id": document.id,
        "status": document.status,
        "version": document.version,
        "title": document.title,
        "subtitle": document.subtitle,
        "kind": document.kind,
        "language": document.language,
        "published": to_iso(document.published),
        "published_raw": document.published_raw,
        "publisher": _organization(document.publisher),
        "doi": document.doi,
        "url": document.url,
        "container_title": document.container_title,
        "authors": [_author(a, view) for a in document.authorships],
        "disclaimer": _disclaimer(document.disclaimer, view),
        "footnotes": [_footnote(note, view) for note in footnotes],
        "text": document.text,
        "section_starts": list(document.section_starts),
        "repairs": list(document.repairs),
        "provenance": list(document.provenance or []),
        "source": _source(document.source),
        "changed_by": document.changed_by,
        "changed_at": to_iso(document.changed_at),
        "created_at": to_iso(document.created_at),
    }
    if view == "full":
        record["withdrawn_reason"] = document.withdrawn_reason
        record["problems"] = [_problem(p) for p in sorted(document.problems, key=lambda p: p.id)]
    return record


def _loader_options() -> list[Any]:
    authorships = selectinload(schema.Document.authorships)
    affiliations = authorships.selectinload(schema.Authorship.affiliations)
    return [
        selectinload(schema.Document.publisher),
        selectinload(schema.Document.source).defer(schema.SourceFile.content),
        authorships.selectinload(schema.Authorship.person),
        affiliations.selectinload(schema.Affiliation.organization),
        selectinload(schema.Document.disclaimer).selectinload(schema.Disclaimer.organization),
        selectinload(schema.Document.footnotes),
        selectinload(schema.Document.problems),
    ]


def document_records(
    session: Session, ids: Sequence[int], view: View = "public"
) -> list[dict[str, Any]]:
    """Records of the documents ``ids``, in that order (missing ids are skipped)."""
    if not ids:
        return []
    query = (
        sa.select(schema.Document)
        .where(schema.Document.id.in_(ids))
        .options(*_loader_options())
    )
    by_id = {doc.id: doc for doc in session.scalars(query)}
    return [build_record(by_id[i], view) for i in ids if i in by_id]


def document_record(session: Session, document_id: int, view: View = "public") -> dict[str, Any]:
    """The record of one document; ``LookupError`` if there is none."""
    records = document_records(session, [document_id], view)
    if not records:
        raise LookupError(f"no document with id {document_id}")
    return records[0]


@cache
def record_schema() -> dict[str, Any]:
    return json.loads(RECORD_SCHEMA_PATH.read_text(encoding="utf-8"))


def validate_record(record: dict[str, Any]) -> list[str]:
    """Every way ``record`` breaks the JSON Schema, as readable messages (empty if valid)."""
    from jsonschema import Draft202012Validator

    validator = _validator(Draft202012Validator)
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(record)'}: {error.message}"
        for error in validator.iter_errors(record)
    ]


@cache
def _validator(cls: type) -> Any:
    return cls(record_schema())

