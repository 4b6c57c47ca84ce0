"""The publisher a text's imprint states; every line here is invented for the test."""

from __future__ import annotations

from archive.ingest import parse_document
from archive.ingest.imprint import (
    copyright_holder,
    first_published_in,
    published_by,
    serial_name,
)
from archive.ingest.stages.metadata import site_name


def test_published_by_keeps_the_name_as_printed_with_its_legal_form() -> None:
    line = "Copyright © 2019 Ann Lee. Published by Harbour Books, Inc. Licensed under CC BY 4.0"
    assert published_by([line]) == ("Harbour Books, Inc.", line)
    assert published_by(["2016 The Authors. Published by the Tidal Society under the terms"])[
        0] == "The Tidal Society"


def test_a_copyright_holder_is_a_publisher_only_when_it_is_an_organisation() -> None:
    assert copyright_holder(["Copyright (C) 1990, 1995-2001 Open Tide Foundation, Inc."])[0] == (
        "Open Tide Foundation")
    assert copyright_holder(["Leith, May 2001. c 2001 Association for Harbour Studies"])[0] == (
        "Association for Harbour Studies")
    assert copyright_holder(["Copyright © 2021 A. Lee and B. Chen, released under CC BY"]) is None
    assert copyright_holder(["Copyright (C) 1986 Ann Lee.  Permission is granted"]) is None


def test_serial_names() -> None:
    title = "Tides of the lower basin and their records"
    cited = ["Lee, Ann and Chen, Bo. 2019. Tides of the lower basin and their records. "
             "Harbour Letters", "12.3.4A 1-10. https://doi.org/10.1/x"]
    assert serial_name(cited, title)[0] == "Harbour Letters"
    assert serial_name(["Tidal Notes 7.1 (#3) – Lee and Chen 2021"], title)[0] == "Tidal Notes"
    assert serial_name(["Harbour Gazette", "", "Vol. 85, No. 152"], title)[0] == "Harbour Gazette"
    # The nearest name above the volume line, past a page number; not a section heading.
    assert serial_name(["Notices", "Harbour Gazette", "47698", "Vol. 85, No. 152"], title)[
        0] == "Harbour Gazette"
    assert serial_name(["Tides of the lower basin and their records. We measured 12 tides."],
                       title) is None


def test_site_name_without_its_tagline() -> None:
    assert site_name("Harbour Notes – the harbour master's blog") == "Harbour Notes"
    assert site_name("Harbour Notes") == "Harbour Notes"


BODY = ("<p>The harbour at Leith has changed more in ten years than in the century before, "
        "and the people who work there have watched every step of it.</p>")


def test_a_page_titled_heading_then_site_names_the_site_as_publisher() -> None:
    page = (f"<html><head><title>Tides of Leith · Harbour Notes</title></head><body>"
            f"<h1>Tides of Leith</h1>{BODY}</body></html>")
    doc = parse_document(page.encode(), "tides.html")
    assert doc.publisher == "Harbour Notes"
    [entry] = [e for e in doc.provenance if e.field == "publisher"]
    assert "after the title" in entry.source


def test_a_copyright_holder_alone_is_reported_for_review() -> None:
    text = ("Tides of Leith\n\nCopyright (C) 2001 Open Tide Foundation, Inc.\n\n"
            "The harbour at Leith has changed more in ten years than in the century before.\n")
    doc = parse_document(text.encode(), "tides.txt")
    assert doc.publisher == "Open Tide Foundation"
    assert any(p.field == "publisher" and "copyright" in p.reason for p in doc.problems)


def test_a_page_footers_copyright_line_is_read_from_its_markup() -> None:
    from archive.ingest.imprint import markup_copyright_holder

    page = (b"<html><body><article><p>Photo &copy; 2019 Ann Lee</p></article>"
            b"<footer><p>&copy; 2019 <a href='/'>The Harbour Trust</a>. All rights reserved."
            b"</p></footer></body></html>")
    assert markup_copyright_holder(page)[0] == "The Harbour Trust"
    assert markup_copyright_holder(b"<p>&copy; 2019 Ann Lee</p>") is None


def test_a_publisher_label_line() -> None:
    assert published_by(["Publisher: Harbour Books Ltd."])[0] == "Harbour Books Ltd."
    assert published_by(["The publisher: nobody"]) is None


def test_a_reprint_names_the_publication_it_first_appeared_in() -> None:
    assert first_published_in(["\t\t[From The Harbour Review, 3 May 2001]"])[0] == (
        "The Harbour Review")
    assert first_published_in(["(Reprinted from Tide Quarterly, Spring 1999)"])[0] == (
        "Tide Quarterly")
    assert first_published_in(["This essay first appeared in the Quay Times."])[0] == (
        "The Quay Times")
    # A place with no date is no source; a mention in passing is no reprint line.
    assert first_published_in(["[From Leith, with love]"]) is None
    assert first_published_in(["His essay, published in the Quay Times, was read"]) is None


def test_a_reprint_line_gives_the_publisher() -> None:
    text = ("Lamps on the Quay\n\nAnn Lee\n\n[From The Harbour Review, 3 May 2001]\n\n"
            "Every lamp on the quay is lit from dusk to dawn, in all weathers, and the "
            "keepers log each one.\n")
    doc = parse_document(text.encode(), "lamps.txt")
    assert doc.publisher == "The Harbour Review"
    [entry] = [e for e in doc.provenance if e.field == "publisher"]
    assert "first appeared in" in entry.source


def test_a_journal_header_naming_its_issue_on_one_line() -> None:
    title = "Tides of the lower basin"
    assert serial_name(["Journal of Harbour Studies, Vol. 12, No. 3 (2019), pp. 45-67"],
                       title)[0] == "Journal of Harbour Studies"
    assert serial_name(["Annals of Tidal Research 12(3): 45-67, 2020"],
                       title)[0] == "Annals of Tidal Research"
    # A report's own volume names no serial.
    assert serial_name(["Harbour Annual Report, Volume 2"], title) is None
