"""The "Did you mean" vocabulary follows ingest (command and background job), publishing,
withdrawing and restore.

Ingest and the curation service count each document's words in their own
transaction (what it gained and lost); a restore recounts the whole vocabulary.
Either way the table equals what a full ``refresh_vocabulary`` would write.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import sqlalchemy as sa
from django.core.management import call_command

from archive.attribution import acting_as
from archive.curation import publish_documents, withdraw_records
from archive.ingest.jobs import run_job, submit
from archive.search import suggest
from catalog.public.spelling import spelling_suggestion


def _article(title: str, body: str) -> str:
    return f"{title}\n\nBy Ada Example\n\nMarch 3, 2021\n\n{body}\n"


def _vocabulary(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return dict(connection.exec_driver_sql(
            f"SELECT word, documents FROM {suggest.TABLE}").all())


def _rebuilt(engine: sa.Engine) -> dict[str, int]:
    """What a full rebuild writes (rolled back: the table is left as it was)."""
    with engine.connect() as connection, connection.begin() as transaction:
        suggest.rebuild(connection)
        counts = dict(connection.exec_driver_sql(
            f"SELECT word, documents FROM {suggest.TABLE}").all())
        transaction.rollback()
    return counts


def _ingest(*args: str) -> None:
    call_command("ingest", *args, stdout=StringIO(), stderr=StringIO())


def test_ingest_publish_makes_words_suggestible(engine, tmp_path: Path) -> None:
    """A published file's words are suggested at once; a draft's never are."""
    (tmp_path / "published.txt").write_text(
        _article("Harbour ledgers of Tbilisi", "The quarantine station kept ledgers."))
    _ingest("--publish", str(tmp_path / "published.txt"))
    (tmp_path / "draft.txt").write_text(
        _article("Zanzibarian clove exports", "Cloves from the archipelago."))
    _ingest(str(tmp_path / "draft.txt"))

    found = spelling_suggestion("quarantne")
    assert found is not None and found.text == "quarantine"
    assert "zanzibarian" not in _vocabulary(engine)
    assert _vocabulary(engine) == _rebuilt(engine)


def test_a_correction_counts_what_it_gained_and_lost(engine, tmp_path: Path) -> None:
    """A corrected version replaces the old words: counts as a full rebuild makes them."""
    (tmp_path / "other.txt").write_text(
        _article("Caravan routes", "Merchants crossed the steppe with silk."))
    (tmp_path / "report.txt").write_text(
        _article("Caravan report", "Merchants carried porcelain across the steppe."))
    _ingest("--publish", str(tmp_path / "other.txt"), str(tmp_path / "report.txt"))
    assert _vocabulary(engine)["merchants"] == 2
    report = _document_id(engine, "Caravan report")

    (tmp_path / "fixed.txt").write_text(
        _article("Caravan report", "Traders carried lacquerware across the steppe."))
    _ingest("--publish", "--replaces", str(report), str(tmp_path / "fixed.txt"))

    counts = _vocabulary(engine)
    assert "porcelain" not in counts and counts["lacquerware"] == 1
    assert counts["merchants"] == 1 and counts["steppe"] == 2
    assert counts == _rebuilt(engine)


def test_bibliographic_records_are_counted(engine, tmp_path: Path) -> None:
    """Each published record of a reference list adds its title and names."""
    (tmp_path / "refs.bib").write_text(
        "@book{a, title = {Maritime Quarantines}, author = {Oduya, Kemal}, year = 1999}\n"
        "@book{b, title = {Quarantines Ashore}, author = {Oduya, Kemal}, year = 2001}\n")
    _ingest("--publish", str(tmp_path / "refs.bib"))
    counts = _vocabulary(engine)
    assert counts["quarantines"] == 2 and counts["oduya"] == 2
    assert counts == _rebuilt(engine)


def test_the_background_job_counts_words(engine, sessions) -> None:
    """A file read by a worker (the task's own function) is counted like the command's."""
    content = _article("Lighthouse keepers", "Keepers logged every passing steamship.").encode()
    with sessions.begin() as session:
        (job,) = submit(session, [("keepers.txt", content)], submitted_by="librarian",
                        publish=True)
    assert run_job(sessions, job) == "done"
    counts = _vocabulary(engine)
    assert counts["steamship"] == 1
    assert counts == _rebuilt(engine)


def test_publishing_and_withdrawing_count_words(engine, sessions, tmp_path: Path) -> None:
    """A draft's words join when a librarian publishes it, and leave when it is withdrawn."""
    (tmp_path / "draft.txt").write_text(
        _article("Saltworks of the delta", "Evaporation ponds yielded brine and gypsum."))
    _ingest(str(tmp_path / "draft.txt"))
    draft = _document_id(engine, "Saltworks of the delta")
    assert "gypsum" not in _vocabulary(engine)

    with acting_as("librarian"), sessions.begin() as session:
        (decision,) = publish_documents(session, [draft])
    assert decision.done and _vocabulary(engine)["gypsum"] == 1
    assert _vocabulary(engine) == _rebuilt(engine)

    with acting_as("librarian"), sessions.begin() as session:
        (decision,) = withdraw_records(session, "document", [draft], "duplicate of another")
    assert decision.done and "gypsum" not in _vocabulary(engine)
    assert _vocabulary(engine) == _rebuilt(engine)


def test_restore_recounts_the_vocabulary(engine, tmp_path: Path) -> None:
    """After a restore the vocabulary is the restored catalog's, not the one before."""
    (tmp_path / "kept.txt").write_text(
        _article("Granary accounts", "The granary stored millet and sorghum."))
    _ingest("--publish", str(tmp_path / "kept.txt"))
    backup = tmp_path / "catalog.jsonl"
    call_command("backup", str(backup), stdout=StringIO(), stderr=StringIO())
    (tmp_path / "later.txt").write_text(
        _article("Windmill repairs", "Millwrights replaced the sails."))
    _ingest("--publish", str(tmp_path / "later.txt"))
    with engine.begin() as connection:  # as if it had never been counted
        connection.exec_driver_sql(f"DELETE FROM {suggest.TABLE}")

    call_command("restore", "--replace", str(backup), stdout=StringIO(), stderr=StringIO())

    counts = _vocabulary(engine)
    assert counts["sorghum"] == 1 and "millwrights" not in counts
    assert counts == _rebuilt(engine)


def _document_id(engine: sa.Engine, title: str) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT id FROM document WHERE title = :t"),
                                  {"t": title}).scalar_one()


