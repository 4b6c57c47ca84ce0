"""oai_record: when each published record last changed, for the OAI-PMH provider

Revision ID: 0013
Revises: 0008
Create Date: 2026-11-25 12:00:00

A harvester asks "what changed since T?".  A document's OAI record is assembled
from the document row, its authorships (and the people named), affiliations
(and their organisations), the disclaimer, the footnotes and the publisher, so
"changed" is the latest change of any of them while the document was
published.  Computing that at request time means a maximum over eight tables
and the history for every document of a page; instead this table keeps it,
one row per document that has ever been published:

* ``datestamp`` — to the second (OAI's granularity), UTC: the moment of the
  latest change of the record, taken as the history takes it (the writer's
  ``changed_at``, or the database clock for a write that did not set it, and
  for a deletion).  It never goes back.
* ``deleted`` — the document was published and no longer is (withdrawn, or
  back to draft): harvesters get a deleted header from that moment on.  A
  document never published has no row: drafts never appear.
* ``kind``, ``language``, ``publisher_id`` — the set memberships it had when
  it was last published (a deleted header carries the sets it left).

Triggers keep it up to date on every write path (ORM, admin, raw SQL): the
document itself, its children, and renames of people and organisations.  It is
derived data, like the search index: not backed up; a restore rebuilds it from
the catalog and its history with the same statement that fills it here.

Indexes: ``(datestamp, document_id)`` for keyset pages of a harvest, and the
same behind each kind of set (kind, language, publisher).

The SQL below is frozen: written out when this revision was made, so that a
later edit of ``archive/oai/store.py`` never changes what this revision does.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for statement in UPGRADE[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE[op.get_bind().dialect.name]:
        op.execute(statement)


# -- SQLite ----------------------------------------------------------------------

# Datestamps are stored as SQLAlchemy stores a whole-second DateTime on SQLite, so
# that text comparisons with bound parameters are exact.
_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"


def _second(expression: str) -> str:
    return f"(strftime('%Y-%m-%d %H:%M:%S', {expression}) || '.000000')"


_INSERTED = _second("NEW.changed_at")
_UPDATED = _second(
    f"CASE WHEN NEW.changed_at IS NOT OLD.changed_at THEN NEW.changed_at ELSE {_SQLITE_NOW} END"
)
_DELETED = _second(_SQLITE_NOW)

_UPSERT = (
    "INSERT INTO oai_record (document_id, datestamp, deleted, kind, language, publisher_id) "
    "VALUES (NEW.id, {at}, 0, NEW.kind, NEW.language, NEW.publisher_id) "
    "ON CONFLICT (document_id) DO UPDATE SET "
    "datestamp = max(oai_record.datestamp, excluded.datestamp), deleted = 0, "
    "kind = excluded.kind, language = excluded.language, publisher_id = excluded.publisher_id"
)


def _touch(documents: str, at: str) -> str:
    return (
        f"UPDATE oai_record SET datestamp = {at} "
        f"WHERE document_id IN ({documents}) AND deleted = 0 AND datestamp < {at}"
    )


def _sqlite_children() -> list[str]:
    statements = []
    for table in ("authorship", "disclaimer", "footnote"):
        statements += [
            f"CREATE TRIGGER {table}_oai_insert AFTER INSERT ON {table} FOR EACH ROW BEGIN "
            f"{_touch('NEW.document_id', _INSERTED)}; END",
            f"CREATE TRIGGER {table}_oai_update AFTER UPDATE ON {table} FOR EACH ROW BEGIN "
            f"{_touch('OLD.document_id, NEW.document_id', _UPDATED)}; END",
            f"CREATE TRIGGER {table}_oai_delete AFTER DELETE ON {table} FOR EACH ROW BEGIN "
            f"{_touch('OLD.document_id', _DELETED)}; END",
        ]
    owner = "SELECT document_id FROM authorship WHERE id IN ({})"
    statements += [
        "CREATE TRIGGER affiliation_oai_insert AFTER INSERT ON affiliation FOR EACH ROW BEGIN "
        f"{_touch(owner.format('NEW.authorship_id'), _INSERTED)}; END",
        "CREATE TRIGGER affiliation_oai_update AFTER UPDATE ON affiliation FOR EACH ROW BEGIN "
        f"{_touch(owner.format('OLD.authorship_id, NEW.authorship_id'), _UPDATED)}; END",
        "CREATE TRIGGER affiliation_oai_delete AFTER DELETE ON affiliation FOR EACH ROW BEGIN "
        f"{_touch(owner.format('OLD.authorship_id'), _DELETED)}; END",
    ]
    return statements


_NAMED_BY_ORGANIZATION = (
    "SELECT id FROM document WHERE publisher_id = NEW.id "
    "UNION SELECT a.document_id FROM affiliation f JOIN authorship a ON a.id = f.authorship_id "
    "WHERE f.organization_id = NEW.id "
    "UNION SELECT document_id FROM disclaimer WHERE organization_id = NEW.id"
)

_SQLITE_TRIGGERS = [
    "CREATE TRIGGER document_oai_insert AFTER INSERT ON document FOR EACH ROW "
    f"WHEN NEW.status = 'published' BEGIN {_UPSERT.format(at=_INSERTED)}; END",
    "CREATE TRIGGER document_oai_publish AFTER UPDATE ON document FOR EACH ROW "
    f"WHEN NEW.status = 'published' BEGIN {_UPSERT.format(at=_UPDATED)}; END",
    "CREATE TRIGGER document_oai_unpublish AFTER UPDATE ON document FOR EACH ROW "
    "WHEN OLD.status = 'published' AND NEW.status IS NOT 'published' BEGIN "
    f"UPDATE oai_record SET deleted = 1, datestamp = max(datestamp, {_UPDATED}) "
    "WHERE document_id = OLD.id; END",
    "CREATE TRIGGER document_oai_delete AFTER DELETE ON document FOR EACH ROW "
    "WHEN OLD.status = 'published' BEGIN "
    f"UPDATE oai_record SET deleted = 1, datestamp = max(datestamp, {_DELETED}) "
    "WHERE document_id = OLD.id; END",
    *_sqlite_children(),
    "CREATE TRIGGER person_oai_update AFTER UPDATE ON person FOR EACH ROW BEGIN "
    f"{_touch('SELECT document_id FROM authorship WHERE person_id = NEW.id', _UPDATED)}; END",
    "CREATE TRIGGER organization_oai_update AFTER UPDATE ON organization FOR EACH ROW BEGIN "
    f"{_touch(_NAMED_BY_ORGANIZATION, _UPDATED)}; END",
]

SQLITE_TRIGGER_NAMES = [statement.split()[2] for statement in _SQLITE_TRIGGERS]

# -- the rebuild (both dialects): every change moment of every record -------------

_CHANGES = """
    SELECT id AS document_id, changed_at AS changed FROM document
    UNION ALL SELECT document_id, changed_at FROM history
        WHERE document_id IS NOT NULL
        AND table_name IN ('document', 'authorship', 'affiliation', 'disclaimer', 'footnote')
    UNION ALL SELECT document_id, changed_at FROM authorship
    UNION ALL SELECT a.document_id, f.changed_at
        FROM affiliation f JOIN authorship a ON a.id = f.authorship_id
    UNION ALL SELECT document_id, changed_at FROM disclaimer
    UNION ALL SELECT document_id, changed_at FROM footnote
    UNION ALL SELECT a.document_id, p.changed_at FROM authorship a JOIN person p ON p.id = a.person_id
    UNION ALL SELECT a.document_id, h.changed_at
        FROM authorship a JOIN history h ON h.table_name = 'person' AND h.row_id = a.person_id
    UNION ALL SELECT d.id, o.changed_at FROM document d JOIN organization o ON o.id = d.publisher_id
    UNION ALL SELECT d.id, h.changed_at
        FROM document d JOIN history h ON h.table_name = 'organization' AND h.row_id = d.publisher_id
    UNION ALL SELECT a.document_id, o.changed_at
        FROM affiliation f JOIN authorship a ON a.id = f.authorship_id
        JOIN organization o ON o.id = f.organization_id
    UNION ALL SELECT a.document_id, h.changed_at
        FROM affiliation f JOIN authorship a ON a.id = f.authorship_id
        JOIN history h ON h.table_name = 'organization' AND h.row_id = f.organization_id
    UNION ALL SELECT c.document_id, o.changed_at
        FROM disclaimer c JOIN organization o ON o.id = c.organization_id
    UNION ALL SELECT c.document_id, h.changed_at
        FROM disclaimer c JOIN history h ON h.table_name = 'organization' AND h.row_id = c.organization_id
