"""Drafts and withdrawn documents never reach a public page, the API, a facet or the sitemap."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

UNIQUE = "zyxwvutsqr"


def test_a_draft_is_found_nowhere(create: Callable[..., int], client: Client) -> None:
    """A draft with a unique word, author and publisher appears on no public surface."""
    public = create("Public document", authors=["Paula Public"])
    draft = create(
        f"Draft {UNIQUE}",
        text=f"Body {UNIQUE}.",
        status="draft",
        authors=[f"Dora {UNIQUE}"],
        publisher=f"Press {UNIQUE}",
        kind=f"kind{UNIQUE}",
        language="xx",
    )
    withdrawn = create(
        f"Withdrawn {UNIQUE}", status="withdrawn", withdrawn_reason="Retracted by its authors."
    )
    urls = [
        "/",
        f"/?q={UNIQUE}",
        f"/?notes={UNIQUE}",
        f"/?kind=kind{UNIQUE}",
        "/?language=xx",
        "/?status=draft",
        "/?status=withdrawn",
        "/?sort=title",
        "/api/documents/",
        f"/api/documents/?q={UNIQUE}",
        "/api/documents/?status=draft",
        "/sitemap.xml",
        "/sitemap-documents.xml",
        "/sitemap-authors.xml",
        "/sitemap-publishers.xml",
        f"/authors/{_author_id(client, public)}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for shown in (
            f"Draft {UNIQUE}",
            f"Body {UNIQUE}",
            f"Dora {UNIQUE}",
            f"Press {UNIQUE}",
            f"Withdrawn {UNIQUE}",
            f"({UNIQUE}",
            f">kind{UNIQUE}<",
        ):
            assert shown not in body, (url, shown)
        assert f"/documents/{draft}/" not in body and f"/documents/{withdrawn}/" not in body, url
    for q in (UNIQUE, f"Draft {UNIQUE}"):
        assert client.get("/api/documents/", {"q": q}).json()["results"] == []
        assert f"/documents/{draft}/" not in client.get("/", {"q": q}).content.decode()
    page = client.get("/", {"q": UNIQUE})
    assert page.context["facets"].total == 0
    assert all(values == [] for values in page.context["facets"].groups.values())
    assert page.context["page"].documents == []


def test_facets_count_published_only(create: Callable[..., int], client: Client) -> None:
    """Facet counts and the total ignore drafts and withdrawn documents."""
    create("One", kind="opinion")
    create("Two", kind="article")
    create("Draft", kind="opinion", status="draft")
    create("Gone", kind="opinion", status="withdrawn")
    facets = client.get("/").context["facets"]
    assert facets.total == 2
    assert {v.value: v.count for v in facets.groups["kind"]} == {"opinion": 1, "article": 1}
    assert [v.count for v in facets.groups["author"]] == [2]


def test_draft_pages_are_404_and_withdrawn_410(create: Callable[..., int], client: Client) -> None:
    """A draft is Not Found everywhere; a withdrawn document is Gone with its tombstone note."""
    draft = create("Draft", status="draft", authors=["Only Draftauthor"], publisher="Draft Press")
    withdrawn = create("Gone", status="withdrawn", withdrawn_reason="Retracted by its authors.")
    for url in (
        f"/documents/{draft}/",
        f"/documents/{draft}/cite.bib",
        f"/api/documents/{draft}/",
        "/documents/999999/",
    ):
        assert client.get(url).status_code == 404, url
    page = client.get(f"/documents/{withdrawn}/")
    assert page.status_code == 410
    assert "Retracted by its authors." in page.content.decode()
    api = client.get(f"/api/documents/{withdrawn}/")
    assert api.status_code == 410 and api.json()["withdrawn_reason"] == "Retracted by its authors."
    assert client.get(f"/documents/{withdrawn}/cite.ris").status_code == 410


def test_people_and_publishers_of_drafts_have_no_page(
    create: Callable[..., int], client: Client
) -> None:
    """An author or a publisher known only from drafts has no public page."""
    create("Draft", status="draft", authors=["Only Draftauthor"], publisher="Draft Press")
    from catalog.models import Organization, Person

    person = Person.objects.get(name="Only Draftauthor")
    press = Organization.objects.get(name="Draft Press")
    assert client.get(f"/authors/{person.id}/").status_code == 404
    assert client.get(f"/publishers/{press.id}/").status_code == 404


def _author_id(client: Client, document: int) -> int:
    return client.get(f"/api/documents/{document}/").json()["authors"][0]["person_id"]
