"""The archive's tables: the single source of truth of the catalog schema.

Alembic (``migrations/``) owns the DDL generated from these models, plus the
history and version-check triggers that no ORM can express.  The Django app
``catalog`` mirrors these tables as unmanaged models; a parity test keeps the
two in step.

Every curated row is *versioned*: it carries ``version`` (1 on insert, raised by
exactly one on every update, enforced by a trigger) and ``changed_by`` /
``changed_at`` (who made the current version, and when).  The triggers copy the
previous row into ``history`` on every UPDATE and DELETE, so every write path,
ORM or raw SQL, leaves a trace.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from archive.kinds import KINDS
from archive.name_keys import name_key

__all__ = [
    "Affiliation",
    "Authorship",
    "Base",
    "Citation",
    "Disclaimer",
    "Document",
    "DocumentStatus",
    "Footnote",
    "History",
    "IngestJob",
    "IngestJobStatus",
    "Organization",
    "Person",
    "Problem",
    "QuarantinedFile",
    "RecordStatus",
    "SourceFile",
    "VERSIONED_TABLES",
    "Work",
    "metadata",
]

# A naming convention makes constraint names deterministic, so Alembic can
# drop or alter them by name on both SQLite (batch mode) and PostgreSQL, and
# autogenerate never sees spurious differences.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

# JSON is stored as jsonb on PostgreSQL (indexable, what Django's JSONField expects).
JSONType = JSON().with_variant(JSONB(), "postgresql")

# Shared column shapes, so every table says the same thing the same way.
intpk = Annotated[int, mapped_column(Integer, primary_key=True)]
timestamp = Annotated[dt.datetime, mapped_column(DateTime(timezone=True))]
short_text = Annotated[str, mapped_column(String(500))]
long_text = Annotated[str, mapped_column(Text)]


# The rule "a title is never empty" (revision 0008), also in document.schema.json
# (``"pattern": "[^ ]"``: SQL's trim() removes spaces only).
TITLE_NOT_EMPTY_SQL = "trim(title) <> ''"


class DocumentStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class RecordStatus(enum.StrEnum):
    """Status of people, organisations and footnotes: withdrawn, never deleted."""

    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


def vocabulary(values: Any) -> dict[str, Any]:
    """Column ``info`` naming the only values a column takes: the Django mirror's choices."""
    return {"choices": tuple(str(value) for value in values)}


DOCUMENT_STATUSES = vocabulary(DocumentStatus)
RECORD_STATUSES = vocabulary(RecordStatus)
DOCUMENT_KINDS = vocabulary(kind.code for kind in KINDS)


class Base(DeclarativeBase):
    metadata = metadata
    type_annotation_map = {dict[str, Any]: JSONType, list[Any]: JSONType}


class Versioned:
    """Columns every curated row carries, and optimistic locking on ``version``.

    ``version_id_col`` makes SQLAlchemy write ``UPDATE … WHERE version = :old``
    and raise ``StaleDataError`` when another writer got there first.  The
    database trigger is the second line of defence for every other writer.
    """

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    changed_by: Mapped[str] = mapped_column(String(150), nullable=False)
    changed_at: Mapped[timestamp] = mapped_column(nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}

    # Indexes and constraints of one table, added to those every versioned table has.
    extra_table_args: tuple[Any, ...] = ()

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        # An attribution is never empty: "ingest:…", "restore:…" or a user name.
        not_empty = CheckConstraint("changed_by <> ''", name="changed_by_not_empty")
        return (*cls.extra_table_args, not_empty)


class Withdrawable:
    """A tombstone: who withdrew the row is in ``changed_by``, why is here."""

    withdrawn_reason: Mapped[str | None] = mapped_column(Text)


class SourceFile(Versioned, Base):
    """The original bytes of an ingested file, content-addressed by sha256."""

    __tablename__ = "source_file"

    id: Mapped[intpk]
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    # Indexed (revision 0007): ingest looks a correction up by its file name.
    filename: Mapped[str] = mapped_column(String(500), index=True)
    format: Mapped[str] = mapped_column(String(20))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    ingested_at: Mapped[timestamp]


class Organization(Versioned, Withdrawable, Base):
    """Publishers, employers of authors, and organisations a disclaimer names."""

    __tablename__ = "organization"

    id: Mapped[intpk]
    name: Mapped[short_text]
    # Case- and space-folded name: how ingest finds "the same" organisation.
    name_key: Mapped[str] = mapped_column(String(500), index=True)
    url: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(
        String(20), default=RecordStatus.ACTIVE, info=RECORD_STATUSES
    )


