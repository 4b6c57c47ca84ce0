"""HTML note markups of common generators: the marker stays in the text, the list is the notes."""

from __future__ import annotations

import datetime as dt

from archive.ingest.pipeline import parse_document

# Pandoc's standalone HTML5 output (``pandoc -s``), written out by hand.
PANDOC = """<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="generator" content="pandoc" />
  <meta name="author" content="Anna Berg" />
  <meta name="dcterms.date" content="2020-03-02" />
  <title>Salt Roads</title>
</head>
<body>
<header id="title-block-header">
<h1 class="title">Salt Roads</h1>
</header>
<p>By Anna Berg</p>
<p>March 2, 2020</p>
<p>Caravans carried salt across the desert.<a href="#fn1" class="footnote-ref" id="fnref1"
role="doc-noteref"><sup>1</sup></a> They went on to the coast, where the salt was
traded for cloth.<a href="#fn2" class="footnote-ref" id="fnref2"
role="doc-noteref"><sup>2</sup></a></p>
<p>The trade lasted until the railway came.</p>
<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">
<hr />
<ol>
<li id="fn1"><p>Salt Atlas, 1999.<a href="#fnref1" class="footnote-back"
role="doc-backlink">↩︎</a></p></li>
<li id="fn2"><p>Cloth markets of the coast, 2004.<a href="#fnref2" class="footnote-back"
role="doc-backlink">↩︎</a></p></li>
</ol>
</section>
</body>
</html>
"""


def test_pandoc_footnote_references_are_markers_and_the_text_after_them_stays() -> None:
    doc = parse_document(PANDOC.encode(), "salt.html")
    assert doc.title == "Salt Roads"
    assert [a.name for a in doc.authors] == ["Anna Berg"]
    assert doc.published == dt.date(2020, 3, 2)
    first = (
        "Caravans carried salt across the desert. They went on to the coast, where the salt "
        "was traded for cloth."
    )
    assert doc.paragraphs == [first, "The trade lasted until the railway came."]
    assert [(n.number, n.text, n.paragraph, n.offset) for n in doc.footnotes] == [
        (1, "Salt Atlas, 1999.", 1, len("Caravans carried salt across the desert.")),
        (2, "Cloth markets of the coast, 2004.", 1, len(first)),
    ]
    assert doc.problems == []


def test_kramdown_footnote_class_on_the_link() -> None:
    """Jekyll/kramdown mark the reference itself class="footnote": a marker, not the notes."""
    page = """<html><body><article><h1>Night Trains</h1><p>By Lena Vogt</p>
    <p>Sleeper services are back.<sup id="fnref:1" role="doc-noteref"><a href="#fn:1"
    class="footnote" rel="footnote">1</a></sup> Demand is high.</p>
    <div class="footnotes" role="doc-endnotes"><ol><li id="fn:1" role="doc-endnote">
    <p>Timetable 2019.&nbsp;<a href="#fnref:1" class="reversefootnote"
    role="doc-backlink">&#8617;</a></p></li></ol></div></article></body></html>"""
    doc = parse_document(page.encode(), "trains.html")
    assert doc.paragraphs == ["Sleeper services are back. Demand is high."]
    assert [(n.number, n.text, n.paragraph, n.offset) for n in doc.footnotes] == [
        (1, "Timetable 2019.", 1, 26)
    ]


