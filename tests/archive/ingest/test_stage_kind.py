"""The kind of a document from the evidence as a whole; every text is invented for the test."""

from __future__ import annotations

from archive.ingest import parse_document
from archive.ingest.stages.kind import RULES

PROSE = ("The harbour at Leith has changed more in ten years than in the century before, "
         "and the people who work there have watched every step of it.")


def kind_of(text: str, name: str = "doc.txt") -> tuple[str, str]:
    doc = parse_document(text.encode(), name)
    [entry] = [e for e in doc.provenance if e.field == "kind"]
    return doc.kind, entry.source


def test_every_rule_names_a_known_kind_and_scope() -> None:
    from archive.kinds import KIND_CODES

    assert all(rule.kind in KIND_CODES for rule in RULES)
    assert {rule.scope for rule in RULES} <= {"label", "opening", "front", "text", "tail"}


def test_a_label_of_its_own_outweighs_a_journal_record() -> None:
    text = (f"Tides of Leith\n\nOpinion piece\n\nCite this article: Lee A. 2016 Tides of "
            f"Leith. Harbour Letters 3: 12.\n\n{PROSE}\n")
    kind, source = kind_of(text)
    assert kind == "opinion" and "label" in source


def test_a_chapter_heading_under_the_title() -> None:
    text = f"Tides of Leith\n\nChapter 6 - Tides of Leith\n\n{PROSE}\n"
    assert kind_of(text)[0] == "chapter"


def test_a_letter_naming_a_journal_is_not_a_journal_article() -> None:
    text = (f"Editorial office, Journal of Harbour Studies\n\nDear Editors,\n\n"
            f"Please find our manuscript enclosed. {PROSE}\n")
    kind, source = kind_of(text)
    assert kind == "article" and "letter" in source


def test_a_journal_record_outweighs_a_package_the_paper_uses() -> None:
    text = (f"Tides of Leith\n\nReceived\n17 February 2020\n\nPublished\n24 July 2020\n\n"
            f"We reran the analysis with an R package written for the purpose. {PROSE}\n")
    assert kind_of(text)[0] == "journal-article"


def test_a_new_package_is_a_software_paper() -> None:
    text = f"Tides of Leith\n\nWe developed a new Python package, tidal. {PROSE}\n"
    assert kind_of(text)[0] == "software-paper"


def test_commentary_in_the_body_does_not_make_an_opinion_piece() -> None:
    text = (f"Tides of Leith\n\n{PROSE}\n\nWe may publish commentary articles in limited "
            f"cases. {PROSE}\n")
    assert kind_of(text)[0] == "article"


def test_a_posted_by_signature_at_the_end_is_a_blog_post() -> None:
    text = f"Tides of Leith\n\n{PROSE}\n\n{PROSE}\n\nPosted by Ann Lee on March 10, 2015\n"
    kind, source = kind_of(text)
    assert kind == "blog-post" and "signature" in source


def test_a_post_calling_itself_so_is_a_blog_post() -> None:
    text = (f"Tides of Leith\n\nBy Ann Lee\n\nIn this post I look back on a year of gauge "
            f"readings. {PROSE}\n")
    kind, source = kind_of(text)
    assert kind == "blog-post" and "post calling itself so" in source
    # A post as a position held is not a blog post.
    text = f"Tides of Leith\n\nBy Ann Lee\n\nShe held this post for ten years. {PROSE}\n"
    assert kind_of(text)[0] == "article"


def page(head: str) -> str:
    return (f"<html><head><title>Tides of Leith</title>{head}</head><body><h1>Tides of "
            f"Leith</h1><p>By Ann Lee</p><p>{PROSE}</p></body></html>")


def test_a_news_site_files_opinion_pieces_under_their_section() -> None:
    kind, source = kind_of(page('<meta property="article:section" content="Opinion">'),
                           "page.html")
    assert kind == "opinion" and "section" in source
    kind, source = kind_of(page('<meta property="og:url" '
                                'content="https://news.example/op-ed/tides-of-leith">'),
                           "page.html")
    assert kind == "opinion" and "address" in source
    assert kind_of(page('<meta property="article:section" content="Science">'),
                   "page.html")[0] == "article"


def test_a_page_its_section_or_dublin_core_type_calls_news_is_a_news_article() -> None:
    for head in ('<meta name="prism.section" content="News">',
                 '<meta name="dc.type" content="News">',
                 '<meta property="article:section" content="News stories">'):
        kind, source = kind_of(page(head), "page.html")
        assert kind == "news-article" and "News" in source
    # A section that only mentions news is not the news pages.
    assert kind_of(page('<meta name="prism.section" content="News and Views">'),
                   "page.html")[0] == "article"


def test_a_paper_listing_its_versions_is_a_working_paper() -> None:
    text = (f"Tides of Leith\n\nAnn Lee\n\nFirst version: May 2011\n\nThis version: "
            f"March 2013\n\nAbstract\n\n{PROSE}\n\n1. Introduction\n\n{PROSE}\n")
    kind, source = kind_of(text)
    assert kind == "working-paper" and "versions" in source
    # A version mentioned in the prose is not the title page's list.
    text = (f"Tides of Leith\n\nAnn Lee\n\nAbstract\n\nThe first version of the gauge "
            f"was wooden. {PROSE}\n\n1. Introduction\n\n{PROSE}\n")
    assert kind_of(text)[0] == "journal-article"