class Person(Versioned, Withdrawable, Base):
    __tablename__ = "person"

    id: Mapped[intpk]
    name: Mapped[short_text]
    name_key: Mapped[str] = mapped_column(String(500), index=True)
    status: Mapped[str] = mapped_column(
        String(20), default=RecordStatus.ACTIVE, info=RECORD_STATUSES
    )
    # Set when a librarian merges this record into another one.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))


def _follow_name(_mapper: Any, _connection: Any, row: Organization | Person) -> None:
    # The matching key follows the name on every ORM write (see archive.name_keys).
    row.name_key = name_key(row.name)


for _named in (Organization, Person):
    event.listen(_named, "before_insert", _follow_name)
    event.listen(_named, "before_update", _follow_name)


class Document(Versioned, Withdrawable, Base):
    __tablename__ = "document"

    id: Mapped[intpk]
    status: Mapped[str] = mapped_column(
        String(20), default=DocumentStatus.DRAFT, index=True, info=DOCUMENT_STATUSES
    )
    title: Mapped[short_text]
    subtitle: Mapped[str | None] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(40), index=True, info=DOCUMENT_KINDS)
    language: Mapped[str] = mapped_column(String(12), index=True)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    published_raw: Mapped[str | None] = mapped_column(String(200))
    publisher_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"), index=True)
    # The repaired body: paragraphs separated by a blank line.
    text: Mapped[long_text]
    # 0-based indexes of the paragraphs that open a section.
    section_starts: Mapped[list[Any]] = mapped_column(JSONType)
    # Every repair of the extracted text: where, the original and the repaired spelling.
    repairs: Mapped[list[Any]] = mapped_column(JSONType)
    # Where each catalog field came from (revision 0014): one entry a field,
    # {"field", "source", "value", "other": [{"source", "value"}]}, ``source`` in
    # words ("the HTML meta tag article:published_time"); ``other`` the evidence
    # that lost.  Librarians read it in the admin (archive.ingest.provenance).
    provenance: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source_file.id"), index=True)
    created_at: Mapped[timestamp]
    # Identifiers a bibliographic record or a web page states (revision 0004):
    # how ingest recognises a record it already holds.  DOIs are stored lower-case.
    doi: Mapped[str | None] = mapped_column(String(255), index=True)
    url: Mapped[str | None] = mapped_column(String(1000), index=True)
    # The journal, book, proceedings or website the document appears in (revision
    # 0020): CSL ``container-title``, BibTeX ``journal``/``booktitle``, RIS ``JO``/``T2``.
    container_title: Mapped[str | None] = mapped_column(String(500))

    publisher: Mapped[Organization | None] = relationship()
    source: Mapped[SourceFile | None] = relationship()
    authorships: Mapped[list[Authorship]] = relationship(
        back_populates="document", order_by="Authorship.position"
    )
    footnotes: Mapped[list[Footnote]] = relationship(
        back_populates="document", order_by="Footnote.number"
    )
    disclaimer: Mapped[Disclaimer | None] = relationship(back_populates="document")
    problems: Mapped[list[Problem]] = relationship(back_populates="document")

    extra_table_args = (
        # Facet counts and filtered lists of the public catalog read only this index.
        Index("ix_document_facets", "status", "kind", "language", "publisher_id", "published"),
        # A title is never empty or only spaces (revision 0008): the same rule as the
        # backup's JSON Schema, so whatever the database holds can be restored.
        CheckConstraint(TITLE_NOT_EMPTY_SQL, name="title_not_empty"),
    )


# Ingest recognises a correction or a known record by its title, whatever the
# case (revision 0007): without it every ingested file scanned the catalog.
Index("ix_document_title_lower", func.lower(Document.title))


class Authorship(Versioned, Base):
    """A person's place in a document's byline."""

    __tablename__ = "authorship"

    id: Mapped[intpk]
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    position: Mapped[int]
    role: Mapped[str] = mapped_column(String(40), default="author")
    # As printed in this document ("Dr.", "Prof."): a title belongs to the byline, not the person.
    honorific: Mapped[str | None] = mapped_column(String(40))
    # The name as this document prints it (revision 0016), kept when people are
    # merged: the byline shows it, linked to the one person.  NULL: the person's name.
    printed_name: Mapped[str | None] = mapped_column(String(500))

    document: Mapped[Document] = relationship(back_populates="authorships")
    person: Mapped[Person] = relationship()
    affiliations: Mapped[list[Affiliation]] = relationship(
        back_populates="authorship", order_by="Affiliation.position"
    )

    extra_table_args = (
        # "Documents by this author" and the author facet join through this pair.
        Index("ix_authorship_document_person", "document_id", "person_id"),
    )