"""

_COLUMNS = "document_id, datestamp, deleted, kind, language, publisher_id"

_SQLITE_REBUILD = [
    "DELETE FROM oai_record",
    f"WITH changes (document_id, changed) AS ({_CHANGES}) "
    f"INSERT INTO oai_record ({_COLUMNS}) "
    f"SELECT d.id, max({_second('c.changed')}), 0, d.kind, d.language, d.publisher_id "
    "FROM document d JOIN changes c ON c.document_id = d.id "
    "WHERE d.status = 'published' GROUP BY d.id",
    f"INSERT INTO oai_record ({_COLUMNS}) "
    f"SELECT d.id, {_second('h.changed_at')}, 1, json_extract(h.snapshot, '$.kind'), "
    "json_extract(h.snapshot, '$.language'), json_extract(h.snapshot, '$.publisher_id') "
    "FROM document d JOIN history h ON h.table_name = 'document' AND h.row_id = d.id "
    "WHERE d.status <> 'published' AND json_extract(h.snapshot, '$.status') = 'published' "
    "AND h.version = (SELECT max(p.version) FROM history p WHERE p.table_name = 'document' "
    "AND p.row_id = d.id AND json_extract(p.snapshot, '$.status') = 'published')",
]

_INDEXES = [
    "CREATE INDEX ix_oai_record_datestamp ON oai_record (datestamp, document_id)",
    "CREATE INDEX ix_oai_record_kind ON oai_record (kind, datestamp, document_id)",
    "CREATE INDEX ix_oai_record_language ON oai_record (language, datestamp, document_id)",
    "CREATE INDEX ix_oai_record_publisher ON oai_record (publisher_id, datestamp, document_id)",
]

# -- PostgreSQL ------------------------------------------------------------------

_PG_MOMENT = """
    IF TG_OP = 'INSERT' THEN
        moment := NEW.changed_at;
    ELSIF TG_OP = 'UPDATE' AND NEW.changed_at IS DISTINCT FROM OLD.changed_at THEN
        moment := NEW.changed_at;
    ELSE
        moment := clock_timestamp();
    END IF;
    moment := date_trunc('second', moment);"""

_PG_FUNCTIONS = [
    f"""
