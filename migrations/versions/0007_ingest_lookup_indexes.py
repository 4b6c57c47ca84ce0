"""indexes for ingest's identity look-ups: lower(title) and the source file name

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 06:50:00

Ingest recognises a correction by its title and date (else its file name) and a
bibliographic record by DOI, URL or title and year.  ``lower(title)`` and
``source_file.filename`` had no index, so every ingested file scanned the
catalog: bibliographic imports slowed 3–4× between 2,000 and 10,000 documents.
Plain CREATE INDEX on both databases: no table is rebuilt, no trigger dropped.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_document_title_lower", "document", [sa.text("lower(title)")])
    op.create_index("ix_source_file_filename", "source_file", ["filename"])


def downgrade() -> None:
    op.drop_index("ix_source_file_filename", "source_file")
    op.drop_index("ix_document_title_lower", "document")
