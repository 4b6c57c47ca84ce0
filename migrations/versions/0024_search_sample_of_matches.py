"""search (PostgreSQL): some matches of a term without reading them all

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04 15:45:00

Issues 19 and 21.  "Did you mean" shows a respelling only if it finds a published
document now; on PostgreSQL that asked ``archive_search_match``, which reads every
match of the word (a common one: tens of thousands of rows), most of the
suggestion's 11.8 ms p95 at 100,000 documents.  ``archive_search_sample(q, n)``
returns up to ``n`` matches from each GIN index in turn and stops at the first
that gives ``n`` (``archive.search.postgresql.SAMPLE_FUNCTION``).  SQLite: nothing
(its newest-matches window already stops early).

The SQL below is frozen: written out when this revision was made.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0024"
down_revision: str | Sequence[str] | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(SAMPLE_FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS archive_search_sample(tsquery, integer)")


# fmt: off
SAMPLE_FUNCTION = "\nCREATE OR REPLACE FUNCTION archive_search_sample(q tsquery, n integer)\nRETURNS SETOF integer LANGUAGE plpgsql STABLE ROWS 100\nSET enable_seqscan = off AS $$\nDECLARE\n    got integer;\nBEGIN\n    RETURN QUERY SELECT document_id FROM search_part WHERE part = 't' AND tsv @@ q\n        LIMIT n;\n    GET DIAGNOSTICS got = ROW_COUNT;\n    IF got >= n THEN\n        RETURN;\n    END IF;\n    RETURN QUERY SELECT document_id FROM search_part WHERE part IN ('a', 'd') AND tsv @@ q\n        LIMIT n;\n    GET DIAGNOSTICS got = ROW_COUNT;\n    IF got >= n THEN\n        RETURN;\n    END IF;\n    RETURN QUERY SELECT document_id FROM search_part WHERE part = 'b' AND tsv @@ q\n        LIMIT n;\n    GET DIAGNOSTICS got = ROW_COUNT;\n    IF got >= n THEN\n        RETURN;\n    END IF;\n    RETURN QUERY SELECT document_id FROM search_part WHERE part = 'n' AND tsv @@ q\n        LIMIT n;\nEND $$"
