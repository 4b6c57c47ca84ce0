"""search (PostgreSQL): where each document matched, in one pass; how many a word matches

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-04 17:45:00

Issue 19.  A PostgreSQL results page ranked its matches with ``archive_search_match``
for the matches and one more call of it per tier (title, byline, notes, and everything
but the notes), re-reading a common word's matches in the bodies twice, and joined them
with ``document`` as if there were 1,000 (the function's ``ROWS``): at 100,000
documents, 93,382 look-ups one by one for a word in most documents.

* ``archive_search_tiers(q)``: every document ``q`` matches with a bit per group of
  parts it matched in (title 1, byline or disclaimer 2, body 4, notes 8), one pass
  over each GIN index; the rank is a function of the bits
  (``archive.search.postgresql.rank_of_tiers``).
* ``archive_search_estimate(q)``: the planner's estimate of the rows of
  ``search_part`` that ``q`` matches (its statistics of the most common words), read
  without touching a match: the page chooses hash joins for a word in more than an
  eighth of the catalog and look-ups for fewer (``catalog.public.search.joined_for``).

SQLite: nothing (its ranking reads the newest matches only).

The SQL below is frozen: written out when this revision was made.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0026"
down_revision: str | Sequence[str] | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(TIERS_FUNCTION)
        op.execute(ESTIMATE_FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS archive_search_estimate(tsquery)")
        op.execute("DROP FUNCTION IF EXISTS archive_search_tiers(tsquery)")


# fmt: off
TIERS_FUNCTION = "\nCREATE OR REPLACE FUNCTION archive_search_tiers(q tsquery)\nRETURNS TABLE (document_id integer, tiers integer) LANGUAGE plpgsql STABLE ROWS 1000\nSET enable_seqscan = off SET max_parallel_workers_per_gather = 0 AS $$\nBEGIN\n    IF numnode(q) = 0 THEN\n        RETURN QUERY SELECT d.id, 0 FROM document d;\n        RETURN;\n    END IF;\n    RETURN QUERY SELECT m.id, bit_or(m.tier) FROM (\nSELECT s.document_id AS id, 1 AS tier FROM search_part s WHERE s.part = 't' AND s.tsv @@ q\n        UNION ALL SELECT s.document_id AS id, 2 AS tier FROM search_part s WHERE s.part IN ('a', 'd') AND s.tsv @@ q\n        UNION ALL SELECT s.document_id AS id, 4 AS tier FROM search_part s WHERE s.part = 'b' AND s.tsv @@ q\n        UNION ALL SELECT s.document_id AS id, 8 AS tier FROM search_part s WHERE s.part = 'n' AND s.tsv @@ q) m\n        GROUP BY m.id;\nEND $$"
ESTIMATE_FUNCTION = "\nCREATE OR REPLACE FUNCTION archive_search_estimate(q tsquery)\nRETURNS double precision LANGUAGE plpgsql VOLATILE AS $$\nDECLARE\n    plan json;\nBEGIN\n    IF numnode(q) = 0 THEN  -- stop words only: the term keeps every document\n        RETURN 'Infinity';\n    END IF;\n    EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM search_part WHERE tsv @@ %L::tsquery', q)\n        INTO plan;\n    RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::double precision;\nEND $$"
