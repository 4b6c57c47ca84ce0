"""The document page: metadata, the disclaimer above the text, linked notes, safe output."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from types import ModuleType

from django.test import Client


def test_disclaimer_is_above_the_text_exactly_as_published(
    create: Callable[..., int], client: Client
) -> None:
    """The stance disclaimer comes before the body, verbatim, marked as the publisher's."""
    disclaimer = "Opinions expressed in these columns are the individual authors’ views."
    doc = create("Column", text="Body first words.\n\nMore.", disclaimer=disclaimer)
    html = client.get(f"/documents/{doc}/").content.decode()
    assert 0 < html.index("individual authors’ views") < html.index("Body first words")
    assert 'class="disclaimer"' in html and "not the archive" in html
    assert "Opinion column" in html


def test_footnote_markers_and_notes_link_both_ways(
    create: Callable[..., int], factories: ModuleType, client: Client
) -> None:
    """Each marker sits at its anchor and links to its note; each note links back."""
    Note = factories.Note
    doc = create(
        "Notes",
        text="Alpha beta.\n\nGamma delta epsilon.",
        notes=[
            Note("First note.", paragraph=1, offset=5),
            Note("Second note.", paragraph=2, offset=11),
            Note("Unanchored note."),
        ],
    )
    html = client.get(f"/documents/{doc}/").content.decode()
    marker = '<sup><a id="ref-{0}" href="#note-{0}">{0}</a></sup>'
    assert f"Alpha{marker.format(1)} beta." in html
    assert f"Gamma delta{marker.format(2)} epsilon." in html
    for number in (1, 2, 3):
        assert f'id="note-{number}"' in html
    assert 'href="#ref-1"' in html and 'href="#ref-2"' in html
    assert 'href="#ref-3"' not in html  # no marker to go back to


def test_only_http_urls_become_links(
    create: Callable[..., int], factories: ModuleType, client: Client
) -> None:
    """``javascript:`` and other schemes stay text; web links carry rel=noopener noreferrer."""
    Note = factories.Note
    doc = create(
        "Links",
        notes=[
            Note(
                "See.",
                urls=[
                    "javascript:alert(1)",
                    "JaVaScRiPt:alert(2)",
                    "data:text/html,<b>x</b>",
                    "https://example.org/a?b=1&c=2",
                    "ftp://example.org/file",
                ],
            )
        ],
    )
    html = client.get(f"/documents/{doc}/").content.decode()
    assert not re.search(r'<a [^>]*href="\s*(javascript|data|ftp):', html, re.IGNORECASE)
    assert "javascript:alert(1)" in html  # shown, as text
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">' in html


