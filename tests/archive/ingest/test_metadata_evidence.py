"""Metadata from every piece of evidence, combined in one place, with provenance.

Every document here is invented for the test (none is copied from the corpus).
"""

from __future__ import annotations

import datetime as dt

import pytest

from archive.ingest import parse_document
from archive.ingest.provenance import describe
from archive.ingest.stages.metadata import site_free_title, spelled_out, split_subtitle

BODY = (
    "The harbour at Leith has changed more in ten years than in the century before, "
    "and the people who work there have watched every step of it.\n"
)


def sources(doc) -> dict[str, str]:  # noqa: ANN001 - test helper
    return {entry.field: entry.source for entry in doc.provenance}


# -- header blocks ------------------------------------------------------------------


def test_a_document_header_gives_title_authors_and_date() -> None:
    text = (
        "Spec: 12\nTitle: Tidal Gauges for Small Harbours\n"
        "Author: ann@example.org (Ann Lee), Bo Chen <bo@example.org>\n"
        "Status: Draft\nType: Informational\nCreated: 04-Feb-2011\n\n"
        "Abstract\n\n" + BODY
    )
    doc = parse_document(text.encode(), "spec.txt")
    assert doc.title == "Tidal Gauges for Small Harbours"
    assert [a.name for a in doc.authors] == ["Ann Lee"]
    assert doc.published == dt.date(2011, 2, 4)
    assert doc.kind == "report"  # a header stating a status and a type
    assert "Abstract" in doc.paragraphs  # the first heading stays in the body
    assert sources(doc)["published"] == "the header line “Created:”"
    assert sources(doc)["authors"] == "the header line “Author:”"


def test_a_mail_header_names_the_authors_but_its_subject_is_not_the_title() -> None:
    text = (
        "Date: Tue, 3 Mar 2009 10:12:00 -0800 (PST)\n"
        "From: Ann Lee <ann@example.org>, Bo Chen <bo@example.org>\n"
        "Subject: Re: gauges again\n\n"
        "How to calibrate a tide gauge\n=============================\n\n" + BODY
    )
    doc = parse_document(text.encode(), "howto.txt")
    assert doc.title == "How to calibrate a tide gauge"
    assert [a.name for a in doc.authors] == ["Ann Lee", "Bo Chen"]
    assert doc.published == dt.date(2009, 3, 3)


def test_markdown_header_lines_without_fences_are_front_matter() -> None:
    text = "title: Tide Tables\ndate: 2018-05-26 17:00\nauthor: Ann Lee\n\n" + BODY
    doc = parse_document(text.encode(), "tides.md")
    assert doc.title == "Tide Tables"
    assert doc.published == dt.date(2018, 5, 26)
    assert [a.name for a in doc.authors] == ["Ann Lee"]
    assert not any("title:" in p for p in doc.paragraphs)


# -- front matter -------------------------------------------------------------------


def test_front_matter_title_wins_over_a_body_heading_and_affiliations_follow_indexes() -> None:
    text = (
        "---\ntitle: 'tidekit: A Python package for tide gauge records'\n"
        "authors:\n  - name: Ann Lee\n    affiliation: \"1, 2\"\n  - name: Bo Chen\n"
        "    affiliation: 2\naffiliations:\n  - name: Leith Harbour Trust\n    index: 1\n"
        "  - name: University of the Coast\n    index: 2\ndate: 3 May 2022\n"
        "bibliography: paper.bib\n---\n\n# Summary\n\n" + BODY + "\n# Statement of need\n\n"
        + BODY
    )
    doc = parse_document(text.encode(), "paper.md")
    assert (doc.title, doc.subtitle) == ("tidekit", "A Python package for tide gauge records")
    assert [(a.name, [x.organization for x in a.affiliations]) for a in doc.authors] == [
        ("Ann Lee", ["Leith Harbour Trust", "University of the Coast"]),
        ("Bo Chen", ["University of the Coast"]),
    ]
    assert doc.kind == "software-paper"
    assert sources(doc)["title"] == "the front matter's “title”"


def test_a_dated_signed_tagged_post_is_a_blog_post_and_a_permalink_dates_it() -> None:
    text = (
        '+++\npath = "2023/07/14/gauges"\ntitle = "New gauges"\nauthors = ["Ann Lee"]\n+++\n\n'
        + BODY
    )
    doc = parse_document(text.encode(), "post.md")
    assert doc.published == dt.date(2023, 7, 14)
    assert doc.kind == "blog-post"
    assert sources(doc)["published"] == "the date in the front matter's permalink"


