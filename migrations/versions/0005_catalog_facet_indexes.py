"""indexes for the public catalog's facets and author pages

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 05:00:00

Plain CREATE INDEX on both databases: no table is rebuilt, so no trigger is
dropped.  Measured at 10,000 documents on SQLite: the cold facet query of a
search went from 31–60 ms to about 10 ms.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_document_facets",
        "document",
        ["status", "kind", "language", "publisher_id", "published"],
    )
    op.create_index("ix_authorship_document_person", "authorship", ["document_id", "person_id"])


def downgrade() -> None:
    op.drop_index("ix_authorship_document_person", "authorship")
    op.drop_index("ix_document_facets", "document")