def test_wordpress_footnote_plugin_markup() -> None:
    """A WordPress footnote plugin: the reference in <span class="easy-footnote">, the note
    an empty anchor inside its list item, a "Notes:" title before the list."""
    page = """<html><head><title>Kiln Towns | Clay Notes</title></head><body>
    <div class="site"><article class="post"><h1 class="entry-title">Kiln Towns</h1>
    <div class="entry-content">
    <p>By Oskar Lind</p>
    <p>Brick kilns closed one by one.<span class="easy-footnote-margin-adjust"
    id="easy-footnote-1-42"></span><span class="easy-footnote"><a
    href="#easy-footnote-bottom-1-42" title="Trade register, 1971."><sup>1</sup></a></span>
    The towns around them changed.</p>
    <p>Some became suburbs.<span class="easy-footnote-margin-adjust"
    id="easy-footnote-2-42"></span><span class="easy-footnote"><a
    href="#easy-footnote-bottom-2-42" title="Census, 1981."><sup>2</sup></a></span></p>
    <div class="easy-footnote-title"><h4>Notes:</h4></div>
    <ol class="easy-footnotes-wrapper">
    <li class="easy-footnote-single"><span id="easy-footnote-bottom-1-42"
    class="easy-footnote-margin-adjust"></span>Trade register, 1971.<a
    class="easy-footnote-to-top" href="#easy-footnote-1-42"></a></li>
    <li class="easy-footnote-single"><span id="easy-footnote-bottom-2-42"
    class="easy-footnote-margin-adjust"></span>Census, 1981.<a class="easy-footnote-to-top"
    href="#easy-footnote-2-42"></a></li>
    </ol></div></article></div></body></html>"""
    doc = parse_document(page.encode(), "kilns.html")
    assert doc.title == "Kiln Towns"
    assert doc.paragraphs == [
        "Brick kilns closed one by one. The towns around them changed.",
        "Some became suburbs.",
    ]
    assert [(n.number, n.text, n.paragraph, n.offset) for n in doc.footnotes] == [
        (1, "Trade register, 1971.", 1, 30),
        (2, "Census, 1981.", 2, 20),
    ]
    assert not [p for p in doc.problems if p.field == "footnotes"]


def test_notes_heading_before_the_list_is_not_body_text() -> None:
    """<section><h2>Notes</h2><ol class="footnotes">: the heading belongs to the notes."""
    page = """<html><body><article><h1>Glass Houses</h1><p>By Rui Tavares</p>
    <p>Greenhouses doubled.<sup><a href="#n1">1</a></sup></p>
    <section class="notes"><h2>Notes</h2><ol class="footnotes">
    <li id="n1">Census of growers, 2018.</li></ol></section></article></body></html>"""
    doc = parse_document(page.encode(), "glass.html")
    assert doc.paragraphs == ["Greenhouses doubled."]
    assert [(n.text, n.paragraph) for n in doc.footnotes] == [("Census of growers, 2018.", 1)]


def test_notes_heading_before_an_unnamed_list_of_notes() -> None:
    """A plain <ol> whose every item is a referenced note is the notes list, and the "Notes"
    heading before it is not body text; a list of ordinary items stays in the body."""
    page = """<html><body><article><h1>Glass Houses</h1><p>By Rui Tavares</p>
    <p>Greenhouses doubled.<sup><a href="#n1">1</a></sup> Then halved.<sup><a
    href="#n2">2</a></sup></p><h3>Steps</h3><ol><li>Heat.</li><li>Water.</li></ol>
    <h3>Notes</h3><ol><li id="n1">Census of growers, 2018.</li>
    <li id="n2">Census of growers, 2020.</li></ol></article></body></html>"""
    doc = parse_document(page.encode(), "glass.html")
    assert doc.paragraphs == ["Greenhouses doubled. Then halved.", "Steps", "1. Heat.", "2. Water."]
    assert [(n.text, n.paragraph) for n in doc.footnotes] == [
        ("Census of growers, 2018.", 1),
        ("Census of growers, 2020.", 1),
    ]