def test_a_transcript_recording_its_audience_is_a_speech() -> None:
    text = (f"Address to the Harbour Board\n\nMadam Chair, members of the board: {PROSE} "
            f"(Applause.)\n\n{PROSE} (Laughter.)\n")
    kind, source = kind_of(text)
    assert kind == "speech" and "transcript" in source


def test_the_text_of_a_talk_is_a_speech_whatever_it_cites() -> None:
    text = (f"Tides of Leith\n\nThis is the text of my keynote talk at the Harbour Forum. "
            f"It draws on the Journal of Harbour Studies, vol. 3.\n\n{PROSE}\n")
    assert kind_of(text)[0] == "speech"
    # Talking about a talk is not giving one.
    text = f"Tides of Leith\n\nShe gave a talk at the Harbour Forum. {PROSE}\n"
    assert kind_of(text)[0] == "article"


def test_a_note_calling_itself_so_is_a_brief() -> None:
    text = (f"Tides of Leith\n\nAnn Lee\n\nThis note describes how the gauge readings are "
            f"adjusted. {PROSE}\n\nSee the Journal of Harbour Studies, vol. 3, for the "
            f"method.\n")
    kind, source = kind_of(text)
    assert kind == "brief" and "note calling itself so" in source
    # A note as something else ("this note of caution") is not the document naming itself.
    text = f"Tides of Leith\n\nWe end on this note of caution. {PROSE}\n"
    assert kind_of(text)[0] == "article"


def test_a_working_paper_series_outweighs_a_note_calling_itself_so() -> None:
    text = (f"Tides of Leith\n\nHarbour Economics Working Papers, No. 12\n\nThis note "
            f"presents new estimates. {PROSE}\n")
    assert kind_of(text)[0] == "working-paper"


def test_a_section_on_installing_it_makes_a_software_paper() -> None:
    text = (f"Tidewatch: an application for reading gauge logs\n\n{PROSE}\n\n\n"
            f"Installation and example data\n\nDownload the archive and run the setup "
            f"script. {PROSE}\n")
    kind, source = kind_of(text)
    assert kind == "software-paper" and "installing" in source
    # A paragraph that opens with the word is not a section on installing software.
    text = (f"Tides of Leith\n\nInstallation of the new gauges took two years, and the "
            f"harbour paid for it. {PROSE}\n")
    assert kind_of(text)[0] == "article"


def test_a_text_titled_a_manifesto_is_an_opinion_piece() -> None:
    kind, source = kind_of(f"The Lamplighters' Manifesto\n\n{PROSE}\n\n{PROSE}\n")
    assert kind == "opinion" and "manifesto" in source
    # A text about a manifesto is not one.
    text = f"Reading the Lamplighters' Manifesto in 1902: A History\n\n{PROSE}\n"
    assert kind_of(text)[0] == "article"


def test_a_thesis_says_what_it_was_submitted_for() -> None:
    text = ("Tides of Leith\n\nA thesis submitted in partial fulfilment of the requirements "
            f"for the degree of Master of Science\n\n{PROSE}\n")
    assert kind_of(text)[0] == "thesis"


def test_an_executive_summary_opens_a_brief_or_a_report() -> None:
    def text(sections: int) -> str:
        return (f"Tides of Leith\n\n\nExecutive Summary\n\n{PROSE}\n\n\n"
                + "".join(f"{n} Findings\n\n{PROSE * 10}\n\n\n" for n in range(1, sections + 1)))

    kind, source = kind_of(text(1))
    assert kind == "brief" and "Executive Summary" in source
    assert kind_of(text(12))[0] == "report"  # thousands of words: a report


def _kind_as(text: str, format: str) -> str:
    from archive.ingest.pipeline import DEFAULT_STAGES, run_stages
    from archive.ingest.readers.text import read_text

    doc = read_text(text.encode(), f"doc.{format}")
    doc.format = format  # as the PDF or Word reader would have it
    return run_stages(doc, DEFAULT_STAGES).finish().kind


def test_a_printed_table_of_contents_makes_a_report() -> None:
    leaders = ("Tides of Leith\n\n1 Background . . . . . . . 3\n2 The quay . . . . . . . 5\n"
               f"3 Outlook . . . . . . . 9\n\n{PROSE}\n\n{PROSE}\n")
    assert _kind_as(leaders, "pdf") == "report"
    assert _kind_as(f"Tides of Leith\n\n\nContents\n\n{PROSE}\n", "docx") == "report"
    # A web page or a plain text with a list of its parts is no printed report.
    assert _kind_as(leaders, "txt") == "article"


def test_chapter_one_after_a_table_of_contents_is_no_chapter() -> None:
    text = (f"Tides of Leith\n\n\nContents\n\nChapter 1 Background . . . . . . 3\n\n\n"
            f"Chapter 1\n\n{PROSE}\n")
    assert _kind_as(text, "pdf") == "report"
    assert _kind_as(f"Tides of Leith\n\n\nChapter 1\n\n{PROSE}\n", "pdf") == "chapter"