class Affiliation(Versioned, Base):
    """An author's position at an organisation, as the document states it."""

    __tablename__ = "affiliation"

    id: Mapped[intpk]
    authorship_id: Mapped[int] = mapped_column(ForeignKey("authorship.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    position: Mapped[int]
    title: Mapped[str | None] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(200))

    authorship: Mapped[Authorship] = relationship(back_populates="affiliations")
    organization: Mapped[Organization] = relationship()


class Disclaimer(Versioned, Base):
    """A stance disclaimer, verbatim, and the organisation it disclaims for."""

    __tablename__ = "disclaimer"

    id: Mapped[intpk]
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), unique=True)
    text: Mapped[long_text]
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"), index=True)

    document: Mapped[Document] = relationship(back_populates="disclaimer")
    organization: Mapped[Organization | None] = relationship()


class Footnote(Versioned, Withdrawable, Base):
    __tablename__ = "footnote"

    id: Mapped[intpk]
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    number: Mapped[int]
    text: Mapped[long_text]
    # Where the marker stands: 1-based paragraph, character offset inside it.
    anchor_paragraph: Mapped[int | None]
    anchor_offset: Mapped[int | None]
    urls: Mapped[list[Any]] = mapped_column(JSONType)
    url_fragments: Mapped[list[Any]] = mapped_column(JSONType)
    status: Mapped[str] = mapped_column(
        String(20), default=RecordStatus.ACTIVE, info=RECORD_STATUSES
    )

    document: Mapped[Document] = relationship(back_populates="footnotes")

    extra_table_args = (UniqueConstraint("document_id", "number"),)


class Problem(Versioned, Base):
    """Something ingest could not read with confidence; keeps the document in review."""

    __tablename__ = "problem"

    id: Mapped[intpk]
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    stage: Mapped[str] = mapped_column(String(60))
    field: Mapped[str | None] = mapped_column(String(60))
    line: Mapped[int | None]
    raw: Mapped[long_text]
    reason: Mapped[long_text]
    resolved: Mapped[bool] = mapped_column(default=False)

    document: Mapped[Document] = relationship(back_populates="problems")


class Work(Versioned, Withdrawable, Base):
    """A book, article, page or archive file that notes cite: one row however often cited.

    ``csl`` is the work's CSL-JSON item (no ``id``).  The other columns are how
    ingest finds "the same" work again (revision 0012): the DOI (lower-case),
    else the URL, else ``identity_key`` (folded title words, first author's
    family name, year); ``author_key`` and ``year`` narrow the fuzzy look-up.
    A work a librarian merged into another is withdrawn with ``merged_into_id``.
    """

    __tablename__ = "work"

    id: Mapped[intpk]
    type: Mapped[str] = mapped_column(String(40))
    title: Mapped[long_text]
    csl: Mapped[dict[str, Any]] = mapped_column(JSONType)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    doi: Mapped[str | None] = mapped_column(String(255), index=True)
    url: Mapped[str | None] = mapped_column(String(1000), index=True)
    identity_key: Mapped[str] = mapped_column(String(500), index=True)
    author_key: Mapped[str] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(
        String(20), default=RecordStatus.ACTIVE, info=RECORD_STATUSES
    )
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("work.id"))


class Citation(Versioned, Withdrawable, Base):
    """One citation in one note: what the parse read there, and the work it cites.

    ``csl`` holds the fields as parsed (or as a librarian corrected them:
    ``corrected``, which a re-ingest keeps); ``span_start``/``span_end`` the
    characters of the note it was read from; ``match`` how it was linked to its
    work ("doi", "url", "key", "fuzzy", "new", "short form", "ibid" or
    "librarian"); ``note_digest`` the sha1 of the note text it was parsed from,
    so a re-ingest re-parses only notes whose text changed.
    """

    __tablename__ = "citation"

    id: Mapped[intpk]
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    footnote_id: Mapped[int] = mapped_column(ForeignKey("footnote.id"), index=True)
    position: Mapped[int]
    work_id: Mapped[int] = mapped_column(ForeignKey("work.id"), index=True)
    csl: Mapped[dict[str, Any]] = mapped_column(JSONType)
    span_start: Mapped[int]
    span_end: Mapped[int]
    confidence: Mapped[float] = mapped_column(Float)
    form: Mapped[str] = mapped_column(String(10))
    match: Mapped[str] = mapped_column(String(20))
    note_digest: Mapped[str] = mapped_column(String(40))
    corrected: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(
        String(20), default=RecordStatus.ACTIVE, info=RECORD_STATUSES
    )

    work: Mapped[Work] = relationship()
    footnote: Mapped[Footnote] = relationship()


