"""Store the entries of one bibliographic file: a few statements for the whole file.

A reference list of n entries used to cost about a dozen statements and an ORM
flush per entry (its duplicate look-ups, its people, its row, its vocabulary):
RIS and CSL-JSON files were ingested at 1 % of the rate they are read.  Here
the whole file is looked up at once (the documents it may already hold, the
people and organisations it names), decided in memory entry by entry, in file
order, and written with one multi-row ``INSERT`` per table.

**Which held document is the same work as an entry** (:func:`_same_work`): the
same DOI; else the same title, year and first author.  A shared URL or title
alone never does: a site's one URL serves many documents, and a book and its
reprint share a title (their years differ).  An entry without a year or without
people is matched on what it has -- the same title, container and kind, and the
same absence: a held document with no year (or the same undated text) and no
people -- so re-importing a file adds nothing, while a dated or authored work of
that title, or one with another (or no) DOI or URL, stays another work.  When
several documents match, the oldest (lowest id) is the one.  An entry is also
matched against the entries of the same file stored before it, exactly as if
each had been stored on its own.

Titles, containers and undated date texts compare "whatever the case" as the
database's own ``lower()`` folds them (SQLite folds ASCII only, PostgreSQL by
its locale): the file's strings are folded by the database too, in one query.

An existing document is left as it is (``UNCHANGED``): a reference list never
overwrites a document read from its full text.  The caller owns the transaction
and the attribution, and defers the indexing of the file's documents to its end
(:func:`archive.search.deferred_indexing`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from archive import schema
from archive.attribution import current_change
from archive.ingest.readers.bibliographic import BibRecord
from archive.ingest.store import Known, Outcome, SourceBytes, StoreResult, source_row, survivor
from archive.name_keys import name_key
from archive.search import suggest as vocabulary

__all__ = ["store_records"]

_CHUNK = 500  # bound parameters per look-up statement


@dataclass(slots=True)
class _Held:
    """What the identity rules read of a document: a stored one, or one this file adds."""

    status: str
    doi: str | None
    url: str | None
    title: str | None  # folded by the database's lower()
    published: dt.date | None
    published_raw: str | None
    raw: str | None  # published_raw, folded
    container: str | None  # container_title, folded
    kind: str
    first_keys: set[str] = field(default_factory=set)  # name keys of the people at position 1
    has_people: bool = False
    id: int | None = None  # None until a new document is inserted
    row: dict[str, Any] | None = None  # a new document's column values


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


# Each value with its lower() (the file's strings as a JSON array or a text array).
_FOLD = {
    "sqlite": "SELECT value, lower(value) FROM json_each(:values)",
    "postgresql": "SELECT v, lower(v) FROM unnest(CAST(:values AS text[])) AS v",
}


def _folded(session: Session, values: Iterable[str | None]) -> dict[str, str]:
    """Each distinct non-empty value, folded by the database's ``lower()`` (one statement)."""
    distinct = sorted({value for value in values if value})
    if not distinct:
        return {}
    connection = session.connection()
    vendor = connection.dialect.name
    bound = distinct if vendor == "postgresql" else json.dumps(distinct)
    return dict(connection.execute(sa.text(_FOLD[vendor]), {"values": bound}).all())


def _stored(session: Session, dois: set[str], titles: set[str]) -> list[_Held]:
    """The stored documents an entry may be: the same DOI or the same folded title."""
    d = schema.Document
    columns = (d.id, d.status, d.doi, d.url, sa.func.lower(d.title), d.published,
               d.published_raw, sa.func.lower(d.published_raw),
               sa.func.lower(d.container_title), d.kind)
    held: dict[int, _Held] = {}
    for key, values in ((d.doi, sorted(dois)), (sa.func.lower(d.title), sorted(titles))):
        for chunk in _chunks(values):
            for row in session.execute(sa.select(*columns).where(key.in_(chunk))):
                held.setdefault(row[0], _Held(*row[1:], id=row[0]))
    ids = sorted(held)
    a, p = schema.Authorship, schema.Person
    for chunk in _chunks(ids):
        query = (sa.select(a.document_id, a.position, p.name_key)
                 .join(p, p.id == a.person_id).where(a.document_id.in_(chunk)))
        for document_id, position, key in session.execute(query):
            held[document_id].has_people = True
            if position == 1:
                held[document_id].first_keys.add(key)
    return [held[i] for i in ids]


