""""Did you mean …": spelling suggestions from the catalog's own vocabulary.

``search_vocabulary`` (migration 0019) holds every word of the *published*
catalog — titles, subtitles, bodies, author names, disclaimers, active notes —
in lower case, with the number of documents it occurs in.  Drafts and withdrawn
documents are not read, so a suggestion never reveals a word only they contain
(and the catalog layer shows a suggestion only if it finds published documents
now).  It is derived data, rebuilt whole by :func:`rebuild` (``manage.py
refresh_vocabulary``; a restore does it), and kept one document at a time by
ingest and by the curation service's publish and withdraw:
:func:`published_words` before and after the change, then :func:`count_change`
(the words it gained count one document more, the words it lost one less), in
the writer's own transaction.  A librarian's edit in a change form waits for
the next rebuild: a stale word is harmless, since a suggestion is offered only
if it finds published documents.

A query word that is not in the vocabulary is looked up with every spelling one
edit away (a letter deleted, inserted, replaced, or two neighbours swapped:
Norvig's candidates, about 55 × length of them) in *one* primary-key ``IN``
query (after one look-up of the typed words themselves: a word the vocabulary
knows costs nothing more); the candidate found in most documents wins.  No scan
of the vocabulary, so the cost does not grow with the catalog (``bench``: "did you mean").
"""

from __future__ import annotations

import json
import re
import string
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from archive.search.query import SearchQuery, Term

__all__ = [
    "TABLE",
    "Suggestion",
    "candidates",
    "count_change",
    "count_documents",
    "defer_change",
    "fold_pending",
    "document_words",
    "known_sql",
    "published_texts",
    "published_words",
    "rebuild",
    "suggest",
    "words_of",
]

TABLE = "search_vocabulary"
PENDING = "search_vocabulary_change"  # counted but not yet folded in (revision 0025)
MIN_LENGTH = 3  # shorter words have too many neighbours to guess from
MAX_LENGTH = 40
_WORD = re.compile(r"\w+")
_BATCH = 2000  # documents read at a time while rebuilding


def words_of(text: str) -> Iterator[str]:
    """The words of ``text`` worth suggesting: lower case, with a letter, 3–40 characters."""
    for word in _WORD.findall(text.lower()):
        if _worth_suggesting(word):
            yield word


def _worth_suggesting(word: str) -> bool:
    return MIN_LENGTH <= len(word) <= MAX_LENGTH and not word.isdigit() and "_" not in word


def document_words(texts: Iterable[str | None]) -> set[str]:
    """The distinct words of one document's texts (what :func:`words_of` yields for each).

    The tokens are collected first and filtered once each: a document repeats its
    words, and a Python test per occurrence was most of a restore's vocabulary
    rebuild (1.5 million calls at 1,000 documents).
    """
    tokens: set[str] = set()
    for text in texts:
        if text:
            tokens.update(_WORD.findall(text.lower()))
    return {word for word in tokens if _worth_suggesting(word)}


_DOCUMENTS = sa.text(
    "SELECT d.id, d.title, d.subtitle, d.text, "
    "(SELECT text FROM disclaimer WHERE document_id = d.id) "
    "FROM document d WHERE d.status = 'published' AND d.id > :after ORDER BY d.id LIMIT :limit"
)
_AUTHORS = sa.text(
    "SELECT a.document_id, p.name FROM authorship a JOIN person p ON p.id = a.person_id "
    "WHERE a.document_id BETWEEN :first AND :last"
)
_NOTES = sa.text(
    "SELECT document_id, text FROM footnote WHERE status = 'active' "
    "AND document_id BETWEEN :first AND :last"
)


def published_texts(connection: sa.Connection) -> Iterator[list[str | None]]:
    """The texts of each published document (title, subtitle, body, disclaimer, authors,
    active notes), a batch of documents at a time."""
    after = 0
    while True:
        documents = connection.execute(_DOCUMENTS, {"after": after, "limit": _BATCH}).all()
        if not documents:
            break
        bounds = {"first": documents[0][0], "last": documents[-1][0]}
        extra: dict[int, list[str]] = {}
        for statement in (_AUTHORS, _NOTES):
            for document_id, text in connection.execute(statement, bounds):
                extra.setdefault(document_id, []).append(text)
        for document_id, *texts in documents:
            yield [*texts, *extra.get(document_id, [])]
        after = documents[-1][0]


_ONE_DOCUMENT = sa.text(
    "SELECT d.title, d.subtitle, d.text, "
    "(SELECT text FROM disclaimer WHERE document_id = d.id) "
    "FROM document d WHERE d.id = :id AND d.status = 'published'"
)


def published_words(connection: sa.Connection, document_id: int) -> set[str]:
    """The distinct words of one document as the vocabulary counts them; none unless
    it is published (what :func:`rebuild` reads, for one document)."""
    row = connection.execute(_ONE_DOCUMENT, {"id": document_id}).first()
    if row is None:
        return set()
    bounds = {"first": document_id, "last": document_id}
    extra = [text for statement in (_AUTHORS, _NOTES)
             for _, text in connection.execute(statement, bounds)]
    return document_words([*row, *extra])