class History(Base):
    """One earlier version of a versioned row, written only by database triggers.

    Append-only: triggers refuse any UPDATE or DELETE (revision 0003).

    ``snapshot`` is the row as it was before the change; ``changed_by`` and
    ``changed_at`` say who made the change that replaced it, and when.
    """

    __tablename__ = "history"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[int]
    version: Mapped[int]
    operation: Mapped[str] = mapped_column(String(1))  # "U"pdate or "D"elete
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSONType)
    changed_by: Mapped[str] = mapped_column(String(150))
    changed_at: Mapped[timestamp]
    recorded_at: Mapped[timestamp] = mapped_column(server_default=func.current_timestamp())
    # The document the old row belonged to (itself, or the parent of a child row).
    document_id: Mapped[int | None] = mapped_column(index=True)

    __table_args__ = (
        Index("ix_history_row", "table_name", "row_id", "version"),
        Index("ix_history_changed_at", "changed_at"),
    )


class QuarantinedFile(Base):
    """A file ingest refused, kept by sha256 with the reason, for librarians to look at.

    Not versioned: it is an operational log, not curated catalog data.  Every
    retry of the same bytes updates ``last_seen``/``attempts``/``reason``, which
    as history would be noise, and nothing here is ever published.
    """

    __tablename__ = "quarantined_file"

    id: Mapped[intpk]
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(500))
    # Where the file was when it was refused (the batch's path argument, or inside a zip).
    path: Mapped[str] = mapped_column(String(2000))
    size: Mapped[int] = mapped_column(BigInteger)
    # What the content looked like ("pdf", "html", "binary", …), from its bytes.
    format: Mapped[str] = mapped_column(String(20))
    reason: Mapped[long_text]
    # The bytes, when they were read (a file over the size limit is not: ``path`` says where).
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    first_seen: Mapped[timestamp]
    last_seen: Mapped[timestamp] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=1)


class IngestJobStatus(enum.StrEnum):
    """Where one submitted file is: what the upload page shows for it."""

    QUEUED = "queued"
    READING = "reading"
    DONE = "done"
    HELD = "held"  # stored, with parsing problems: in the review queue
    REFUSED = "refused"  # not stored: the reason, and the quarantine keeps the bytes


class IngestJob(Base):
    """One file submitted for background ingest (revision 0016), and what became of it.

    Not versioned and not backed up: work in flight, like a print queue.  The
    task queue only carries the job's id; the bytes wait here, so any worker on
    any machine that reaches the database can read them.  A worker claims a job
    by setting ``reading`` with a lease (``lease_until``); a job whose lease ran
    out (its worker was killed) is queued again (:mod:`archive.ingest.jobs`).
    """

    __tablename__ = "ingest_job"

    id: Mapped[intpk]
    # The files submitted together (one upload): the page that follows them.
    batch: Mapped[str] = mapped_column(String(36), index=True)
    filename: Mapped[str] = mapped_column(String(500))
    # Cleared once the file is stored (the source file keeps them) or quarantined.
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(BigInteger)
    publish: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(
        String(20), default=IngestJobStatus.QUEUED, index=True, info=vocabulary(IngestJobStatus)
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    submitted_by: Mapped[str] = mapped_column(String(150))
    submitted_at: Mapped[timestamp]
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The document made or found (the first one of a bibliography or a zip).
    document_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    # A zip or a bibliography: each member's or entry's outcome, for the upload page.
    results: Mapped[list[Any] | None] = mapped_column(JSONType)


# The tables whose rows are versioned by triggers, in dependency order.
VERSIONED_TABLES: tuple[str, ...] = (
    "source_file",
    "organization",
    "person",
    "document",
    "authorship",
    "affiliation",
    "disclaimer",
    "footnote",
    "problem",
    "work",
    "citation",
)
