"""A deterministic synthetic catalog for the backup tests, built with the SQLAlchemy models.

Documents have authors with affiliations, disclaimers, footnotes (some withdrawn,
some without anchor), source files with arbitrary bytes, parsing problems;
drafts, published and withdrawn documents; non-Latin text and emoji; and at
least three versions each, made by updates under ``acting_as``.  A person is
merged into a later one, a problem is deleted, a row is changed by raw SQL, so
the history holds every kind of entry.  Users and groups go in as plain rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload, sessionmaker

from archive import schema
from archive.attribution import acting_as

__all__ = ["add_users", "populate"]

WORDS = (
    "archive",
    "stance",
    "Karabakh",
    "Карабах",
    "Ղարաբաղ",
    "Qarabağ",
    "حرب",
    "戦争",
    "👍",
    "🇦🇲",
    "naïve",
    "façade",
    "Zürich",
    "Ελλάδα",
    "peace",
    "treaty",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
)
ORGANIZATIONS = ("Example Press", "Институт мира", "مركز الدراسات", "東京大学", "Café ☕ Forum")
PEOPLE = ("Ada Example", "Анна Петрова", "Արամ Սարգսյան", "李小龙", "Zoë O'Brien 🚀", "Jörg Möller")
STATUSES = ("published", "published", "draft", "withdrawn")


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def populate(
    sessions: sessionmaker[Session], count: int, *, versions: int = 3, seed: int = 4
) -> list[int]:
    """Create ``count`` documents with ``versions`` versions each; return their ids."""
    rng = random.Random(seed)
    with acting_as("ingest:synthetic"), sessions.begin() as session:
        organizations = [
            schema.Organization(name=f"{name} {i}", name_key=f"{name} {i}".lower())
            for i in range(4)
            for name in ORGANIZATIONS
        ]
        people = [
            schema.Person(name=f"{name} {i}", name_key=f"{name} {i}".lower())
            for i in range(5)
            for name in PEOPLE
        ]
        session.add_all(organizations + people)
    ids: list[int] = []
    for start in range(0, count, 250):
        with acting_as("ingest:synthetic"), sessions.begin() as session:
            batch = [
                _document(rng, i, organizations, people, session)
                for i in range(start, min(count, start + 250))
            ]
            session.flush()
            ids += [document.id for document in batch]
    for round_ in range(1, versions):
        _revise(sessions, ids, round_)
    _special_cases(sessions, people)
    return ids


def _document(
    rng: random.Random,
    i: int,
    organizations: list[schema.Organization],
    people: list[schema.Person],
    session: Session,
) -> schema.Document:
    status = STATUSES[i % len(STATUSES)]
    document = schema.Document(
        title=f"{i}: {_words(rng, 5)}",
        subtitle=_words(rng, 3) if i % 3 else None,
        kind=rng.choice(("opinion", "article", "report")),
        language=rng.choice(("en", "ru", "hy", "ar")),
        status=status,
        withdrawn_reason="duplicate of another record ✂" if status == "withdrawn" else None,
        published=dt.date(2000 + i % 25, 1 + i % 12, 1 + i % 28) if i % 5 else None,
        published_raw=f"{1 + i % 28}/{1 + i % 12}" if i % 5 else None,
        publisher=rng.choice(organizations) if i % 4 else None,
        text="\n\n".join(_words(rng, 30) for _ in range(3)),
        section_starts=[0, 2] if i % 2 else [0],
        repairs=[
            {
                "where": "text",
                "paragraph": 1,
                "offset": 3,
                "original": "ar- chive",
                "repaired": "archive",
            }
        ]
        if i % 3 == 0
        else [],
        provenance=[
            {
                "field": "published",
                "source": "the HTML meta tag article:published_time",
                "value": "2021-03-04",
                "other": [{"source": "a dateline under the title", "value": "4 März 2021 ✂"}],
            }
        ]
        if i % 2
        else [],
        created_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=i),
    )
    if i % 3 == 1:
        content = rng.randbytes(40) + "Карабах 👍".encode()
        document.source = schema.SourceFile(
            sha256=hashlib.sha256(content).hexdigest(),
            filename=f"doc-{i}.txt",
            format="text",
            media_type="text/plain",
            size=len(content),
            content=content,
            ingested_at=dt.datetime(2024, 2, 1, 12, 30, 15, 123456, tzinfo=dt.UTC),
        )
    for position in range(1, 1 + rng.randint(1, 3)):
        authorship = schema.Authorship(
            person=rng.choice(people),
            position=position,
            honorific=rng.choice(("Dr.", "Prof.", None)),
        )
        for place in range(1, 1 + rng.randint(0, 2)):
            authorship.affiliations.append(
                schema.Affiliation(
                    organization=rng.choice(organizations),
                    position=place,
                    title=rng.choice(("Fellow", "Директор", None)),
                    place=rng.choice(("Yerevan", None)),
                )
            )
        document.authorships.append(authorship)
    if i % 2:
        document.disclaimer = schema.Disclaimer(
            text="The views are the authors' own — 見解は著者のもの.",
            organization=rng.choice((*organizations, None)),
        )
    for number in range(1, 1 + rng.randint(0, 4)):
        anchored = number % 3 != 0
        document.footnotes.append(
            schema.Footnote(
                number=number,
                text=f"{number}. {_words(rng, 8)}",
                anchor_paragraph=1 + number % 3 if anchored else None,
                anchor_offset=7 * number if anchored else None,
                urls=[f"https://example.org/{i}/{number}"] if number % 2 else [],
                url_fragments=["example.org/", f"{i}"] if number % 2 else [],
                status="withdrawn" if number == 4 else "active",
                withdrawn_reason="not in the source" if number == 4 else None,
            )
        )
    if i % 7 == 0:
        document.problems.append(
            schema.Problem(
                stage="byline",
                field="authors",
                line=3,
                raw="by ??? ✍",
                reason="no name found",
            )
        )
    session.add(document)
    return document


def _revise(sessions: sessionmaker[Session], ids: list[int], round_: int) -> None:
    """One more version of every document, and of its first footnote and author."""
    actor = ("librarian-ann", "librarian-бо", "ingest:second-pass")[round_ % 3]
    for chunk in _chunks(ids, 250):
        with acting_as(actor), sessions.begin() as session:
            query = (
                sa.select(schema.Document)
                .where(schema.Document.id.in_(chunk))
                .options(
                    selectinload(schema.Document.footnotes),
                    selectinload(schema.Document.authorships).selectinload(
                        schema.Authorship.affiliations
                    ),
                )
            )
            for document in session.scalars(query):
                document.title = f"{document.title} · v{round_ + 1}"
                document.text += f"\n\nAddendum {round_} 📝"
                if document.footnotes:
                    document.footnotes[0].text += f" (revised {round_})"
                if round_ == 1 and document.authorships:
                    document.authorships[0].role = "editor"
                if round_ == 2 and document.authorships and document.authorships[0].affiliations:
                    document.authorships[0].affiliations[0].place = "Ереван"


def _special_cases(sessions: sessionmaker[Session], people: list[schema.Person]) -> None:
    with acting_as("librarian-ann"), sessions.begin() as session:
        # Merged into a person with a *higher* id: a restore must order the inserts.
        first, last = (
            session.get(schema.Person, people[0].id),
            session.get(schema.Person, people[-1].id),
        )
        first.merged_into_id = last.id
        first.status = "withdrawn"
        first.withdrawn_reason = "merged"
        problem = session.scalars(sa.select(schema.Problem).limit(1)).first()
        if problem is not None:
            session.delete(problem)  # a "D" history row
        refused = b"%PDF-1.7 \x00\xff not text"
        session.add(
            schema.QuarantinedFile(
                sha256=hashlib.sha256(refused).hexdigest(),
                filename="scan.pdf",
                path="inbox/scan.pdf",
                size=len(refused),
                format="pdf",
                reason="PDF is not read yet — 未対応",
                content=refused,
                first_seen=dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
                last_seen=dt.datetime(2025, 1, 3, 3, 4, 5, 600000, tzinfo=dt.UTC),
                attempts=2,
            )
        )
    with sessions.begin() as session:
        # Raw SQL that leaves changed_at alone: the trigger dates the history by the DB clock.
        session.execute(
            sa.text(
                "UPDATE organization SET url = 'https://example.org', version = version + 1, "
                "changed_by = 'sql:maintenance' WHERE id = (SELECT MIN(id) FROM organization)"
            )
        )


def add_users(engine: sa.Engine) -> None:
    """A group with two permissions, a superuser and a librarian in the group."""
    metadata = sa.MetaData()
    metadata.reflect(
        engine,
        only=[
            "auth_group",
            "auth_user",
            "auth_permission",
            "auth_user_groups",
            "auth_group_permissions",
            "auth_user_user_permissions",
        ],
    )
    tables = metadata.tables
    joined = dt.datetime(2025, 5, 1, 8, 0, 0, 250000, tzinfo=dt.UTC)
    with engine.begin() as connection:
        permission_ids = list(
            connection.scalars(
                sa.select(tables["auth_permission"].c.id).order_by(tables["auth_permission"].c.id)
            )
        )
        connection.execute(tables["auth_group"].insert(), [{"id": 3, "name": "Librarians 📚"}])
        connection.execute(
            tables["auth_group_permissions"].insert(),
            [{"group_id": 3, "permission_id": pid} for pid in permission_ids[:2]],
        )
        user = {
            "password": "pbkdf2_sha256$1000000$salt$hash=",
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_staff": True,
            "is_active": True,
            "date_joined": joined,
        }
        connection.execute(
            tables["auth_user"].insert(),
            [
                {**user, "id": 1, "username": "admin", "is_superuser": True, "last_login": None},
                {
                    **user,
                    "id": 5,
                    "username": "анна",
                    "is_superuser": False,
                    "last_login": joined,
                    "first_name": "Анна",
                },
            ],
        )
        connection.execute(tables["auth_user_groups"].insert(), [{"user_id": 5, "group_id": 3}])
        connection.execute(
            tables["auth_user_user_permissions"].insert(),
            [{"user_id": 5, "permission_id": permission_ids[-1]}],
        )
