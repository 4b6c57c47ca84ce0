"""search_vocabulary_change: words counted by ingest, folded into the vocabulary later

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-04 18:00:00

Issues 15, 16 and 19 (ingest speed).  Ingest counted each new document's words
into ``search_vocabulary`` inside the document's own transaction: an upsert of
some 600 words a document, a tenth of storing it on SQLite and a fifth on
PostgreSQL, repeated for every word the batch's documents share.  The document's
transaction now writes its words' +1/-1 as one row here; the batch folds the
rows into the vocabulary together (``archive.search.suggest.fold_pending``), each
word once.  Derived data, like the vocabulary: not backed up; a rebuild empties it.

The SQL below is frozen: written out when this revision was made.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0025"
down_revision: str | Sequence[str] | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TABLE search_vocabulary_change (id INTEGER PRIMARY KEY, changes TEXT NOT NULL)",
    ),
    "postgresql": (
        "CREATE TABLE search_vocabulary_change (id bigint GENERATED ALWAYS AS IDENTITY "
        "PRIMARY KEY, changes text NOT NULL)",
    ),
}

# Going back folds what is still pending into the vocabulary first: nothing counted is lost.
DOWNGRADE: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "INSERT INTO search_vocabulary (word, documents) "
        "SELECT json_extract(e.value, '$[0]'), sum(json_extract(e.value, '$[1]')) "
        "FROM search_vocabulary_change c, json_each(c.changes) e GROUP BY 1 "
        "ON CONFLICT (word) DO UPDATE SET documents = search_vocabulary.documents "
        "+ excluded.documents",
        "DELETE FROM search_vocabulary WHERE documents <= 0",
        "DROP TABLE IF EXISTS search_vocabulary_change",
    ),
    "postgresql": (
        "INSERT INTO search_vocabulary (word, documents) "
        "SELECT e ->> 0, sum((e ->> 1)::integer) "
        "FROM search_vocabulary_change c, jsonb_array_elements(c.changes::jsonb) e GROUP BY 1 "
        "ON CONFLICT (word) DO UPDATE SET documents = search_vocabulary.documents "
        "+ EXCLUDED.documents",
        "DELETE FROM search_vocabulary WHERE documents <= 0",
        "DROP TABLE IF EXISTS search_vocabulary_change",
    ),
}


def upgrade() -> None:
    for statement in UPGRADE[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE[op.get_bind().dialect.name]:
        op.execute(statement)
