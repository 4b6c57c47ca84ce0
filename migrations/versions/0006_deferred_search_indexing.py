"""deferred search indexing of documents inserted in bulk

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 06:40:00

Row by row, every footnote, authorship or disclaimer written re-indexes its
document; on SQLite that means tokenizing the whole text again (FTS5 external
content has no partial update), so ingesting a document with 80 notes cost 160
passes over its body.  ``document_search.deferred`` marks a document inserted
inside ``archive.search.deferred_indexing``: its children skip the index and the
document is indexed once, whole, when the deferral ends (same transaction).

* SQLite: table ``search_deferral`` (a writer's marker, removed before its
  commit), column ``deferred``, partial index, and every ``search_*`` trigger
  recreated at head (``archive.search.sqlite.TRIGGERS``).
* PostgreSQL: the transaction-local setting ``archive.defer_search``, column
  ``deferred``, partial index, new bodies of ``archive_search_refresh`` and
  ``archive_search_document`` and the trigger ``search_deferred_indexed``.

Plain ``ALTER TABLE … ADD COLUMN`` on both databases: no table is rebuilt, so
no history trigger is dropped.
"""

from collections.abc import Sequence

from alembic import op

from archive.search import postgresql, sqlite

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _module():
    return postgresql if op.get_bind().dialect.name == "postgresql" else sqlite


def upgrade() -> None:
    for statement in _module().install_deferral_sql():
        op.execute(statement)


def downgrade() -> None:
    for statement in _module().uninstall_deferral_sql():
        op.execute(statement)