def test_an_author_handle_is_kept_as_written_with_a_problem() -> None:
    text = "---\ntitle: Gauges\ndate: 2020-01-02\nauthors:\n- ann-lee\n---\n\n" + BODY
    doc = parse_document(text.encode(), "post.md")
    assert [a.name for a in doc.authors] == ["ann-lee"]
    assert any(p.field == "authors" and "ann-lee" in p.reason for p in doc.problems)


# -- HTML ---------------------------------------------------------------------------


def _page(head: str, body: str) -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode()


def test_a_site_name_joined_to_the_meta_title_is_taken_off() -> None:
    page = _page(
        '<meta property="og:title" content="Harbour Notes - Cranes Return to Leith">'
        '<meta property="og:site_name" content="Harbour Notes">'
        '<script type="application/ld+json">{"@type": "BlogPosting", '
        '"datePublished": "2020-06-12"}</script>',
        f"<article><p>{BODY}</p></article>",
    )
    doc = parse_document(page, "x.html")
    assert doc.title == "Cranes Return to Leith"
    assert doc.kind == "blog-post"
    assert doc.publisher == "Harbour Notes"  # the site name fills the gap
    assert sources(doc)["kind"] == "the page's JSON-LD type “BlogPosting”"
    assert sources(doc)["published"] == "the page's JSON-LD datePublished"


def test_dublin_core_with_a_colon_and_bepress_citation_tags_are_read_as_their_families() -> None:
    page = _page(
        "<title>Cranes</title>"
        '<meta name="DC:date" content="2014-03-09">'
        '<meta name="DC:publisher" content="Harbour Review">',
        f"<article><h1>Cranes</h1><p>{BODY}</p></article>",
    )
    doc = parse_document(page, "x.html")
    assert doc.published == dt.date(2014, 3, 9)
    assert sources(doc)["published"] == "the HTML meta tag dc.date"
    assert doc.publisher == "Harbour Review"
    page = _page(
        "<title>Cranes</title>"
        '<meta name="bepress_citation_date" content="2015-10-02">'
        '<meta name="bepress_citation_author" content="Ann Lee">',
        f"<article><h1>Cranes</h1><p>{BODY}</p></article>",
    )
    doc = parse_document(page, "x.html")
    assert doc.published == dt.date(2015, 10, 2)
    assert [a.name for a in doc.authors] == ["Ann Lee"]
    assert sources(doc)["authors"] == "the HTML meta tags citation_author"


def test_a_byline_element_gives_the_author_and_the_organisation_after_the_position() -> None:
    page = _page(
        "<title>Cranes</title>",
        '<h1>Cranes Return to Leith</h1><div class="post-author">By <a href="/bio/ann">'
        "Ann Lee</a>, Senior Fellow, Leith Harbour Trust</div>"
        f"<article><p>{BODY}</p></article>",
    )
    doc = parse_document(page, "x.html")
    assert [(a.name, [x.organization for x in a.affiliations]) for a in doc.authors] == [
        ("Ann Lee", ["Leith Harbour Trust"])
    ]


def test_comment_authors_are_not_the_byline() -> None:
    page = _page(
        "<title>Cranes</title>",
        f"<h1>Cranes</h1><article><p>{BODY}</p></article>"
        '<ol class="comments"><li class="comment"><a rel="author" href="/u/1">Bo Chen</a>'
        "</li></ol>",
    )
    assert parse_document(page, "x.html").authors == []


# -- titles, kinds, words -----------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Tides: A Short History", ("Tides", "A Short History")),
        ("Tides: Who Gains, Who Loses?", ("Tides: Who Gains, Who Loses?", None)),
        ("Tides", ("Tides", None)),
        ("A: b", ("A: b", None)),
    ],
)
def test_split_subtitle(title: str, expected: tuple[str, str | None]) -> None:
    assert split_subtitle(title) == expected


def test_site_free_title() -> None:
    assert site_free_title("Cranes | Harbour Notes", "", ["Harbour Notes"]) == "Cranes"
    assert site_free_title("Notes - Cranes", "Cranes", []) == "Cranes"
    assert site_free_title("Cranes - and Tugs", "", ["Harbour Notes"]) == "Cranes - and Tugs"


