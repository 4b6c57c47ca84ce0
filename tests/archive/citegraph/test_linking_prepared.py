"""Citations parsed before the write transaction: used when they are of the stored notes."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from archive import schema
from archive.attribution import acting_as
from archive.citegraph.linking import link_citations
from archive.citegraph.parser import NoteCitations
from archive.citegraph.tokens import Token

BOOK = ("Farid Shafiyev, Resettling the Borderlands: State Relocations and Ethnic Conflict in "
        "the South Caucasus (Montreal: McGill-Queen’s University Press, 2018), 64.")
OTHER = ("Thomas de Waal, Black Garden: Armenia and Azerbaijan through Peace and War "
         "(New York: New York University Press, 2003), 12.")


class RefusingLabeller:
    """Fails the test if linking parses a note again."""

    def label(self, tokens: list[Token]) -> None:
        raise AssertionError("the notes were parsed again")


def _link(sessions: sessionmaker[Session], notes: list[str], cited: NoteCitations,
          labeller: object | None = None) -> list[str]:
    with acting_as("ingest:test"), sessions.begin() as session:
        document = schema.Document(
            title="Notes", kind="article", language="en", status="published", text="Body.",
            section_starts=[0], repairs=[], created_at=dt.datetime.now(dt.UTC))
        for number, text in enumerate(notes, 1):
            document.footnotes.append(schema.Footnote(number=number, text=text, urls=[],
                                                      url_fragments=[]))
        session.add(document)
        session.flush()
        link_citations(session, document, labeller, new=True, cited=cited)  # type: ignore[arg-type]
        titles = session.scalars(
            sa.select(schema.Work.title).join(schema.Citation)
            .where(schema.Citation.document_id == document.id)
            .order_by(schema.Citation.id))
        return list(titles)


def test_citations_parsed_beforehand_are_stored_without_parsing_again(sessions) -> None:
    cited = NoteCitations.parse([BOOK])
    titles = _link(sessions, [BOOK], cited, RefusingLabeller())
    assert len(titles) == 1 and titles[0].startswith("Resettling the Borderlands")


def test_citations_of_other_notes_are_not_used(sessions) -> None:
    """A store that ends with other notes than were parsed reads the notes it stored."""
    titles = _link(sessions, [OTHER], NoteCitations.parse([BOOK]))
    assert len(titles) == 1 and titles[0].startswith("Black Garden")


def test_of_matches_only_the_same_notes_in_the_same_order() -> None:
    cited = NoteCitations.parse([BOOK, OTHER])
    assert cited.of([BOOK, OTHER]) == list(cited.citations)
    assert cited.of([OTHER, BOOK]) is None
    assert cited.of([BOOK]) is None
