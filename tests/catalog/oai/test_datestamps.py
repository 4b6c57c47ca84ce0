"""When a record "changed": the triggers of revision 0013, and the rebuild agreeing with them.

A record is assembled from the document row, its authorships and the people
named, affiliations and their organisations, the disclaimer, the footnotes and
the publisher: a write to any of them while the document is published changes
the record; nothing else does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from archive import schema
from archive.attribution import acting_as, utcnow
from archive.oai import store

from .conftest import utc

T1, T2, T3, T4, T5, T6 = (utc(2024, 1, day, 10) for day in range(1, 7))


def test_publication_and_each_part_of_the_record_set_the_datestamp(
    create: Any, change: Any, footnote_of: Any, datestamps: Any, sessions: Any, factories: Any
) -> None:
    pk = create("Doc", notes=[factories.Note("One.")], affiliation="Example University",
                at=T1)
    assert datestamps() == {pk: (T1, False)}
    change(schema.Footnote, footnote_of(pk), T2, text="One, corrected.")
    assert datestamps()[pk] == (T2, False)
    with sessions() as session:
        authorship = session.query(schema.Authorship).filter_by(document_id=pk).one()
        affiliation_id = authorship.affiliations[0].id
        disclaimer_id = session.query(schema.Disclaimer.id).filter_by(document_id=pk).scalar()
    change(schema.Affiliation, affiliation_id, T3, title="Dean")
    assert datestamps()[pk] == (T3, False)
    change(schema.Disclaimer, disclaimer_id, T4, text="New wording.")
    assert datestamps()[pk] == (T4, False)
    change(schema.Authorship, authorship.id, T5, honorific="Prof.")
    assert datestamps()[pk] == (T5, False)
    change(schema.Document, pk, T6, title="Retitled")
    assert datestamps()[pk] == (T6, False)


def test_adding_and_removing_children_changes_the_record(
    create: Any, sessions: Any, datestamps: Any
) -> None:
    pk = create("Doc", at=T1)
    with acting_as("test:edit", T2), sessions.begin() as session:
        session.add(schema.Footnote(document_id=pk, number=9, text="Added.", urls=[],
                                    url_fragments=[]))
    assert datestamps()[pk] == (T2, False)
    before = utcnow().replace(microsecond=0)
    with acting_as("test:edit", T3), sessions.begin() as session:
        session.delete(session.query(schema.Footnote).filter_by(document_id=pk).one())
    # A deletion is dated by the database clock, as the history dates it.
    stamp, gone = datestamps()[pk]
    assert not gone and before <= stamp <= utcnow()


def test_renaming_a_person_or_an_organisation_changes_every_record_naming_them(
    create: Any, change: Any, datestamps: Any, sessions: Any
) -> None:
    by_ada = create("By Ada", authors=["Ada Example"], publisher="House A", at=T1)
    also_ada = create("Also Ada", authors=["Ada Example", "Bo"], publisher="House B", at=T1)
    other = create("Other", authors=["Cy"], publisher="House B", affiliation="House A",
                   disclaimer=None, at=T1)
    with sessions() as session:
        ada = session.query(schema.Person.id).filter_by(name="Ada Example").scalar()
        house_a = session.query(schema.Organization.id).filter_by(name="House A").scalar()
        house_b = session.query(schema.Organization.id).filter_by(name="House B").scalar()
    change(schema.Person, ada, T2, name="Ada B. Example")
    assert datestamps() == {by_ada: (T2, False), also_ada: (T2, False), other: (T1, False)}
    # House A publishes one and employs the author of another.
    change(schema.Organization, house_a, T3, name="House A Ltd")
    assert datestamps() == {by_ada: (T3, False), also_ada: (T2, False), other: (T3, False)}
    change(schema.Organization, house_b, T4, url="https://house-b.example")
    assert datestamps() == {by_ada: (T3, False), also_ada: (T4, False), other: (T4, False)}


def test_withdrawal_deletes_and_republication_restores(
    create: Any, change: Any, footnote_of: Any, datestamps: Any, factories: Any
) -> None:
    pk = create("Doc", notes=[factories.Note("One.")], kind="report", at=T1)
    change(schema.Document, pk, T2, status="withdrawn", withdrawn_reason="takedown")
    assert datestamps()[pk] == (T2, True)
    change(schema.Footnote, footnote_of(pk), T3, text="Edited while withdrawn")
    change(schema.Document, pk, T4, kind="opinion")
    assert datestamps()[pk] == (T2, True)  # nothing a harvester can see changed
    change(schema.Document, pk, T5, status="published", withdrawn_reason=None)
    assert datestamps()[pk] == (T5, False)


def test_deleted_records_keep_the_sets_they_were_in(
    create: Any, change: Any, engine: Any
) -> None:
    pk = create("Doc", kind="report", language="fr", at=T1)
    change(schema.Document, pk, T2, status="draft")
    change(schema.Document, pk, T3, kind="opinion", language="en")
    with engine.connect() as connection:
        header = store.header(connection, pk)
    assert (header.kind, header.language, header.deleted) == ("report", "fr", True)


def test_drafts_have_no_record_at_all(create: Any, change: Any, datestamps: Any) -> None:
    pk = create("Draft", status="draft", at=T1)
    change(schema.Document, pk, T2, title="Edited")
    change(schema.Document, pk, T3, status="withdrawn", withdrawn_reason="never mind")
    assert pk not in datestamps()


def test_problems_are_not_part_of_the_public_record(
    create: Any, sessions: Any, datestamps: Any
) -> None:
    pk = create("Doc", at=T1)
    with acting_as("test:ingest", T2), sessions.begin() as session:
        session.add(schema.Problem(document_id=pk, stage="dateline", raw="x", reason="y"))
    assert datestamps()[pk] == (T1, False)


def test_a_datestamp_never_goes_back(create: Any, change: Any, datestamps: Any) -> None:
    """A change attributed to an earlier moment (a slow writer) does not move a record back."""
    pk = create("Doc", at=T3)
    change(schema.Document, pk, T1, title="Late writer")
    assert datestamps()[pk] == (T3, False)


def test_a_raw_update_without_a_time_is_dated_by_the_database(
    create: Any, engine: Any, datestamps: Any
) -> None:
    pk = create("Doc", at=T1)
    before = utcnow().replace(microsecond=0)
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE document SET title = 'Raw', version = version + 1, "
                    "changed_by = 'sql:fix' WHERE id = :pk"), {"pk": pk})
    stamp, _ = datestamps()[pk]
    assert before <= stamp <= utcnow()


def test_the_rebuild_gives_what_the_triggers_gave(
    create: Any, change: Any, footnote_of: Any, sessions: Any, engine: Any, datestamps: Any,
    factories: Any,
) -> None:
    """After a mixed history, recomputing oai_record from catalog and history changes nothing."""
    a = create("A", notes=[factories.Note("n")], affiliation="Uni", at=T1)
    b = create("B", authors=["Ada Example"], at=T1)
    c = create("C", at=T2)
    d = create("D", status="draft", at=T1)
    e = create("E", kind="report", at=T1)
    change(schema.Footnote, footnote_of(a), T3, text="m")
    change(schema.Document, c, T3, status="withdrawn", withdrawn_reason="x")
    change(schema.Document, c, T4, title="Withdrawn, edited")
    change(schema.Document, d, T4, status="published")
    change(schema.Document, e, T2, status="draft")
    change(schema.Document, e, T5, kind="book")
    with sessions() as session:
        ada = session.query(schema.Person.id).filter_by(name="Ada Example").scalar()
        uni = session.query(schema.Organization.id).filter_by(name="Uni").scalar()
    change(schema.Person, ada, T5, name="Ada Renamed")
    change(schema.Organization, uni, T6, name="University")
    by_triggers = datestamps()
    # Ada Example (the factory's default author) signs a, b and d: her rename reaches d too.
    assert by_triggers == {a: (T6, False), b: (T5, False), c: (T3, True), d: (T5, False),
                           e: (T2, True)}
    with engine.begin() as connection:
        assert store.rebuild(connection)
        kinds = {h.document_id: h.kind for h in store.page(
            connection, store.Window(None, utc(9999, 1, 1)), None, 100)}
    assert datestamps() == by_triggers
    assert kinds[e] == "report"  # the kind it had when it was last published


def test_the_rebuild_agrees_with_the_migration(engine: Any) -> None:
    """The live rebuild statements are the ones revision 0013 froze."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parents[3] / "migrations" / "versions" / "0013_oai_records.py"
    spec = importlib.util.spec_from_file_location("revision_0013", path)
    revision = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(revision)
    frozen = {"sqlite": revision._SQLITE_REBUILD, "postgresql": revision._PG_REBUILD}
    for dialect, statements in frozen.items():
        assert [" ".join(s.split()) for s in store.rebuild_sql(dialect)] == [
            " ".join(s.split()) for s in statements]
    assert {name for _table, name in store.trigger_names("sqlite")} == set(
        revision.SQLITE_TRIGGER_NAMES)
    assert store.trigger_names("postgresql") == [
        (table, name) for name, table in revision.PG_TRIGGER_NAMES]
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            found = set(connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars())
        else:
            found = set(connection.exec_driver_sql(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal").scalars())
    assert {name for _t, name in store.trigger_names(engine.dialect.name)} <= found


def test_datestamps_are_whole_seconds(create: Any, datestamps: Any) -> None:
    """The fraction of a second is dropped (OAI's granularity), never rounded up."""
    pk = create("Doc", at=dt.datetime(2024, 1, 1, 12, 0, 0, 999_000, tzinfo=dt.UTC))
    assert datestamps()[pk] == (utc(2024, 1, 1, 12, 0, 0), False)