def test_a_disclaimer_alone_does_not_make_an_opinion_piece() -> None:
    text = (
        "Cranes Return to Leith\n\nBy Ann Lee\n\n"
        "The views expressed are those of the author and do not necessarily reflect "
        "those of the Leith Harbour Trust.\n\n12 June 2020\n\n" + BODY
    )
    assert parse_document(text.encode(), "x.txt").kind == "article"
    paper = text.replace("The views expressed", "The views expressed in this working paper")
    assert parse_document(paper.encode(), "x.txt").kind == "working-paper"


def test_provenance_reads_in_words() -> None:
    text = "Cranes Return to Leith\n\nBy Ann Lee\n\nPosted on 12 June 2020\n\n" + BODY
    doc = parse_document(text.encode(), "x.txt")
    sentences = describe([entry.to_record() for entry in doc.provenance])
    assert sentences[0] == "Title: from the first line of the text (“Cranes Return to Leith”)."
    assert "Authors: from the byline in the text (“Ann Lee”)." in sentences
    assert any(s.startswith("Date: from the dateline in the text") for s in sentences)
    assert describe(None) == []


def test_describe_names_the_evidence_that_lost() -> None:
    entry = {
        "field": "published", "source": "the HTML meta tag article:published_time",
        "value": "2021-03-04",
        "other": [{"source": "the dateline in the text", "value": "4 March 2021"}],
    }
    assert describe([entry]) == [
        "Date: from the HTML meta tag article:published_time (“2021-03-04”); "
        "the dateline in the text said “4 March 2021”."
    ]


# -- bylines ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Ann Lee1, Bo R. Chen2,3, and Cy Dunn1", ["Ann Lee", "Bo R. Chen", "Cy Dunn"]),
        ("Ann Lee*, Bo Chen†", ["Ann Lee", "Bo Chen"]),
        ("Ann P. Lee and Bo R. Chen", ["Ann P. Lee", "Bo R. Chen"]),
        ("Posted by Ann Lee", ["Ann Lee"]),
        ("Conducted by Ann Lee and Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("By Crane-Hirsch, Audrey Celeste", ["Audrey Celeste Crane-Hirsch"]),
    ],
)
def test_byline_forms_under_the_title(line: str, names: list[str]) -> None:
    text = f"Cranes Return to Leith\n\n{line}\n\n12 June 2020\n\n" + BODY
    doc = parse_document(text.encode(), "x.txt")
    assert [a.name for a in doc.authors] == names


def test_title_case_words_without_markers_are_not_a_byline() -> None:
    text = "Cranes Return\n\nHarbour Cranes, Tug Boats and Ferry Lines\n\n" + BODY
    assert parse_document(text.encode(), "x.txt").authors == []


def test_an_author_section_at_the_end_names_the_author() -> None:
    text = (
        "Cranes Return to Leith\n\n12 June 2020\n\n" + BODY + "\nAbout the author\n\n"
        "Ann Lee is a harbour engineer who has worked at Leith since 2001.\n"
    )
    assert [a.name for a in parse_document(text.encode(), "x.txt").authors] == ["Ann Lee"]


# -- dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "published", "raw"),
    [
        ("Version 2, February 22, 2022", dt.date(2022, 2, 22), "February 22, 2022"),
        ("Published on 3 March 2020", dt.date(2020, 3, 3), "3 March 2020"),
        ("Spring 2021", None, "Spring 2021"),  # kept as stated, no month or day
        ("(July 1986)", None, "July 1986"),
    ],
)
def test_date_forms(line: str, published: dt.date | None, raw: str) -> None:
    text = f"Cranes Return to Leith\n\nBy Ann Lee\n\n{line}\n\n" + BODY
    doc = parse_document(text.encode(), "x.txt")
    assert (doc.published, doc.published_raw) == (published, raw)


def test_a_date_closing_the_title_block_is_the_date_not_the_title() -> None:
    text = "Cranes Return to Leith\n(Version of February 3, 1994)\n\n" + BODY
    doc = parse_document(text.encode(), "x.txt")
    assert (doc.title, doc.published) == ("Cranes Return to Leith", dt.date(1994, 2, 3))


def test_a_copyright_year_is_the_last_resort_and_raises_a_problem() -> None:
    text = "Cranes Return to Leith\n\n" + BODY + "\nCopyright (C) 1987 Ann Lee\n"
    doc = parse_document(text.encode(), "x.txt")
    assert (doc.published, doc.published_raw) == (None, "1987")
    assert any(p.field == "published" and "copyright" in p.reason for p in doc.problems)