def test_a_back_link_in_sup_is_not_a_marker_and_text_after_left_out_elements_stays() -> None:
    """A note's "↩" back-link inside <sup> points into the text: it must not take the marker
    there for a note.  Text after an inline element left out (a share button) is kept."""
    page = """<html><body><article><h1>Wind Farms</h1><p>By Ida Berg</p>
    <p>Turbines went up in 2019.<sup id="r1"><a href="#f1">1</a></sup> Then
    more.<span class="share-button">Share</span> Local councils agreed.</p>
    <ol class="endnotes"><li id="f1">Energy report, 2020.
    <sup><a href="#r1">↩</a></sup></li></ol></article></body></html>"""
    doc = parse_document(page.encode(), "wind.html")
    assert doc.paragraphs == ["Turbines went up in 2019. Then more. Local councils agreed."]
    assert [(n.text, n.paragraph, n.offset) for n in doc.footnotes] == [
        ("Energy report, 2020.", 1, 25)
    ]
    assert not [p for p in doc.problems if p.field == "footnotes"]


# Notes that link both ways (the marker to the note, the note's printed number back to
# the marker), numbered on from an earlier chapter.
TWO_WAY = """<html><head><title>Tide Gauges</title></head><body><article>
<h1>Tide Gauges</h1>
<p>Gauges drift over the years.<sup><a id="m7" href="#n7">7</a></sup> They are checked
every spring.<sup><a id="m8" href="#n8">8</a></sup></p>
<div class="footnotes">
<p id="n7"><sup><a href="#m7">7</a></sup>Harbour survey records.</p>
<p id="n8"><sup><a href="#m8">8</a></sup>Checked against a benchmark on land.</p>
</div>
</article></body></html>"""


def test_two_way_links_keep_the_printed_numbers_and_drop_the_back_links() -> None:
    doc = parse_document(TWO_WAY.encode(), "tide.html")
    assert doc.paragraphs == ["Gauges drift over the years. They are checked every spring."]
    assert [(n.number, n.text, n.paragraph) for n in doc.footnotes] == [
        (7, "Harbour survey records.", 1),
        (8, "Checked against a benchmark on land.", 1),
    ]
    assert not [p for p in doc.problems if p.field == "footnotes"]


# A note written where it is cited, as a custom element (Distill's <d-footnote>) or a
# Tufte-style sidenote <span>.
INLINE_NOTES = """<html><head><title>Kites</title></head><body><article>
<h1>Kites</h1>
<p>Kites fly best in steady wind.<d-footnote>Gusts tear the paper.</d-footnote> Most are
flown in autumn.<span class="sidenote">When the fields are empty.</span></p>
<p>Strings are waxed.</p>
</article></body></html>"""


def test_notes_written_inline_are_markers_and_notes() -> None:
    doc = parse_document(INLINE_NOTES.encode(), "kites.html")
    assert doc.paragraphs == [
        "Kites fly best in steady wind. Most are flown in autumn.",
        "Strings are waxed.",
    ]
    assert [(n.number, n.text, n.paragraph, n.offset) for n in doc.footnotes] == [
        (1, "Gusts tear the paper.", 1, len("Kites fly best in steady wind.")),
        (2, "When the fields are empty.", 1, len(doc.paragraphs[0])),
    ]


def test_dates_from_dublin_core_issued_and_json_ld_in_cdata() -> None:
    dublin = """<html><head><meta name="DC.Date.Issued" content="2014-12-15">
<title>Owls</title></head><body><h1>Owls</h1><p>Owls hunt at night.</p></body></html>"""
    assert parse_document(dublin.encode(), "owls.html").published == dt.date(2014, 12, 15)
    ld = """<html><head><title>Owls</title><script type="application/ld+json">
<![CDATA[
{"@context": "http://schema.org", "@type": "Article", "datePublished": "2018-04-05T06:00"}
]]>
</script></head><body><h1>Owls</h1><p>Owls hunt at night.</p></body></html>"""
    assert parse_document(ld.encode(), "owls.html").published == dt.date(2018, 4, 5)


