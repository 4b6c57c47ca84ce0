"""A small factory of catalog documents, written through the core (SQLAlchemy) as ingest would."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from archive import schema
from archive.attribution import acting_as, utcnow

__all__ = ["Note", "create_document"]


@dataclass
class Note:
    text: str
    urls: list[str] = field(default_factory=list)
    paragraph: int | None = None
    offset: int | None = None


def _named(session: Session, model: type, name: str):  # noqa: ANN202
    key = " ".join(name.lower().split())
    found = session.query(model).filter_by(name_key=key).first()
    return found or model(name=name, name_key=key)


def create_document(
    sessions: sessionmaker[Session],
    title: str = "A document",
    *,
    text: str = "First paragraph.\n\nSecond paragraph.",
    status: str = "published",
    authors: Sequence[str] = ("Ada Example",),
    publisher: str | None = "Example Press",
    disclaimer: str | None = "The views are the authors' own.",
    notes: Sequence[Note] = (),
    kind: str = "opinion",
    language: str = "en",
    published: dt.date | None = dt.date(2021, 3, 22),
    withdrawn_reason: str | None = None,
    affiliation: str | None = None,
    subtitle: str | None = None,
    doi: str | None = None,
    url: str | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Create one document and return its id (``at``: the moment of the change, default now)."""
    with acting_as("test:factory", at), sessions.begin() as session:
        org = _named(session, schema.Organization, publisher) if publisher else None
        document = schema.Document(
            title=title,
            kind=kind,
            language=language,
            status=status,
            text=text,
            section_starts=[0],
            repairs=[],
            created_at=at or utcnow(),
            subtitle=subtitle,
            doi=doi,
            url=url,
            publisher=org,
            published=published,
            withdrawn_reason=withdrawn_reason,
        )
        for position, name in enumerate(authors, start=1):
            authorship = schema.Authorship(
                person=_named(session, schema.Person, name), position=position, honorific="Dr."
            )
            if affiliation:
                authorship.affiliations.append(
                    schema.Affiliation(
                        organization=_named(session, schema.Organization, affiliation),
                        position=1,
                        title="Professor",
                        place=None,
                    )
                )
            document.authorships.append(authorship)
        if disclaimer:
            document.disclaimer = schema.Disclaimer(text=disclaimer, organization=org)
        for number, note in enumerate(notes, start=1):
            document.footnotes.append(
                schema.Footnote(
                    number=number,
                    text=note.text,
                    urls=list(note.urls),
                    url_fragments=[],
                    anchor_paragraph=note.paragraph,
                    anchor_offset=note.offset,
                )
            )
        session.add(document)
        session.flush()
        return document.id