def test_a_version_line_is_not_a_subtitle() -> None:
    text = "Cranes Return to Leith\n\nVersion 1.2\n\nBy Ann Lee\n\n" + BODY
    assert parse_document(text.encode(), "x.txt").subtitle is None


# -- authors: handles, signatures, file properties, "on behalf of" -------------------


def test_an_author_handle_takes_the_name_the_text_prints_for_it() -> None:
    text = ("---\ntitle: Gauges\ndate: 2020-01-02\nauthors:\n- ann-lee-ray\n- bo-chen\n---\n\n"
            "### Ann Lee-Ray and Bo Chen - Harbour team\n\n" + BODY)
    doc = parse_document(text.encode(), "post.md")
    assert [a.name for a in doc.authors] == ["Ann Lee-Ray", "Bo Chen"]


def test_a_post_signed_at_the_end_names_its_author() -> None:
    text = "Gauges at Leith\n\n" + (BODY + "\n") * 4 + "Posted by Ann Lee.\n"
    doc = parse_document(text.encode(), "post.txt")
    assert [a.name for a in doc.authors] == ["Ann Lee"]


def test_a_name_signing_on_behalf_of_a_team() -> None:
    text = ("Gauges at Leith\n\nAnn Lee, on behalf of the Harbour Survey Team\n\n"
            "July 2019\n\n" + BODY)
    doc = parse_document(text.encode(), "report.txt")
    [author] = doc.authors
    assert author.name == "Ann Lee"
    assert [x.organization for x in author.affiliations] == ["Harbour Survey Team"]
    assert doc.subtitle is None


def test_word_properties_alone_do_not_make_an_author() -> None:
    from docx import Document

    word = Document()
    word.core_properties.author = "Ann Lee"
    word.add_paragraph("Gauges at Leith", style="Title")
    word.add_paragraph(BODY.strip())
    import io

    buffer = io.BytesIO()
    word.save(buffer)
    doc = parse_document(buffer.getvalue(), "draft.docx")
    assert doc.authors == []
    assert any(p.field == "authors" and "Ann Lee" in p.reason for p in doc.problems)


def test_a_labelled_disclaimer_in_the_body() -> None:
    text = ("Gauges at Leith\n\nJuly 2019\n\nDisclaimer\n\nThe views expressed in this paper "
            "are those of the authors and not those of the Harbour Board. It is preliminary. "
            "Comments are welcome. Write to the authors.\n\n" + BODY)
    doc = parse_document(text.encode(), "paper.txt")
    assert doc.disclaimer is not None
    assert doc.disclaimer.text.startswith("The views expressed in this paper")
    assert doc.disclaimer.disclaims == "Harbour Board"


def test_a_front_matter_script_names_authors_and_affiliations() -> None:
    page = _page(
        "",
        '<d-front-matter><script type="text/json">{"title": "Gauges", "authors": ['
        '{"author": "Ann Lee", "affiliation": "Tide Lab"}, {"author": "Harbour Desk", '
        '"affiliations": [{"name": "Leith Port"}]}]}</script></d-front-matter>'
        '<script type="text/json">{"authors": [{"author": "Not An Author"}]}</script>'
        f"<h1>Gauges</h1><p>{BODY}</p>",
    )
    doc = parse_document(page, "gauges.html")
    assert [(a.name, [x.organization for x in a.affiliations]) for a in doc.authors] == [
        ("Ann Lee", ["Tide Lab"]), ("Harbour Desk", ["Leith Port"])]
    assert "front-matter script" in sources(doc)["authors"]


def test_citation_tags_give_each_author_the_institutions_after_it() -> None:
    page = _page(
        '<meta name="citation_title" content="Gauges">'
        '<meta name="citation_author_institution" content="Nobody Knows Whose">'
        '<meta name="citation_author" content="Lee, Ann">'
        '<meta name="citation_author_institution" content="Tide Lab">'
        '<meta name="citation_author_institution" content="Leith University">'
        '<meta name="citation_author" content="Chen, Bo">'
        '<meta name="citation_journal_title" content="Harbour Letters">',
        f"<h1>Gauges</h1><p>{BODY}</p>",
    )
    doc = parse_document(page, "gauges.html")
    assert [(a.name, [x.organization for x in a.affiliations]) for a in doc.authors] == [
        ("Ann Lee", ["Tide Lab", "Leith University"]), ("Bo Chen", [])]
    assert doc.publisher == "Harbour Letters"  # the journal, when no publisher is named
    assert doc.kind == "journal-article"


