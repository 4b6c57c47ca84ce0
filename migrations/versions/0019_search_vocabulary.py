"""search_vocabulary: the published catalog's words, for "Did you mean …"

Revision ID: 0019
Revises: 0012
Create Date: 2026-12-03 14:30:00

One row per word of the published catalog (titles, bodies, author names,
disclaimers, active notes), lower case, with the number of documents it
occurs in.  Spelling suggestions look up the candidates one edit away from an
unknown query word by primary key (``archive.search.suggest``).  Derived data,
like the search index: not backed up, rebuilt whole by ``manage.py
refresh_vocabulary``; this revision creates it empty.

The SQL below is frozen: written out when this revision was made.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TABLE search_vocabulary (word TEXT NOT NULL PRIMARY KEY, "
        "documents INTEGER NOT NULL) WITHOUT ROWID",
    ),
    "postgresql": (
        "CREATE TABLE search_vocabulary (word text NOT NULL PRIMARY KEY, "
        "documents integer NOT NULL)",
    ),
}

DOWNGRADE: dict[str, tuple[str, ...]] = {
    "sqlite": ("DROP TABLE IF EXISTS search_vocabulary",),
    "postgresql": ("DROP TABLE IF EXISTS search_vocabulary",),
}


def upgrade() -> None:
    for statement in UPGRADE[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE[op.get_bind().dialect.name]:
        op.execute(statement)
