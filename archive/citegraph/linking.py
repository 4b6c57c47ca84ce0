"""Store a document's citations: parse its notes, link each citation to a work.

Called by ingest inside the document's transaction and attribution, after the
footnotes are written (it reads the stored footnote rows, not a reader's
output).  For each active note:

* a note whose text has not changed since its citations were parsed keeps them
  (``note_digest``); so does every citation a librarian corrected, whatever
  happened to the note;
* otherwise its uncorrected citations are withdrawn and the new parse's are
  added, each linked to a work (:mod:`archive.citegraph.identity`): an
  existing one by DOI, URL or identity key, a fuzzy candidate (to be
  confirmed: a problem in the review queue), or a new work.  A short form or
  "Ibid." cites the work of the citation it refers to.

Parses below :data:`LOW_CONFIDENCE` go to the review queue as problems.  The
look-ups are batched: two queries per document, whatever its number of notes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from archive import schema
from archive.citegraph.citation import Citation
from archive.citegraph.curation import new_work
from archive.citegraph.identity import Identity, fuzzy_match, identity_of
from archive.citegraph.model import Labeller
from archive.citegraph.parser import NoteCitations, parse_notes

__all__ = ["LOW_CONFIDENCE", "LinkResult", "link_citations", "note_digest"]

LOW_CONFIDENCE = 0.6
STAGE = "citations"


@dataclass(frozen=True, slots=True)
class LinkResult:
    added: int
    kept: int
    withdrawn: int
    new_works: int
    to_review: int


def note_digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class _Works:
    """The works a document's citations may link to, found in two queries."""

    def __init__(self, session: Session, identities: Sequence[Identity]) -> None:
        self.session = session
        self.by_doi: dict[str, schema.Work] = {}
        self.by_url: dict[str, schema.Work] = {}
        self.by_key: dict[str, schema.Work] = {}
        self.by_author: dict[str, list[tuple[Identity, schema.Work]]] = {}
        self.created = 0
        work = schema.Work
        dois = {i.doi for i in identities if i.doi}
        urls = {i.url for i in identities if i.url}
        keys = {i.key for i in identities}
        if dois or urls or keys:
            exact = sa.select(work).where(sa.or_(work.doi.in_(dois), work.url.in_(urls),
                                                 work.identity_key.in_(keys)))
            for row in session.scalars(exact):
                self._remember(self._current(row))
        authors = {i.author for i in identities if i.author}
        if authors:
            # Fuzzy candidates share a first author and, when both state one, the year:
            # a common family name would otherwise bring in every work of every year.
            fuzzy = sa.select(work).where(work.author_key.in_(authors),
                                          work.status == schema.RecordStatus.ACTIVE)
            years = {i.year for i in identities if i.author}
            if None not in years:
                fuzzy = fuzzy.where(sa.or_(work.year.in_(years), work.year.is_(None)))
            for row in session.scalars(fuzzy):
                self._remember(row)

    def _current(self, row: schema.Work) -> schema.Work:
        """A work merged into another stands for that one."""
        seen = set()
        while row.merged_into_id is not None and row.id not in seen:
            seen.add(row.id)
            row = self.session.get(schema.Work, row.merged_into_id) or row
        return row

    def _remember(self, row: schema.Work) -> None:
        if row.doi:
            self.by_doi.setdefault(row.doi, row)
        if row.url:
            self.by_url.setdefault(row.url, row)
        if row.identity_key.partition("|")[0]:  # a key without a title names no work
            self.by_key.setdefault(row.identity_key, row)
        # The stored key is the folded title, author and year (``identity_of``): no need
        # to fold the CSL item of every candidate again.
        title = row.identity_key.partition("|")[0]
        entry = (Identity(row.doi, row.url, row.identity_key, row.author_key, row.year, title),
                 row)
        self.by_author.setdefault(row.author_key, []).append(entry)

    def find(self, identity: Identity) -> tuple[schema.Work | None, str]:
        if identity.doi and identity.doi in self.by_doi:
            return self.by_doi[identity.doi], "doi"
        if identity.url and identity.url in self.by_url:
            return self.by_url[identity.url], "url"
        if identity.title and identity.key in self.by_key:
            return self.by_key[identity.key], "key"
        for candidate, row in self.by_author.get(identity.author, []) if identity.author else []:
            if fuzzy_match(identity, candidate):
                return row, "fuzzy"
        return None, "new"

    def create(self, item: dict[str, Any]) -> schema.Work:
        row = new_work(dict(item))
        self.session.add(row)
        self.created += 1
        self._remember(row)
        return row