def test_json_ld_author_affiliations() -> None:
    page = _page(
        '<script type="application/ld+json">{"@type": "ScholarlyArticle", "headline": "Gauges",'
        '"author": [{"@type": "Person", "name": "Ann Lee", "affiliation": {"@type": '
        '"Organization", "name": "Tide Lab"}}]}</script>',
        f"<h1>Gauges</h1><p>{BODY}</p>",
    )
    [author] = parse_document(page, "gauges.html").authors
    assert [x.organization for x in author.affiliations] == ["Tide Lab"]


# -- publisher ----------------------------------------------------------------------


def test_an_acronym_publisher_is_spelled_out_as_the_text_defines_it() -> None:
    assert spelled_out("HLA", "said the Harbour Lights Authority (HLA) in May") == (
        "Harbour Lights Authority", "Harbour Lights Authority (HLA)")
    assert spelled_out("HLA", "the Lantern Trust (HLA)") is None  # letters do not match
    assert spelled_out("Harbour Trust", "the Harbour Trust (Harbour Trust)") is None
    page = (b'<html><head><title>Lamps</title><meta property="og:site_name" content="HLA">'
            b'</head><body><h1>Lamps on the Quay</h1><p>The Harbour Lights Authority (HLA) '
            b'keeps every lamp on the quay lit from dusk to dawn, in all weathers.</p>'
            b'</body></html>')
    doc = parse_document(page, "lamps.html")
    assert doc.publisher == "Harbour Lights Authority"
    assert "spelled out" in sources(doc)["publisher"]


def test_an_acronym_publisher_is_spelled_out_as_other_evidence_names_it() -> None:
    # The site calls itself by its acronym; its footer's copyright line names it in full.
    page = (b'<html><head><title>Lamps</title><meta property="og:site_name" content="HLA">'
            b'</head><body><h1>Lamps on the Quay</h1><p>Every lamp on the quay is lit from '
            b'dusk to dawn, in all weathers, and the keepers log each one.</p>'
            b'<footer>&copy; 2019 Harbour Lights Association</footer></body></html>')
    doc = parse_document(page, "lamps.html")
    assert doc.publisher == "Harbour Lights Association"
    assert "spelled out in full by the copyright line" in sources(doc)["publisher"]
    # A full name whose initials are other letters is another organisation: the site stays.
    other = page.replace(b"Harbour Lights Association", b"Lantern Keepers Association")
    assert parse_document(other, "lamps.html").publisher == "HLA"


def test_a_blog_engines_microformat_published_date_is_read() -> None:
    # hAtom: the time of day printed, the date in the title attribute.
    page = (b"<html><head><title>Lamps</title></head><body><div class='hentry'>"
            b"<h3 class='entry-title'>Lamps on the Quay</h3><div class='entry-content'>"
            b"<p>Every lamp on the quay is lit from dusk to dawn, in all weathers, and the "
            b"keepers log each one.</p></div><span class='post-timestamp'>at <abbr "
            b"class='published' title='2016-12-23T05:11:00-05:00'>5:11 AM</abbr></span>"
            b"</div></body></html>")
    doc = parse_document(page, "lamps.html")
    assert doc.published == dt.date(2016, 12, 23)
    assert "microformat" in sources(doc)["published"]
    # h-entry's <time class="dt-published">; an "updated" element is not the publication.
    entry = page.replace(b"<abbr class='published' title='2016-12-23T05:11:00-05:00'>5:11 AM"
                         b"</abbr>", b"<time class='dt-updated' datetime='2017-01-02'>later"
                         b"</time><time class='dt-published' datetime='2016-12-20'>Tuesday"
                         b"</time>")
    assert parse_document(entry, "lamps.html").published == dt.date(2016, 12, 20)


def test_a_pages_feed_link_names_the_site_when_no_meta_tag_does() -> None:
    def page(links: bytes) -> bytes:
        return (b"<html><head><title>Lamps</title>" + links + b"</head><body><h1>Lamps on "
                b"the Quay</h1><p>Every lamp on the quay is lit from dusk to dawn, in all "
                b"weathers, and the keepers log each one.</p></body></html>")

    feeds = (b'<link rel="alternate" type="application/rss+xml" title="Quay Notes &raquo; '
             b'Comments Feed" href="/comments/feed">'
             b'<link rel="alternate" type="application/atom+xml" title="Quay Notes - Atom" '
             b'href="/feed">')
    doc = parse_document(page(feeds), "lamps.html")
    assert doc.publisher == "Quay Notes"
    assert "feed link" in sources(doc)["publisher"]
    # A feed titled by more than the site's name, or a link that is no feed: nothing.
    other = (b'<link rel="alternate" type="application/rss+xml" title="Everything written '
             b'by Ann Lee" href="/feed"><link rel="alternate" hreflang="fr" title="Quay '
             b'Notes" href="/fr/">')
    assert parse_document(page(other), "lamps.html").publisher is None