def _same_text(held: str | None, value: str | None) -> bool:
    """Both folded: the same, or both empty."""
    return not held if not value else held == value


def _same_work(record: BibRecord, fold: dict[str, str],
               held: Sequence[_Held]) -> tuple[_Held, str] | None:
    """The oldest of ``held`` (in id order) that is the same work as ``record``, and why."""
    doi, year, first_author = record.doi, record.year, record.first_author
    if doi:
        for candidate in held:
            if candidate.doi == doi:
                return candidate, "same DOI as document {}"
    title = fold.get(record.title)
    key = name_key(first_author) if first_author else None

    def first(h: _Held) -> bool:
        return key in h.first_keys if key is not None else not h.has_people

    def dated(h: _Held) -> bool:
        if year is not None:
            raw = h.published_raw or ""
            return ((h.published is not None and h.published.year == year)
                    or raw == str(year) or raw.startswith(f"{year}-"))
        return h.published is None and _same_text(h.raw, fold.get(record.published_raw or ""))

    same = [h for h in held if title is not None and h.title == title and dated(h) and first(h)]
    if year is not None and first_author:
        if same:
            return same[0], "same title, year and first author as document {}"
        return None
    container = fold.get(record.container_title or "")
    for h in same:
        if (_same_text(h.container, container)
                and (h.kind == record.kind if record.kind else True)
                and (h.doi is None if not doi else False)
                and (h.url == record.url if record.url else h.url is None)):
            lacking = " and ".join(word for word, gone in (("year", year is None),
                                                           ("author", not first_author)) if gone)
            return h, f"same title, container and kind, and no {lacking} either, as document {{}}"
    return None


class _Names:
    """The people and organisations a file names: stored ones, or rows this file adds."""

    def __init__(self, session: Session, records: Sequence[BibRecord]) -> None:
        self.session = session
        people = {name_key(name) for r in records for _, name in _people(r)}
        publishers = {name_key(r.publisher) for r in records if r.publisher}
        self.known = Known.named(session, publishers, people)
        # key → (id or None, the new row's values) per model, in order of first use.
        self.new: dict[type, dict[str, dict[str, Any]]] = {schema.Person: {},
                                                           schema.Organization: {}}

    def organization(self, name: str | None) -> tuple[Any, str] | None:
        """(the stored row or a new row's values, its name) of a publisher."""
        if not name:
            return None
        key = name_key(name)
        pending = self.new[schema.Organization].get(key)
        if pending is not None:
            return pending, pending["name"]
        row = self.known.rows[(schema.Organization, key)]
        if row is not None:
            return row, row.name
        return self._add(schema.Organization, name, key)

    def person(self, name: str) -> tuple[Any, str, str]:
        """(the stored row or a new row's values, its name, its name key) of a person."""
        key = name_key(name)
        pending = self.new[schema.Person].get(key)
        if pending is not None:
            return pending, pending["name"], key
        row = self.known.rows[(schema.Person, key)] or survivor(self.session, key, self.known)
        if row is not None:
            return row, row.name, row.name_key
        return (*self._add(schema.Person, name, key), key)

    def _add(self, model: type, name: str, key: str) -> tuple[dict[str, Any], str]:
        values = {"name": name, "name_key": key, **_stamp()}
        self.new[model][key] = values
        return values, name

    def insert(self) -> None:
        """Write the new rows; each row's values get its ``id``."""
        for model, rows in self.new.items():
            _insert(self.session, model, list(rows.values()))


def _people(record: BibRecord) -> list[tuple[str, str]]:
    return [("author", name) for name in record.authors] + record.contributors


def _stamp() -> dict[str, Any]:
    """What the ORM's before-flush hook writes on a versioned row (archive.db)."""
    change = current_change()
    return {"changed_by": change.actor, "changed_at": change.at}