# One statement for the whole change, the words and their +1/-1 in one parameter (as in
# :func:`known_sql`), in word order: two writers lock the rows they share in the same
# order, so concurrent ingests wait for each other but never deadlock.  A word that
# falls to zero documents is then deleted.
_CHANGE = {
    "postgresql": (f"INSERT INTO {TABLE} (word, documents) "
                   "SELECT * FROM unnest(CAST(:words AS text[]), CAST(:deltas AS integer[])) "
                   f"ON CONFLICT (word) DO UPDATE SET documents = {TABLE}.documents "
                   "+ EXCLUDED.documents"),
    "sqlite": (f"INSERT INTO {TABLE} (word, documents) "
               "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') "
               "FROM json_each(:pairs) WHERE true "
               f"ON CONFLICT (word) DO UPDATE SET documents = {TABLE}.documents "
               "+ excluded.documents"),
}
_EMPTIED = {
    "postgresql": (f"DELETE FROM {TABLE} WHERE documents <= 0 "
                   "AND word = ANY(CAST(:words AS text[]))"),
    "sqlite": (f"DELETE FROM {TABLE} WHERE documents <= 0 "
               "AND word IN (SELECT value FROM json_each(:words))"),
}


def count_change(connection: sa.Connection, before: set[str], after: set[str]) -> None:
    """Count one document's change: ``before`` and ``after`` are its :func:`published_words`
    (empty when it was not, or is no longer, published)."""
    count_documents(connection, _changes(before, after))


def count_documents(connection: sa.Connection, changes: Mapping[str, int]) -> None:
    """Add ``changes[word]`` documents to each word's count (negative: documents lost).

    Several documents' changes in one call cost one statement (a bibliographic
    file's new records, counted together).
    """
    changed = sorted((word, delta) for word, delta in changes.items() if delta)
    if not changed:
        return
    lost = [word for word, delta in changed if delta < 0]
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text(_CHANGE["postgresql"]), {
            "words": [word for word, _ in changed], "deltas": [delta for _, delta in changed]})
        if lost:
            connection.execute(sa.text(_EMPTIED["postgresql"]), {"words": lost})
        return
    connection.execute(sa.text(_CHANGE["sqlite"]), {"pairs": json.dumps(changed)})
    if lost:
        connection.execute(sa.text(_EMPTIED["sqlite"]), {"words": json.dumps(lost)})


def defer_change(connection: sa.Connection, before: set[str], after: set[str]) -> None:
    """Count one document's change later: one row for :func:`fold_pending`.

    For ingest, which stores documents one transaction each: the counts of a batch
    are folded together when it ends, each word written once, not once a document.
    The row commits with the document, so a crash between the two loses nothing.
    """
    changes = sorted(_changes(before, after).items())
    if changes:
        connection.execute(sa.text(f"INSERT INTO {PENDING} (changes) VALUES (:changes)"),
                           {"changes": json.dumps(changes, separators=(",", ":"))})


# One statement adds the pending changes to the vocabulary, each word once (in word
# order, as :data:`_CHANGE`), and names the words it left at zero or below.  On
# PostgreSQL it also deletes the rows it counts, so that a fold running beside
# another never counts a row twice; SQLite has one writer at a time, and the rows
# are deleted next in the same transaction.
_FOLD = {
    "postgresql": (f"WITH gone AS (DELETE FROM {PENDING} RETURNING changes) "
                   f"INSERT INTO {TABLE} (word, documents) "
                   "SELECT e ->> 0, sum((e ->> 1)::integer) "
                   "FROM gone, jsonb_array_elements(gone.changes::jsonb) e "
                   "GROUP BY 1 HAVING sum((e ->> 1)::integer) <> 0 ORDER BY 1 "
                   f"ON CONFLICT (word) DO UPDATE SET documents = {TABLE}.documents "
                   "+ EXCLUDED.documents RETURNING word, documents"),
    "sqlite": (f"INSERT INTO {TABLE} (word, documents) "
               "SELECT word, delta FROM (SELECT e.value ->> 0 AS word, sum(e.value ->> 1) AS delta "
               f"FROM {PENDING} c, json_each(c.changes) e GROUP BY 1) WHERE delta <> 0 ORDER BY 1 "
               f"ON CONFLICT (word) DO UPDATE SET documents = {TABLE}.documents "
               "+ excluded.documents RETURNING word, documents"),
}