def test_more_publication_date_meta_tags_and_front_matter_keys() -> None:
    page = """<html><head><meta name="parsely-pub-date" content="2021-06-30T08:00:00Z">
<title>Owls</title></head><body><h1>Owls</h1><p>Owls hunt at night.</p></body></html>"""
    assert parse_document(page.encode(), "owls.html").published == dt.date(2021, 6, 30)
    markdown = b"---\ntitle: Owls\npubDate: 2022-02-03\n---\n\nOwls hunt at night.\n"
    assert parse_document(markdown, "owls.md").published == dt.date(2022, 2, 3)


# Notes listed under an "Endnotes" heading with no links to them; bare <sup> markers.
HEADED = """<html><head><title>Tides</title></head><body><article><h1>Tides</h1>
<p>The tide rose twice a day.<sup>1</sup> Boats waited in the harbour.<sup>2</sup></p>
<p>The pier is 3 m<sup>2</sup> wide.</p>
<h2>Endnotes</h2>
NOTES
</article></body></html>"""


def test_notes_under_a_notes_heading_without_links() -> None:
    for listed in (
        "<ol><li>Harbour records, 1901.</li><li>Tide tables, 1902.</li></ol>",
        "<p>1. Harbour records, 1901.</p><p>2. Tide tables, 1902.</p><h2>About</h2><p>Us.</p>",
        "<p><sup>1</sup> Harbour records, 1901.</p><p><sup>2</sup>Tide tables, 1902.</p>",
    ):
        doc = parse_document(HEADED.replace("NOTES", listed).encode(), "tides.html")
        # A number already passed is an exponent, not a marker: its digit stays.
        assert doc.paragraphs[:2] == [
            "The tide rose twice a day. Boats waited in the harbour.", "The pier is 3 m2 wide."]
        assert [(n.number, n.text, n.paragraph) for n in doc.footnotes] == [
            (1, "Harbour records, 1901.", 1),
            (2, "Tide tables, 1902.", 1),
        ]
        assert "Endnotes" not in doc.paragraphs


def test_an_ordered_list_under_a_notes_heading_keeps_its_start_number() -> None:
    page = HEADED.replace("<sup>1</sup>", "<sup>7</sup>").replace("<sup>2</sup> wide", " wide")
    page = page.replace("<sup>2</sup>", "<sup>8</sup>").replace(
        "NOTES", '<ol start="7"><li>Harbour records.</li><li>Tide tables.</li></ol>')
    doc = parse_document(page.encode(), "tides.html")
    assert [(n.number, n.text, n.paragraph) for n in doc.footnotes] == [
        (7, "Harbour records.", 1), (8, "Tide tables.", 1)]


def test_numbered_references_typed_as_paragraphs_with_bracketed_markers() -> None:
    page = """<html><head><title>Tides</title></head><body><article><h1>Tides</h1>
<p>The tide rose twice a day [1]. Boats waited in the harbour [2].</p>
<ol><li>Look.</li><li>Row.</li></ol>
<h2>References</h2>
<p>[1] Harbour records, 1901.</p><p>[2] Tide tables, 1902.</p>
<h2>Licence</h2><p>Public domain.</p>
</article></body></html>"""
    doc = parse_document(page.encode(), "tides.html")
    assert doc.paragraphs == [
        "The tide rose twice a day. Boats waited in the harbour.",
        "1. Look.", "2. Row.", "Licence", "Public domain.",
    ]
    assert [(n.number, n.text, n.paragraph) for n in doc.footnotes] == [
        (1, "Harbour records, 1901.", 1), (2, "Tide tables, 1902.", 1)]


def test_the_sites_name_as_a_banner_heading_is_not_the_title() -> None:
    page = """<html><head><meta property="og:site_name" content="Harbour Weekly">
<title>Tides | Harbour Weekly</title></head><body>
<div class="top"><h1>Harbour Weekly</h1></div>
<div class="post"><h1>Tides</h1><p>The tide rose twice a day.</p></div></body></html>"""
    doc = parse_document(page.encode(), "tides.html")
    assert doc.title == "Tides"
    assert "Harbour Weekly" not in doc.paragraphs