def _existing(session: Session, document_id: int) -> dict[int, list[schema.Citation]]:
    query = sa.select(schema.Citation).where(
        schema.Citation.document_id == document_id,
        schema.Citation.status == schema.RecordStatus.ACTIVE,
    ).order_by(schema.Citation.position)
    by_note: dict[int, list[schema.Citation]] = {}
    for row in session.scalars(query):
        by_note.setdefault(row.footnote_id, []).append(row)
    return by_note


def _problem(document: schema.Document, note: schema.Footnote, position: int,
             citation: Citation, reason: str) -> None:
    start, end = citation.span
    document.problems.append(schema.Problem(
        stage=STAGE, field="citation", line=note.number, raw=note.text[start:end][:2000],
        reason=f"note {note.number}, citation {position}: {reason}", resolved=False))


def link_citations(session: Session, document: schema.Document,
                   labeller: Labeller | None = None, *, new: bool = False,
                   cited: NoteCitations | None = None) -> LinkResult:
    """Parse the document's active notes and store their citations (see the module doc).

    ``new``: the document was created in this transaction, so it has no stored
    citation to keep or withdraw (one query less per ingested document).
    ``cited``: the notes already parsed outside the transaction; used when they are
    exactly the active notes, else the notes are parsed here.
    """
    notes = sorted((n for n in document.footnotes if n.status == schema.RecordStatus.ACTIVE),
                   key=lambda n: n.number)
    existing = {} if new else _existing(session, document.id)
    texts = [note.text for note in notes]
    ready = cited.of(texts) if cited is not None else None
    parsed = ready if ready is not None else parse_notes(texts, labeller)
    digests = [note_digest(note.text) for note in notes]
    unchanged = {note.id for note, digest in zip(notes, digests, strict=True)
                 if existing.get(note.id)
                 and all(c.note_digest == digest or c.corrected for c in existing[note.id])}
    identities = [identity_of(c.item) for n, cs in zip(notes, parsed, strict=True)
                  if n.id not in unchanged for c in cs if c.form == "full"]
    works = _Works(session, identities)
    rows: dict[tuple[int, int], schema.Citation] = {}  # (note index, citation index) → row
    added = kept = withdrawn = review = 0
    for n, (note, citations, digest) in enumerate(zip(notes, parsed, digests, strict=True)):
        if note.id in unchanged:
            kept += len(existing[note.id])
            for k, row in enumerate(existing[note.id]):
                rows[(n, k)] = row
            continue
        for old in existing.get(note.id, []):
            if old.corrected:
                kept += 1
                continue
            old.status = schema.RecordStatus.WITHDRAWN
            old.withdrawn_reason = "note re-parsed after its text changed"
            withdrawn += 1
        for k, citation in enumerate(citations):
            if citation.refers_to and citation.refers_to in rows:
                work, match = rows[citation.refers_to].work, citation.form
                if match == "short":
                    match = "short form"
            else:
                identity = identity_of(citation.item)
                work, match = works.find(identity)
                if work is None:
                    work = works.create(citation.item)
            row = schema.Citation(
                document_id=document.id, footnote_id=note.id, position=k + 1, work=work,
                csl=dict(citation.item), span_start=citation.span[0], span_end=citation.span[1],
                confidence=citation.confidence, form=citation.form, match=match,
                note_digest=digest, corrected=False, status=schema.RecordStatus.ACTIVE)
            session.add(row)
            rows[(n, k)] = row
            added += 1
            if citation.confidence < LOW_CONFIDENCE:
                review += 1
                _problem(document, note, k + 1, citation,
                         f"read with low confidence ({citation.confidence:.2f}): check its fields")
            elif match == "fuzzy":
                review += 1
                _problem(document, note, k + 1, citation,
                         f"linked to the work “{work.title[:80]}” by a fuzzy title match: "
                         "confirm, split or "
                         "merge it")
    return LinkResult(added, kept, withdrawn, works.created, review)