CREATE OR REPLACE FUNCTION archive_oai_document() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    moment timestamptz;
BEGIN{_PG_MOMENT}
    IF TG_OP <> 'DELETE' THEN
        IF NEW.status = 'published' THEN
            INSERT INTO oai_record ({_COLUMNS})
            VALUES (NEW.id, moment, false, NEW.kind, NEW.language, NEW.publisher_id)
            ON CONFLICT (document_id) DO UPDATE SET
                datestamp = GREATEST(oai_record.datestamp, EXCLUDED.datestamp), deleted = false,
                kind = EXCLUDED.kind, language = EXCLUDED.language,
                publisher_id = EXCLUDED.publisher_id;
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        IF OLD.status = 'published' THEN
            UPDATE oai_record SET deleted = true, datestamp = GREATEST(datestamp, moment)
            WHERE document_id = OLD.id;
        END IF;
    END IF;
    RETURN NULL;
END $$""",
    f"""
CREATE OR REPLACE FUNCTION archive_oai_child() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    moment timestamptz;
    documents integer[];
BEGIN{_PG_MOMENT}
    IF TG_ARGV[0] = 'authorship' THEN
        IF TG_OP = 'INSERT' THEN
            documents := ARRAY(SELECT document_id FROM authorship WHERE id = NEW.authorship_id);
        ELSIF TG_OP = 'UPDATE' THEN
            documents := ARRAY(SELECT document_id FROM authorship
                               WHERE id IN (OLD.authorship_id, NEW.authorship_id));
        ELSE
            documents := ARRAY(SELECT document_id FROM authorship WHERE id = OLD.authorship_id);
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        documents := ARRAY[NEW.document_id];
    ELSIF TG_OP = 'UPDATE' THEN
        documents := ARRAY[OLD.document_id, NEW.document_id];
    ELSE
        documents := ARRAY[OLD.document_id];
    END IF;
    UPDATE oai_record SET datestamp = moment
    WHERE document_id = ANY (documents) AND NOT deleted AND datestamp < moment;
    RETURN NULL;
END $$""",
    f"""
CREATE OR REPLACE FUNCTION archive_oai_person() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    moment timestamptz;
BEGIN{_PG_MOMENT}
    UPDATE oai_record SET datestamp = moment
    WHERE document_id IN (SELECT document_id FROM authorship WHERE person_id = NEW.id)
    AND NOT deleted AND datestamp < moment;
    RETURN NULL;