def _pending(engine: sa.Engine) -> int:
    with engine.connect() as connection:
        return connection.exec_driver_sql(f"SELECT count(*) FROM {suggest.PENDING}").scalar()


def test_deferred_changes_count_as_direct_ones_and_fold_once(engine) -> None:
    """What ingest defers adds up to what counting each change at once writes; a fold
    consumes the rows, so a second fold adds nothing; a word that falls to zero leaves."""
    with engine.begin() as connection:
        suggest.defer_change(connection, set(), {"harbour", "ledgers"})
        suggest.defer_change(connection, set(), {"harbour", "quarantine"})
        suggest.defer_change(connection, {"ledgers"}, {"registers"})
    assert _pending(engine) == 3 and _vocabulary(engine) == {}
    with engine.begin() as connection:
        assert suggest.fold_pending(connection) == 3  # words changed: not ledgers (+1 -1)
    folded = _vocabulary(engine)
    assert folded == {"harbour": 2, "quarantine": 1, "registers": 1}  # ledgers: +1 -1
    with engine.begin() as connection:
        assert suggest.fold_pending(connection) == 0
    assert _vocabulary(engine) == folded and _pending(engine) == 0
    with engine.begin() as connection:
        suggest.defer_change(connection, {"quarantine", "harbour"}, set())
        assert suggest.fold_pending(connection) == 2
    assert _vocabulary(engine) == {"harbour": 1, "registers": 1}


def test_a_batch_leaves_nothing_pending(engine, tmp_path: Path) -> None:
    """The ingest command folds its documents' words in before it returns."""
    for n, word in enumerate(("Marigold", "Saffron", "Turmeric")):
        (tmp_path / f"spice-{n}.txt").write_text(
            _article(f"{word} trade", f"Caravans carried {word.lower()} westward."))
    _ingest("--publish", str(tmp_path))
    assert _pending(engine) == 0
    assert _vocabulary(engine)["caravans"] == 3
    assert _vocabulary(engine) == _rebuilt(engine)


def test_a_rebuild_drops_what_is_pending(engine, tmp_path: Path) -> None:
    """A rebuild reads the catalog itself: a pending change it already counted is dropped."""
    (tmp_path / "mill.txt").write_text(_article("Mill ledgers", "Millers weighed barley."))
    _ingest("--publish", str(tmp_path / "mill.txt"))
    with engine.begin() as connection:
        suggest.defer_change(connection, set(), {"barley"})  # as if not yet folded
        suggest.rebuild(connection)
    assert _pending(engine) == 0
    assert _vocabulary(engine)["barley"] == 1