def _insert(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` in order, in one multi-row statement; each gets its new ``id``."""
    if not rows:
        return
    table = model.__table__
    # Ordered by SQLAlchemy in one statement on both databases (on SQLite thanks to the
    # engine's sentinel setting, archive.db).
    statement = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    columns = [{k: v for k, v in row.items() if k != "id"} for row in rows]
    found = list(session.connection().execute(statement, columns).scalars())
    for row, new_id in zip(rows, found, strict=True):
        row["id"] = new_id


def _id(row: Any) -> int:
    return row["id"] if isinstance(row, dict) else row.id


def store_records(session: Session, records: Sequence[BibRecord], source: SourceBytes,
                  publish: bool = False) -> list[StoreResult]:
    """Catalog each of ``records`` unless the catalog (or an entry before it) holds it;
    what happened to each, in order."""
    fold = _folded(session, [v for r in records
                             for v in (r.title, r.container_title, r.published_raw)])
    held = _stored(session, {r.doi for r in records if r.doi},
                   {fold[r.title] for r in records if r.title in fold})
    names = _Names(session, records)
    status = schema.DocumentStatus.PUBLISHED if publish else schema.DocumentStatus.DRAFT
    now = current_change().at
    decided: list[tuple[_Held, str | None]] = []
    created: list[tuple[_Held, list[tuple[str, str, Any, str, str]]]] = []
    for record in records:
        found = _same_work(record, fold, held)
        if found is not None:
            decided.append(found)
            continue
        publisher = names.organization(record.publisher)
        people = [(role, name, *names.person(name)) for role, name in _people(record)]
        row = {
            "created_at": now, "title": record.title, "subtitle": record.subtitle,
            "kind": record.kind, "language": "und", "published": record.published,
            "published_raw": record.published_raw, "text": "", "section_starts": [],
            "repairs": [], "doi": record.doi, "url": record.url,
            "container_title": record.container_title, "status": status,
            "publisher": publisher[0] if publisher else None, **_stamp(),
        }
        new = _Held(status, record.doi, record.url, fold.get(record.title), record.published,
                    record.published_raw, fold.get(record.published_raw or ""),
                    fold.get(record.container_title or ""), record.kind,
                    first_keys={people[0][4]} if people else set(),
                    has_people=bool(people), row=row)
        held.append(new)  # after every stored one and every earlier entry: id order
        decided.append((new, None))
        created.append((new, people))
    _write(session, source, names, created)
    _count_words(session, created, publish)
    results = []
    for h, why in decided:
        assert h.id is not None
        if why is None:
            results.append(StoreResult(h.id, Outcome.CREATED, status, 0))
        else:
            results.append(StoreResult(h.id, Outcome.UNCHANGED, h.status, 0,
                                       same_as=why.format(h.id)))
    return results


def _write(session: Session, source: SourceBytes, names: _Names,
           created: list[tuple[_Held, list[tuple[str, str, Any, str, str]]]]) -> None:
    if not created:
        return
    stored_source = source_row(session, source)
    session.flush()  # the source row's id
    names.insert()
    documents = []
    for h, _people_of in created:
        row = dict(h.row or {})
        publisher = row.pop("publisher")
        row["publisher_id"] = _id(publisher) if publisher is not None else None
        row["source_id"] = stored_source.id
        documents.append(row)
    _insert(session, schema.Document, documents)
    authorships = []
    for (h, people), row in zip(created, documents, strict=True):
        h.id = row["id"]
        for position, (role, printed, person, _name, _key) in enumerate(people, start=1):
            authorships.append({"document_id": h.id, "person_id": _id(person),
                                "position": position, "role": role, "printed_name": printed,
                                **_stamp()})
    if authorships:
        session.connection().execute(schema.Authorship.__table__.insert(), authorships)


def _count_words(session: Session, created: list[tuple[_Held, list[Any]]],
                 publish: bool) -> None:
    """The vocabulary of the published documents added (what ``published_words`` reads)."""
    if not publish:
        return
    counts: Counter[str] = Counter()
    for h, people in created:
        row = h.row or {}
        counts.update(vocabulary.document_words(
            [row["title"], row["subtitle"], row["text"], *(person[3] for person in people)]))
    vocabulary.count_documents(session.connection(), counts)
