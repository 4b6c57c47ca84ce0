"""full-text search

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 04:00:00

The search index of documents (``archive/search/``): titles, body text, author
names, disclaimers and the text of active footnotes.

* SQLite: ``document_search`` (gathered text per document), the view
  ``document_search_content`` and the FTS5 external-content table
  ``document_fts``, kept in sync by the ``search_*`` triggers on ``document``,
  ``document_search``, ``authorship``, ``person``, ``disclaimer`` and ``footnote``.
* PostgreSQL: ``document_search`` with one ``tsvector`` per source, their
  concatenation ``tsv`` (GIN) and ``notes`` (GIN), kept by ``search_*`` triggers.

None of these tables is in ``archive.schema.metadata``, so ``alembic check``
ignores them (``include_name`` in ``migrations/env.py``).

**A later SQLite batch migration** of ``document``, ``authorship``, ``person``,
``disclaimer`` or ``footnote`` rebuilds the table and silently drops its
``search_*`` triggers (and its history triggers): it must recreate them with
``archive.search.sqlite.install_triggers_sql()`` and then run
``archive.search.sqlite.rebuild_sql()``.  Recreating ``document`` also breaks
the view until it is recreated.
"""

from collections.abc import Sequence

from alembic import op

from archive.search import postgresql, sqlite

revision: str = '0002'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _module():
    return postgresql if op.get_bind().dialect.name == "postgresql" else sqlite


def upgrade() -> None:
    for statement in _module().install_sql():
        op.execute(statement)


def downgrade() -> None:
    for statement in _module().uninstall_sql():
        op.execute(statement)