def fold_pending(connection: sa.Connection) -> int:
    """Add every deferred change to the vocabulary; the number of words it changed.

    In the caller's transaction: two folds at once never count a row twice, and a
    fold that fails leaves the rows for the next.
    """
    vendor = connection.dialect.name
    changed = connection.exec_driver_sql(_FOLD[vendor]).all()
    if vendor == "sqlite":
        connection.exec_driver_sql(f"DELETE FROM {PENDING}")
    emptied = [word for word, documents in changed if documents <= 0]
    if emptied:
        words = emptied if vendor == "postgresql" else json.dumps(emptied)
        connection.execute(sa.text(_EMPTIED[vendor]), {"words": words})
    return len(changed)


def _changes(before: set[str], after: set[str]) -> dict[str, int]:
    changes = dict.fromkeys(after - before, 1)
    changes.update(dict.fromkeys(before - after, -1))
    return changes


def rebuild(connection: sa.Connection) -> int:
    """Recount the vocabulary of the published catalog; the number of words written.

    In the caller's transaction: readers see the old vocabulary until it commits.
    Changes still pending are part of what it reads, so it drops them.
    """
    counts: Counter[str] = Counter()
    for texts in published_texts(connection):
        counts.update(document_words(texts))
    if sa.inspect(connection).has_table(PENDING):
        connection.exec_driver_sql(f"DELETE FROM {PENDING}")
    connection.exec_driver_sql(f"DELETE FROM {TABLE}")
    rows = [{"word": word, "documents": n} for word, n in counts.items()]
    insert = sa.text(f"INSERT INTO {TABLE} (word, documents) VALUES (:word, :documents)")
    for start in range(0, len(rows), 10_000):
        connection.execute(insert, rows[start : start + 10_000])
    return len(rows)


def candidates(word: str) -> set[str]:
    """Every spelling one edit from ``word`` (Damerau: a swap of neighbours is one edit)."""
    letters = set(string.ascii_lowercase) | set(word)
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in letters}
    inserts = {a + c + b for a, b in splits for c in letters}
    found = deletes | swaps | replaces | inserts
    found.discard(word)
    return {w for w in found if len(w) >= MIN_LENGTH}


def known_sql(words: Sequence[str], vendor: str = "sqlite") -> tuple[str, list[Any]]:
    """``SELECT word, documents`` of those of ``words`` in the vocabulary (``%s`` params).

    The hundreds of candidates go in *one* parameter (a JSON array on SQLite, an array
    on PostgreSQL): binding and planning 500 placeholders cost more than the look-ups.
    """
    if vendor == "postgresql":
        return f"SELECT word, documents FROM {TABLE} WHERE word = ANY(%s)", [list(words)]
    return (f"SELECT word, documents FROM {TABLE} WHERE word IN "
            "(SELECT value FROM json_each(%s))", [json.dumps(list(words))])


@dataclass(frozen=True, slots=True)
class Suggestion:
    query: SearchQuery
    text: str  # the query as a user would type it
    words: tuple[tuple[str, str], ...]  # (typed, suggested)


def _as_typed(typed: str, word: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    return word.capitalize() if typed[:1].isupper() else word


def _query_text(terms: Sequence[Term]) -> str:
    return " ".join(("-" if t.exclude else "") + (f'"{t.text}"' if t.is_phrase else t.text)
                    for t in terms)


def suggest(query: SearchQuery, lookup: Any, vendor: str = "sqlite") -> Suggestion | None:
    """A spelling of ``query`` whose every word is in the vocabulary, if one edit per
    unknown word finds one.  ``lookup(sql, params)`` runs a :func:`known_sql` query and
    returns its rows (the caller's database connection, of ``vendor``)."""
    typed = {w for term in query.terms for w in _WORD.findall(term.text)
             if len(w) >= MIN_LENGTH and not w.isdigit()}
    if not typed:
        return None
    lowered = {w.lower() for w in typed}
    # The typed words first: most searches are spelled right, and a page of
    # results should not pay for looking up hundreds of neighbours.
    documents = dict(lookup(*known_sql(sorted(lowered), vendor)))
    unknown = sorted(lowered - documents.keys())
    if not unknown:
        return None
    neighbours = {word: candidates(word) for word in unknown}
    # One query for the neighbours of every unknown word: a round trip, not one per word.
    documents.update(lookup(*known_sql(sorted(set().union(*neighbours.values())), vendor)))
    fixes: dict[str, str] = {}
    for word in unknown:
        options = [(n, w) for w in neighbours[word] if (n := documents.get(w))]
        if options:
            fixes[word] = min(options, key=lambda option: (-option[0], option[1]))[1]
    if not fixes:
        return None

    def fixed(match: re.Match[str]) -> str:
        word = match.group()
        return _as_typed(word, fixes[word.lower()]) if word.lower() in fixes else word

    terms = tuple(Term(_WORD.sub(fixed, t.text), t.exclude) for t in query.terms)
    pairs = tuple((w, _as_typed(w, fixes[w.lower()])) for w in sorted(typed)
                  if w.lower() in fixes)
    return Suggestion(SearchQuery(terms), _query_text(terms), pairs)