# -- authors named by markup ----------------------------------------------------------


def test_a_meta_author_listing_whole_names_with_commas_is_a_list() -> None:
    from archive.ingest.readers.common import split_names

    assert split_names(["Ann Lee, Bo Chen, Cy Dorn"]) == ["Ann Lee", "Bo Chen", "Cy Dorn"]
    # A surname, a comma, the given names: one inverted name.
    assert split_names(["Lee, Ann"]) == ["Ann Lee"]
    assert split_names(["van Dorn, Cy R."]) == ["Cy R. van Dorn"]
    assert split_names(["Lee-Ray, Ann Maud"]) == ["Ann Maud Lee-Ray"]


def test_a_byline_element_naming_several_authors_gives_each() -> None:
    page = (b"<html><head><title>Lamps</title></head><body><article>"
            b"<p class='author'>Ann Lee and Bo Chen</p><p>" + BODY.encode() + b"</p>"
            b"</article></body></html>")
    assert [a.name for a in parse_document(page, "lamps.html").authors] == ["Ann Lee", "Bo Chen"]


def test_a_dateline_that_names_the_author_after_the_date() -> None:
    page = (b"<html><head><title>Lamps on the Quay</title></head><body><h1>Lamps on the "
            b"Quay</h1><div class='post-meta'>Posted on March 4, 2021 by <a href='/u/al'>"
            b"Ann Lee</a></div><p>" + BODY.encode() + b"</p></body></html>")
    doc = parse_document(page, "lamps.html")
    assert [a.name for a in doc.authors] == ["Ann Lee"]
    assert doc.published == dt.date(2021, 3, 4)
    text = f"Lamps on the Quay\n\nPublished 4 March 2021 by Ann Lee and Bo Chen\n\n{BODY}"
    assert [a.name for a in parse_document(text.encode(), "lamps.txt").authors] == [
        "Ann Lee", "Bo Chen"]


def test_a_restructuredtext_title_and_bibliographic_fields() -> None:
    text = ("==========================\nTidal Gauges of the Firth\n==========================\n\n"
            ":Author: Ann Lee\n:Date: 2011-02-04\n\n" + BODY)
    doc = parse_document(text.encode(), "gauges.txt")
    assert doc.title == "Tidal Gauges of the Firth"
    assert [a.name for a in doc.authors] == ["Ann Lee"]
    assert doc.published == dt.date(2011, 2, 4)
    text = "Tidal Gauges of the Firth\n#########################\n\n:Authors: Ann Lee, Bo Chen\n\n"
    doc = parse_document((text + BODY).encode(), "gauges.txt")
    assert [a.name for a in doc.authors] == ["Ann Lee", "Bo Chen"]
    # One "Key: value" line of prose is no header.
    doc = parse_document(("Tidal Gauges\n\nNote: the gauges were read daily.\n\n" + BODY).encode(),
                         "gauges.txt")
    assert doc.paragraphs[0].startswith("Note: the gauges")


def test_a_page_title_loses_the_site_name_its_address_or_copyright_line_gives() -> None:
    def page(head: str, foot: str = "") -> bytes:
        return (f"<html><head>{head}</head><body><article><p>{BODY}</p></article>{foot}"
                "</body></html>").encode()

    doc = parse_document(page("<title>Lamps on the Quay - Harbour Post</title><link "
                              "rel='canonical' href='https://www.harbourpost.example/lamps'>"),
                         "lamps.html")
    assert doc.title == "Lamps on the Quay"
    doc = parse_document(page("<title>Lamps on the Quay | Leith Harbour Trust</title>",
                              "<footer>© 2020 Leith Harbour Trust</footer>"), "lamps.html")
    assert doc.title == "Lamps on the Quay"
    # Nothing names the other part a site: the title is kept whole.
    doc = parse_document(page("<title>Lamps on the Quay - A History</title>"), "lamps.html")
    assert doc.title == "Lamps on the Quay - A History"