def test_without_an_h1_a_heading_reading_as_part_of_the_stated_title_is_the_title() -> None:
    page = """<html><head><title>Harbour Notes - Tides of the Northern Quay</title></head>
<body><div class="page"><h3>Tides of the Northern Quay</h3>
<p>The tide rose twice a day.</p><h3>Boats</h3><p>Boats waited.</p></div></body></html>"""
    doc = parse_document(page.encode(), "tides.html")
    assert doc.title == "Tides of the Northern Quay"
    assert doc.paragraphs == ["The tide rose twice a day.", "Boats", "Boats waited."]


def test_the_heading_that_reads_as_the_stated_title_wins_over_a_first_h1() -> None:
    section = """<html><head><title>Blog - Tides of the Quay</title>
<meta property="og:title" content="Tides of the Quay"></head><body><div class="content">
<h1>Blog</h1><h2>Tides of the Quay</h2><p>The tide rose twice a day.</p></div></body></html>"""
    doc = parse_document(section.encode(), "tides.html")
    assert (doc.title, doc.paragraphs) == ("Tides of the Quay", ["The tide rose twice a day."])
    series = """<html><head><title>Quay Notes - Tides of the Quay</title></head><body>
<div id="content"><h3>Quay Notes</h3><h3 class="title">Tides of the Quay</h3>
<p>The tide rose twice a day.</p></div></body></html>"""
    doc = parse_document(series.encode(), "tides.html")
    assert (doc.title, doc.paragraphs) == ("Tides of the Quay", ["The tide rose twice a day."])
    teaser = """<html><head><meta property="og:title" content="You will not believe the tides">
</head><body><div class="post"><h1>Tides of the Quay</h1><p>The tide rose twice a day.</p>
</div></body></html>"""
    assert parse_document(teaser.encode(), "tides.html").title == "Tides of the Quay"


def test_a_subtitle_set_apart_by_the_markup() -> None:
    for title_markup in (
        "<h1>Tides of the Quay<br>What the Records Show</h1>",
        "<h1>Tides of the Quay <small>What the Records Show</small></h1>",
        '<h1>Tides of the Quay</h1><p class="article-dek">What the Records Show</p>',
    ):
        page = (f"<html><body><article>{title_markup}<p>The tide rose twice a day.</p>"
                "</article></body></html>")
        doc = parse_document(page.encode(), "tides.html")
        assert (doc.title, doc.subtitle) == ("Tides of the Quay", "What the Records Show")
        assert doc.paragraphs == ["The tide rose twice a day."]


def test_a_series_label_the_page_prints_on_its_own_leaves_the_stated_title() -> None:
    page = """<html><head><title>Quay Notes - Tides of the Northern Quay</title></head><body>
<nav><a href="/notes">Quay Notes</a></nav><div id="content">
<p>The tide rose twice a day, and the boats waited.</p></div></body></html>"""
    assert parse_document(page.encode(), "tides.html").title == "Tides of the Northern Quay"
    unlabelled = page.replace('<a href="/notes">Quay Notes</a>', "")
    assert parse_document(unlabelled.encode(), "tides.html").title == (
        "Quay Notes - Tides of the Northern Quay")


def test_authors_from_json_ld_keep_the_organisation_their_byline_states() -> None:
    page = """<html><head><script type="application/ld+json">
{"@type": "Article", "author": {"@type": "Person", "name": "Ann Vale"}}</script></head>
<body><div class="byline">By Ann Vale, Fellow, Harbour Institute</div>
<article><h1>Tides</h1><p>The tide rose twice a day.</p></article></body></html>"""
    doc = parse_document(page.encode(), "tides.html")
    assert [(a.name, [x.organization for x in a.affiliations]) for a in doc.authors] == [
        ("Ann Vale", ["Harbour Institute"])]
