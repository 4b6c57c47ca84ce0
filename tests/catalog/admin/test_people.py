"""People: merges keep the byline as printed, old author URLs redirect, name keys follow names."""

from __future__ import annotations

import sqlalchemy as sa
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client

from archive import schema
from archive.attribution import acting_as
from archive.ingest.store import _person
from catalog.models import Authorship, Person

PEOPLE = "/admin/catalog/person/"


def _two_spellings(make_document, sessions) -> tuple[int, int, int, int]:
    """Two published documents, one printing "Hakan Yavuz", the other "M. Hakan Yavuz"."""
    kept_doc = make_document(title="One", status="published")
    other_doc = make_document(title="Two", status="published")
    with acting_as("test:factory"), sessions.begin() as session:
        for document_id, name in ((kept_doc, "Hakan Yavuz"), (other_doc, "M. Hakan Yavuz")):
            authorship = session.scalars(
                sa.select(schema.Authorship).where(schema.Authorship.document_id == document_id)
            ).one()
            authorship.person.name = name  # printed_name stays NULL: rows from before 0016
    kept = Authorship.objects.get(document_id=kept_doc).person_id
    merged = Authorship.objects.get(document_id=other_doc).person_id
    return kept_doc, other_doc, kept, merged


def _merge(client: Client, kept: int, merged: int):
    return client.post(PEOPLE, {
        "action": "merge_people_action", ACTION_CHECKBOX_NAME: [kept, merged],
        "post": "yes", "keep": str(kept),
    })


def test_merge_keeps_the_printed_byline_linked_to_one_person(
    make_document, sessions, librarian_client: Client
) -> None:
    """After a merge the page, the API and the .bib print the name as the document did."""
    _, other_doc, kept, merged = _two_spellings(make_document, sessions)
    assert _merge(librarian_client, kept, merged).status_code == 302
    assert Authorship.objects.get(document_id=other_doc).person_id == kept

    page = Client().get(f"/documents/{other_doc}/").content.decode()
    assert f'<a href="/authors/{kept}/">Dr. M. Hakan Yavuz</a>' in page
    api = Client().get(f"/api/documents/{other_doc}/").json()
    assert [(a["person_id"], a["name"]) for a in api["authors"]] == [(kept, "M. Hakan Yavuz")]
    bib = Client().get(f"/documents/{other_doc}/cite.bib").content.decode()
    assert "M. Hakan" in bib and "Yavuz" in bib
    author_page = Client().get(f"/authors/{kept}/").content.decode()
    assert "Also printed as: M. Hakan Yavuz" in author_page


def test_merged_author_url_redirects_permanently(
    make_document, sessions, librarian_client: Client
) -> None:
    """/authors/<merged id>/ answers 301 to the surviving person; unknown ids stay 404."""
    _, _, kept, merged = _two_spellings(make_document, sessions)
    _merge(librarian_client, kept, merged)
    response = Client().get(f"/authors/{merged}/", {"page": "1"})
    assert response.status_code == 301
    assert response["Location"] == f"/authors/{kept}/?page=1"
    assert Client().get("/authors/999999/").status_code == 404


def test_survivor_history_mentions_the_merge(
    make_document, sessions, librarian_client: Client
) -> None:
    """The kept person's History names the record merged into it, who and when."""
    _, _, kept, merged = _two_spellings(make_document, sessions)
    _merge(librarian_client, kept, merged)
    page = librarian_client.get(f"{PEOPLE}{kept}/history/").content.decode()
    assert "merged in" in page and f"#{merged} M. Hakan Yavuz" in page and "— ann" in page


def test_merge_form_counts_documents_and_proposes_a_survivor(
    make_document, sessions, librarian_client: Client
) -> None:
    """Each choice says how many documents name it; the one most documents name is preselected."""
    kept_doc, _, kept, merged = _two_spellings(make_document, sessions)
    third = make_document(title="Three", status="published")
    with acting_as("test:factory"), sessions.begin() as session:
        row = session.scalars(
            sa.select(schema.Authorship).where(schema.Authorship.document_id == third)
        ).one()
        row.person_id = merged
    page = librarian_client.post(
        PEOPLE, {"action": "merge_people_action", ACTION_CHECKBOX_NAME: [kept, merged]}
    )
    form = page.context["form"]
    assert form["keep"].value() == merged
    text = page.content.decode()
    assert f"Hakan Yavuz (#{kept}) — 1 document<" in text
    assert f"M. Hakan Yavuz (#{merged}) — 2 documents<" in text


def test_name_key_follows_a_rename_in_the_admin(make_document, librarian_client: Client) -> None:
    """Renaming a person in the admin refreshes the key ingest matches names by."""
    document = make_document()
    person = Person.objects.get(authorships__document_id=document)
    page = librarian_client.get(f"{PEOPLE}{person.pk}/change/")
    data = {
        name: value
        for name, value in page.context["adminform"].form.initial.items()
        if value is not None
    }
    data.update(name="Ada  LOVELACE", status="active", version=str(person.version))
    response = librarian_client.post(f"{PEOPLE}{person.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.name_key == "ada lovelace"


def test_name_key_follows_every_orm_write(sessions, make_document) -> None:
    """SQLAlchemy and Django writers both derive the key; a bulk update too."""
    document = make_document()
    person = Person.objects.get(authorships__document_id=document)
    with acting_as("test:sa"), sessions.begin() as session:
        session.get(schema.Person, person.pk).name = "Ｂｅｒｔａ Ｋ"  # full-width: NFKC folds it
    person.refresh_from_db()
    assert person.name_key == "berta k"
    with acting_as("test:django"):
        Person.objects.filter(pk=person.pk).update(name="Carla Mé")
    person.refresh_from_db()
    assert person.name_key == "carla mé"


def test_ingest_of_a_merged_spelling_finds_the_survivor(
    make_document, sessions, librarian_client: Client
) -> None:
    """A spelling merged away is not a new person the next time a document prints it."""
    _, _, kept, merged = _two_spellings(make_document, sessions)
    _merge(librarian_client, kept, merged)
    with acting_as("test:ingest"), sessions.begin() as session:
        assert _person(session, "m.  hakan YAVUZ").id == kept