def test_script_in_title_and_notes_is_inert(
    create: Callable[..., int], factories: ModuleType, client: Client
) -> None:
    """Markup from the database is escaped on the page, the list and in JSON-LD."""
    Note = factories.Note
    evil = "<script>alert('x')</script>"
    doc = create(
        f"Title {evil}",
        text=f"Body {evil}",
        disclaimer=f"D {evil}",
        authors=[f"Eve {evil}"],
        notes=[Note(f"Note {evil}", paragraph=1, offset=2)],
    )
    for url in (f"/documents/{doc}/", "/", "/?q=alert"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "</script>alert" not in html
    html = client.get(f"/documents/{doc}/").content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_metadata_json_ld_and_citation_meta_tags(
    create: Callable[..., int], factories: ModuleType, client: Client
) -> None:
    """Reference managers find schema.org JSON-LD with citations and citation_* tags."""
    Note = factories.Note
    doc = create(
        "Metadata",
        authors=["Ada Example", "Bob Other"],
        affiliation="Utah University",
        notes=[Note("A source.", urls=["https://example.org/s"])],
    )
    html = client.get(f"/documents/{doc}/").content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "OpinionNewsArticle"
    assert data["citation"] == [
        {"@type": "CreativeWork", "name": "A source.", "url": "https://example.org/s"}
    ]
    assert '<meta name="citation_title" content="Metadata">' in html
    assert html.count('<meta name="citation_author"') == 2
    assert '<meta name="citation_publication_date" content="2021/03/22">' in html
    assert "Dr. Ada Example" in html and "Professor, Utah University" in html
    for link in ("cite.bib", "cite.ris", "cite.csl.json"):
        assert f'href="/documents/{doc}/{link}"' in html


def test_citation_downloads(create: Callable[..., int], client: Client) -> None:
    """BibTeX, RIS and CSL-JSON name the document, its authors, date and URL."""
    doc = create("A {braced} title & 100%", authors=["Ada Example"])
    bib = client.get(f"/documents/{doc}/cite.bib")
    assert bib["Content-Type"].startswith("application/x-bibtex")
    assert "attachment" in bib["Content-Disposition"]
    text = bib.content.decode()
    # An opinion column with no newspaper named: @misc, which requires no journal.
    assert text.startswith(f"@misc{{example2021-{doc},")
    assert r"{{A} {\{}braced{\}} title {\&} 100{\%}}" in text and "Example, Ada" in text
    ris = client.get(f"/documents/{doc}/cite.ris").content.decode()
    assert ris.startswith("TY  - NEWS") and "AU  - Example, Ada" in ris
    assert "DA  - 2021/03/22" in ris
    csl = client.get(f"/documents/{doc}/cite.csl.json").json()
    assert csl[0]["author"] == [{"family": "Example", "given": "Ada"}]
    assert csl[0]["issued"] == {"date-parts": [[2021, 3, 22]]}
    assert csl[0]["URL"].endswith(f"/documents/{doc}/")


def test_author_and_publisher_pages(create: Callable[..., int], client: Client) -> None:
    """An author page lists published documents and stated affiliations; so does a publisher's."""
    doc = create("By Ada", authors=["Ada Example"], affiliation="Utah University")
    create("Draft by Ada", authors=["Ada Example"], status="draft")
    record = client.get(f"/api/documents/{doc}/").json()
    person = client.get(f"/authors/{record['authors'][0]['person_id']}/").content.decode()
    assert "By Ada" in person and "Draft by Ada" not in person and "Utah University" in person
    press = client.get(f"/publishers/{record['publisher']['id']}/").content.decode()
    assert "By Ada" in press and "Draft by Ada" not in press


def test_page_landmarks_and_labels(create: Callable[..., int], client: Client) -> None:
    """Pages have main/nav landmarks, a skip link and labelled form fields."""
    create("Accessible")
    html = client.get("/").content.decode()
    assert '<main id="main"' in html and "<nav" in html and 'href="#main"' in html
    for field in ("id_q", "id_notes", "id_cites", "id_sort", "id_date_after"):
        assert f'<label for="{field}"' in html, field


def test_cite_this_styles(create: Callable[..., int], client: Client) -> None:
    """The "Cite this" box is formatted by citeproc-py in Chicago, APA or MLA, by link."""
    doc = create("Russia vs. Turkey?", authors=["Ada Example", "Mira <b>Okafor</b>"])
    chicago = client.get(f"/documents/{doc}/").content.decode()
    assert 'aria-current="true">Chicago<' in chicago and "?style=apa#cite-heading" in chicago
    assert "Example, Ada, and Mira &lt;b&gt;Okafor&lt;/b&gt;. 2021." in chicago
    apa = client.get(f"/documents/{doc}/", {"style": "apa"}).content.decode()
    assert "Example, A., &amp; &lt;b&gt;Okafor&lt;/b&gt;, M. (2021, March 22)." in apa
    assert "<i>Russia vs. Turkey?</i>" in apa and "Turkey?</i>." not in apa  # no "?."
    mla = client.get(f"/documents/{doc}/", {"style": "mla"}).content.decode()
    assert 'aria-current="true">MLA<' in mla and "22 Mar. 2021" in mla
    unknown = client.get(f"/documents/{doc}/", {"style": "<x>"}).content.decode()
    assert 'aria-current="true">Chicago<' in unknown