END $$""",
    f"""
CREATE OR REPLACE FUNCTION archive_oai_organization() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    moment timestamptz;
BEGIN{_PG_MOMENT}
    UPDATE oai_record SET datestamp = moment
    WHERE document_id IN ({_NAMED_BY_ORGANIZATION})
    AND NOT deleted AND datestamp < moment;
    RETURN NULL;
END $$""",
]

_PG_TRIGGERS = [
    "CREATE TRIGGER document_oai AFTER INSERT OR UPDATE OR DELETE ON document "
    "FOR EACH ROW EXECUTE FUNCTION archive_oai_document()",
    *(
        f"CREATE TRIGGER {table}_oai AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION archive_oai_child('{link}')"
        for table, link in (
            ("authorship", "document_id"),
            ("disclaimer", "document_id"),
            ("footnote", "document_id"),
            ("affiliation", "authorship"),
        )
    ),
    "CREATE TRIGGER person_oai AFTER UPDATE ON person "
    "FOR EACH ROW EXECUTE FUNCTION archive_oai_person()",
    "CREATE TRIGGER organization_oai AFTER UPDATE ON organization "
    "FOR EACH ROW EXECUTE FUNCTION archive_oai_organization()",
]

PG_TRIGGER_NAMES = [(name, name.removesuffix("_oai")) for name in (s.split()[2] for s in _PG_TRIGGERS)]

_PG_REBUILD = [
    "DELETE FROM oai_record",
    f"WITH changes (document_id, changed) AS ({_CHANGES}) "
    f"INSERT INTO oai_record ({_COLUMNS}) "
    "SELECT d.id, date_trunc('second', max(c.changed)), false, d.kind, d.language, d.publisher_id "
    "FROM document d JOIN changes c ON c.document_id = d.id "
    "WHERE d.status = 'published' GROUP BY d.id",
    f"INSERT INTO oai_record ({_COLUMNS}) "
    "SELECT d.id, date_trunc('second', h.changed_at), true, h.snapshot->>'kind', "
    "h.snapshot->>'language', (h.snapshot->>'publisher_id')::integer "
    "FROM document d JOIN history h ON h.table_name = 'document' AND h.row_id = d.id "
    "WHERE d.status <> 'published' AND h.snapshot->>'status' = 'published' "
    "AND h.version = (SELECT max(p.version) FROM history p WHERE p.table_name = 'document' "
    "AND p.row_id = d.id AND p.snapshot->>'status' = 'published')",
]

UPGRADE: dict[str, list[str]] = {
    "sqlite": [
        "CREATE TABLE oai_record (document_id INTEGER NOT NULL, datestamp DATETIME NOT NULL, "
        "deleted BOOLEAN NOT NULL, kind VARCHAR(40) NOT NULL, language VARCHAR(12) NOT NULL, "
        "publisher_id INTEGER, CONSTRAINT pk_oai_record PRIMARY KEY (document_id))",
        *_INDEXES,
        *_SQLITE_TRIGGERS,
        *_SQLITE_REBUILD,
    ],
    "postgresql": [
        "CREATE TABLE oai_record (document_id INTEGER NOT NULL, "
        "datestamp TIMESTAMP WITH TIME ZONE NOT NULL, deleted BOOLEAN NOT NULL, "
        "kind VARCHAR(40) NOT NULL, language VARCHAR(12) NOT NULL, publisher_id INTEGER, "
        "CONSTRAINT pk_oai_record PRIMARY KEY (document_id))",
        *_INDEXES,
        *_PG_FUNCTIONS,
        *_PG_TRIGGERS,
        *_PG_REBUILD,
    ],
}

DOWNGRADE: dict[str, list[str]] = {
    "sqlite": [
        *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGER_NAMES),
        "DROP TABLE IF EXISTS oai_record",
    ],
    "postgresql": [
        *(f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in PG_TRIGGER_NAMES),
        "DROP FUNCTION IF EXISTS archive_oai_document()",
        "DROP FUNCTION IF EXISTS archive_oai_child()",
        "DROP FUNCTION IF EXISTS archive_oai_person()",
        "DROP FUNCTION IF EXISTS archive_oai_organization()",
        "DROP TABLE IF EXISTS oai_record",
    ],
}
