"""Write one parsed document to the catalog: new, unchanged, or a new version.

Identity rules, in order (:func:`_find_corrected` holds rules 2 and 3):

1. The same bytes (sha256) already behind a document: nothing changes.
2. The caller names the document the file replaces (``ingest --replaces ID``).
3. A document whose source had the same file name *and* whose text is similar
   (:func:`similar_text`): the file is a correction of that document.
4. Otherwise a new document.

A correction's rows are updated in place, so each changed row gets a new
version (the old one goes to history) and unchanged rows are left alone;
footnotes that disappeared are withdrawn, not deleted.  A title is never
evidence: two unrelated untitled files, or two columns both called "Editorial",
must not become versions of one document (issue 14).  A correction does not
change a withdrawn document's status: a takedown is undone by a librarian only.

People and organisations are shared across documents, found by a folded name
key, so one real person is one record.  The caller owns the transaction and
the attribution (``acting_as("ingest:<file>")``): a document is stored whole
or not at all.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from archive import schema
from archive.attribution import current_change
from archive.citegraph.linking import link_citations
from archive.citegraph.parser import NoteCitations
from archive.curation import rules as curation_rules
from archive.errors import ArchiveError
from archive.ingest.document import ParsedAuthor, ParsedDocument, ParsedFootnote
from archive.name_keys import name_key
from archive.search import deferred_indexing
from archive.search import suggest as vocabulary

Named = TypeVar("Named", schema.Organization, schema.Person)

__all__ = [
    "Known",
    "Outcome",
    "SourceBytes",
    "StoreResult",
    "UnknownDocument",
    "name_key",
    "similar_text",
    "source_row",
    "store_document",
    "survivor",
]


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class SourceBytes:
    """The original file, kept byte for byte."""

    filename: str
    content: bytes
    format: str = "text"
    media_type: str = "text/plain; charset=utf-8"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True, slots=True)
class StoreResult:
    document_id: int
    outcome: Outcome
    status: str
    problems: int
    same_as: str | None = None  # why an existing document is this record (bibliographic)


class UnknownDocument(ArchiveError):
    """``replaces`` names no document of the catalog."""


def store_document(
    session: Session,
    parsed: ParsedDocument,
    source: SourceBytes,
    publish: bool = False,
    replaces: int | None = None,
    *,
    citations: bool = True,
    cited: NoteCitations | None = None,
) -> StoreResult:
    """Store ``parsed`` (read from ``source``) and say what happened.

    ``replaces``: the id of the document this file is a new version of (else it
    is found by file name and similar text, or the file is a new document).
    ``citations``: parse the stored notes and link their citations to works
    (:func:`archive.citegraph.linking.link_citations`).  A citation that needs
    a librarian's eye becomes a problem of the document (the review queue) but
    does not hold back its publication: the document itself was read with
    confidence.  Off only to measure ingest without it.  ``cited``: the notes'
    citations parsed before the transaction (:func:`archive.ingest.pipeline.cite_notes`).
    """
    stored_source = _stored_source(session, source.sha256)
    existing = _document_with_source(session, stored_source)
    if existing is not None:
        problems = _open_problems(existing)
        return StoreResult(existing.id, Outcome.UNCHANGED, existing.status, problems)
    if replaces is not None:
        document = session.get(schema.Document, replaces)
        if document is None:
            raise UnknownDocument(f"--replaces {replaces}: no document has that id")
    else:
        document = _find_corrected(session, parsed, source.filename)
    # "Did you mean": the words the catalog held for this document before the change.
    before = vocabulary.published_words(session.connection(), document.id) if document else set()
    stored = stored_source or _new_source_row(session, source)
    outcome = Outcome.UPDATED if document is not None else Outcome.CREATED
    if document is None:
        document = schema.Document(created_at=current_change().at, repairs=[], section_starts=[])
        session.add(document)
    with session.no_autoflush:  # look-ups must not flush a half-filled document
        _apply(session, document, parsed, stored, Known.of(session, parsed))
    if document.status != schema.DocumentStatus.WITHDRAWN:
        # Withdrawn stays withdrawn, whatever the file or --publish say: a takedown
        # is undone by a librarian only.
        refusal = curation_rules.publish_refusal(
            status=document.status, open_problems=len(parsed.problems)
        )
        if publish and refusal is None:
            document.status = schema.DocumentStatus.PUBLISHED
        elif parsed.problems and document.status == schema.DocumentStatus.PUBLISHED:
            # A correction that cannot be read with confidence goes back to review.
            document.status = schema.DocumentStatus.DRAFT
    # A new document is indexed once with its notes, not once per note.
    with deferred_indexing(session.connection()):
        session.flush()  # the notes need their ids before citations can name them
        if outcome is Outcome.CREATED:
            _insert_footnotes(session, document, parsed.footnotes)
        # A new document without notes has no citation to parse, keep or withdraw.
        if citations and (parsed.footnotes or outcome is not Outcome.CREATED):
            link_citations(session, document, new=outcome is Outcome.CREATED, cited=cited)
            session.flush()
    if outcome is Outcome.CREATED:  # its words are in memory: no need to read them back
        published = document.status == schema.DocumentStatus.PUBLISHED
        vocabulary.defer_change(session.connection(), set(),
                                _written_words(document, parsed) if published else set())
    else:
        _count_words(session, document.id, before)
    return StoreResult(document.id, outcome, document.status, len(parsed.problems))


def _count_words(session: Session, document_id: int, before: set[str]) -> None:
    """Keep the spelling vocabulary (published words only) as the stored document changed it.

    Deferred: the caller folds the batch's changes in when it ends
    (:func:`archive.search.suggest.fold_pending`).
    """
    connection = session.connection()
    vocabulary.defer_change(connection, before, vocabulary.published_words(connection, document_id))


def _written_words(document: schema.Document, parsed: ParsedDocument) -> set[str]:
    """The words :func:`archive.search.suggest.published_words` reads of a document
    created in this session: title, subtitle, body, disclaimer, its people's names
    (the person's, not as printed) and its notes (all active).  The disclaimer and
    notes are read from ``parsed``, as written (``_apply``): a relationship left
    empty on a new row would be loaded from the database after the flush."""
    disclaimer = parsed.disclaimer.text if parsed.disclaimer is not None else None
    return vocabulary.document_words([
        document.title, document.subtitle, document.text, disclaimer,
        *(authorship.person.name for authorship in document.authorships),
        *(note.text for note in parsed.footnotes),
    ])


def _stored_source(session: Session, sha256: str) -> schema.SourceFile | None:
    return session.scalars(
        sa.select(schema.SourceFile).where(schema.SourceFile.sha256 == sha256)
    ).first()


def _document_with_source(
    session: Session, source: schema.SourceFile | None
) -> schema.Document | None:
    # Most files are new: no source row, so no second query.
    if source is None:
        return None
    query = sa.select(schema.Document).where(schema.Document.source_id == source.id)
    return session.scalars(query).first()


def _open_problems(document: schema.Document) -> int:
    return sum(1 for problem in document.problems if not problem.resolved)


def source_row(session: Session, source: SourceBytes) -> schema.SourceFile:
    return _stored_source(session, source.sha256) or _new_source_row(session, source)


def _new_source_row(session: Session, source: SourceBytes) -> schema.SourceFile:
    row = schema.SourceFile(
        sha256=source.sha256,
        filename=source.filename,
        format=source.format,
        media_type=source.media_type,
        size=len(source.content),
        content=source.content,
        ingested_at=current_change().at,
    )
    session.add(row)
    return row


# How many documents of the same file name are compared ("index.html" is common).
_MAX_CANDIDATES = 20
# Share of word 4-grams two texts must have in common to be one document's versions.
SIMILARITY_THRESHOLD = 0.5
_SHINGLE = 4


def _shingles(text: str) -> set[int]:
    words = text.casefold().split()
    if len(words) <= _SHINGLE:
        return {hash(tuple(words))} if words else set()
    return {hash(tuple(words[i : i + _SHINGLE])) for i in range(len(words) - _SHINGLE + 1)}


def similar_text(one: str, other: str) -> bool:
    """Whether two texts are versions of one text: Jaccard similarity of word 4-grams.

    A corrected file changes some words and keeps most runs of four; two
    different texts share almost none.  Empty texts are similar to nothing.
    """
    return _similarity(_shingles(one), _shingles(other)) >= SIMILARITY_THRESHOLD


def _similarity(first: set[int], second: set[int]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def _find_corrected(
    session: Session, parsed: ParsedDocument, filename: str
) -> schema.Document | None:
    """The document ``parsed`` corrects: its source had the same file name and its text is
    similar (the most similar one when several are).  Never found by title alone."""
    same_name = session.scalars(
        sa.select(schema.SourceFile.id).where(schema.SourceFile.filename == filename)
    ).all()
    if not same_name:  # the common case: a file name never seen, nothing to compare
        return None
    # The newest documents of those sources, sorted here: with ORDER BY id DESC LIMIT
    # in the query, SQLite's planner walked the whole document table in id order
    # instead of using the source_id index (a scan of the catalog per ingested file).
    newest = sorted(session.scalars(
        sa.select(schema.Document.id).where(schema.Document.source_id.in_(same_name))
    ), reverse=True)[:_MAX_CANDIDATES]
    if not newest:
        return None
    candidates = session.execute(
        sa.select(schema.Document.id, schema.Document.text)
        .where(schema.Document.id.in_(newest))
        .order_by(schema.Document.id.desc())
    ).all()
    new = _shingles(parsed.text)
    best: tuple[float, int] | None = None
    for document_id, text in candidates:
        score = _similarity(new, _shingles(text))
        if score >= SIMILARITY_THRESHOLD and (best is None or score > best[0]):
            best = (score, document_id)
    return session.get(schema.Document, best[1]) if best is not None else None


def _apply(
    session: Session,
    document: schema.Document,
    parsed: ParsedDocument,
    source: schema.SourceFile,
    known: Known,
) -> None:
    document.title = parsed.title
    document.subtitle = parsed.subtitle
    document.kind = parsed.kind
    document.language = parsed.language
    document.published = parsed.published
    document.published_raw = parsed.published_raw
    document.publisher = _organization(session, parsed.publisher, known)
    document.text = parsed.text
    document.section_starts = list(parsed.section_starts)
    document.repairs = [_repair_dict(repair) for repair in parsed.repairs]
    document.provenance = [source.to_record() for source in parsed.provenance]
    document.source = source
    # A text that states no DOI/URL keeps the one a bibliographic record gave.
    document.doi = parsed.doi or document.doi
    document.url = parsed.url or document.url
    _apply_authors(session, document, parsed.authors, known)
    _apply_disclaimer(session, document, parsed, known)
    if document.id is not None:  # a new document's notes are inserted after its flush
        _apply_footnotes(document, parsed.footnotes)
    _apply_problems(document, parsed)


def _repair_dict(repair: object) -> dict[str, object]:
    fields = ("where", "paragraph", "offset", "original", "repaired")
    return {name: getattr(repair, name) for name in fields}


class Known:
    """The stored people and organisations one document names, read in a few queries.

    Without it each name was a query of its own (an author, each affiliation, the
    publisher, the disclaimer's organisation: about six round trips a document,
    which on PostgreSQL cost more than writing the document).  A key it was not
    asked about is looked up as before.
    """

    def __init__(self) -> None:
        self.rows: dict[tuple[type, str], object] = {}

    @classmethod
    def of(cls, session: Session, parsed: ParsedDocument) -> Known:
        names = [parsed.publisher]
        if parsed.disclaimer is not None:
            names.append(parsed.disclaimer.disclaims)
        names += [a.organization for author in parsed.authors for a in author.affiliations]
        return cls.named(session, {name_key(n) for n in names if n},
                         {name_key(author.name) for author in parsed.authors})

    @classmethod
    def named(cls, session: Session, organizations: set[str], people: set[str]) -> Known:
        """The organisations and people of these name keys (and the merged-away people
        of the keys no active person has, for :func:`survivor`)."""
        known = cls()
        known._read(session, schema.Organization, organizations)
        known._read(session, schema.Person, people)
        missing = {key for key in people if known.rows[(schema.Person, key)] is None}
        if missing:
            merged = session.scalars(
                sa.select(schema.Person)
                .where(schema.Person.name_key.in_(missing),
                       schema.Person.merged_into_id.is_not(None))
                .order_by(schema.Person.id)
            )
            for row in merged:
                known.rows.setdefault((_Merged, row.name_key), row)
            for key in missing:
                known.rows.setdefault((_Merged, key), None)
        return known

    def _read(self, session: Session, model: type[Named], keys: set[str]) -> None:
        if not keys:
            return
        query = (
            sa.select(model)
            .where(model.name_key.in_(keys), model.status == schema.RecordStatus.ACTIVE)
            .order_by(model.id)
        )
        for row in session.scalars(query):  # the first by id, as the single look-up took
            self.rows.setdefault((model, row.name_key), row)
        for key in keys:
            self.rows.setdefault((model, key), None)


class _Merged:
    """Key of :class:`Known` for the first merged-away person of a name key."""


_UNKNOWN = object()


def _organization(
    session: Session, name: str | None, known: Known | None = None
) -> schema.Organization | None:
    if not name:
        return None
    key = name_key(name)
    found = _pending_or_stored(session, schema.Organization, key, known)
    return found or _add(session, schema.Organization(name=name, name_key=key))


def _person(session: Session, name: str, known: Known | None = None) -> schema.Person:
    key = name_key(name)
    found = (_pending_or_stored(session, schema.Person, key, known)
             or survivor(session, key, known))
    return found or _add(session, schema.Person(name=name, name_key=key))


def survivor(session: Session, key: str, known: Known | None = None) -> schema.Person | None:
    """The person a spelling was merged into: the next ingest of it makes no duplicate."""
    person = known.rows.get((_Merged, key), _UNKNOWN) if known is not None else _UNKNOWN
    if person is _UNKNOWN:
        person = session.scalars(
            sa.select(schema.Person)
            .where(schema.Person.name_key == key, schema.Person.merged_into_id.is_not(None))
            .order_by(schema.Person.id)
        ).first()
    seen: set[int] = set()
    while person is not None and person.status != schema.RecordStatus.ACTIVE:
        if person.merged_into_id is None or person.id in seen:
            return None
        seen.add(person.id)
        person = session.get(schema.Person, person.merged_into_id)
    return person


def _pending_or_stored(
    session: Session, model: type[Named], key: str, known: Known | None = None
) -> Named | None:
    # Rows added earlier in this transaction are not queryable until a flush;
    # look at them first so one document naming an organisation twice makes one row.
    for row in session.new:
        if isinstance(row, model) and row.name_key == key:
            return row
    if known is not None and (model, key) in known.rows:
        return known.rows[(model, key)]  # type: ignore[return-value]
    query = (
        sa.select(model)
        .where(model.name_key == key, model.status == schema.RecordStatus.ACTIVE)
        .order_by(model.id)
    )
    return session.scalars(query).first()


def _add(session: Session, row: Named) -> Named:
    session.add(row)
    return row


def _apply_authors(
    session: Session, document: schema.Document, authors: list[ParsedAuthor], known: Known
) -> None:
    current = {a.position: a for a in document.authorships}
    for parsed in authors:
        authorship = current.pop(parsed.position, None)
        if authorship is None:
            authorship = schema.Authorship(position=parsed.position)
            document.authorships.append(authorship)
        authorship.person = _person(session, parsed.name, known)
        authorship.printed_name = parsed.name
        authorship.role = parsed.role
        authorship.honorific = parsed.honorific
        _apply_affiliations(session, authorship, parsed, known)
    for stale in current.values():  # a correction dropped this byline entry
        document.authorships.remove(stale)
        for affiliation in list(stale.affiliations):
            session.delete(affiliation)
        session.delete(stale)


def _apply_affiliations(
    session: Session, authorship: schema.Authorship, parsed: ParsedAuthor, known: Known
) -> None:
    current = {a.position: a for a in authorship.affiliations}
    for position, parsed_affiliation in enumerate(parsed.affiliations, start=1):
        affiliation = current.pop(position, None)
        if affiliation is None:
            affiliation = schema.Affiliation(position=position)
            authorship.affiliations.append(affiliation)
        affiliation.organization = _organization(
            session, parsed_affiliation.organization, known
        )
        affiliation.title = parsed_affiliation.title
        affiliation.place = parsed_affiliation.place
    for stale in current.values():
        authorship.affiliations.remove(stale)
        session.delete(stale)


def _apply_disclaimer(
    session: Session, document: schema.Document, parsed: ParsedDocument, known: Known
) -> None:
    if parsed.disclaimer is None:
        if document.disclaimer is not None:
            session.delete(document.disclaimer)
            document.disclaimer = None
        return
    disclaimer = document.disclaimer or schema.Disclaimer()
    disclaimer.text = parsed.disclaimer.text
    disclaimer.organization = _organization(session, parsed.disclaimer.disclaims, known)
    document.disclaimer = disclaimer


def _note_values(parsed: ParsedFootnote) -> dict[str, object]:
    """A stored note's columns as the parsed note gives them (new and corrected notes alike)."""
    return {
        "text": parsed.text, "anchor_paragraph": parsed.paragraph,
        "anchor_offset": parsed.offset, "urls": list(parsed.urls),
        "url_fragments": list(parsed.url_fragments),
        "status": schema.RecordStatus.ACTIVE, "withdrawn_reason": None,
    }


def _insert_footnotes(
    session: Session, document: schema.Document, footnotes: list[ParsedFootnote]
) -> None:
    """A new document's notes in one multi-row INSERT, returned as rows of the session.

    A document brings tens of notes; the unit of work's bookkeeping for each was
    most of the cost of storing one (the INSERT itself is a fraction of it).  The
    rows are stamped with the change here, as the flush hook stamps the others.
    """
    if not footnotes:
        set_committed_value(document, "footnotes", [])
        return
    change = current_change()
    rows = [
        {**_note_values(note), "document_id": document.id, "number": note.number,
         "version": 1, "changed_by": change.actor, "changed_at": change.at}
        for note in footnotes
    ]
    insert = sa.insert(schema.Footnote).returning(schema.Footnote, sort_by_parameter_order=True)
    notes = list(session.scalars(insert, rows))
    set_committed_value(document, "footnotes", sorted(notes, key=lambda note: note.number))


def _apply_footnotes(document: schema.Document, footnotes: list[ParsedFootnote]) -> None:
    current = {note.number: note for note in document.footnotes}
    for parsed in footnotes:
        note = current.pop(parsed.number, None)
        if note is None:
            note = schema.Footnote(number=parsed.number)
            document.footnotes.append(note)
        for name, value in _note_values(parsed).items():
            setattr(note, name, value)
    for stale in current.values():
        if stale.status != schema.RecordStatus.WITHDRAWN:
            stale.status = schema.RecordStatus.WITHDRAWN
            stale.withdrawn_reason = "not in the corrected source file"


def _apply_problems(document: schema.Document, parsed: ParsedDocument) -> None:
    for old in document.problems:
        if not old.resolved:  # superseded by this reading of the corrected file
            old.resolved = True
    for problem in parsed.problems:
        document.problems.append(
            schema.Problem(
                stage=problem.stage,
                field=problem.field,
                line=problem.line,
                raw=problem.raw,
                reason=problem.reason,
                resolved=False,
            )
        )
