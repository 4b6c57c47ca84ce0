"""Datelines in several formats."""

import datetime as dt

import pytest

from archive.ingest.document import ParsedDocument
from archive.ingest.pipeline import parse_document
from archive.ingest.stages.dateline import read_date


@pytest.mark.parametrize(
    ("line", "raw", "date"),
    [
        ("25 November 2019", "25 November 2019", dt.date(2019, 11, 25)),
        ("2019-11-25", "2019-11-25", dt.date(2019, 11, 25)),
        ("Posted on March 3, 2020", "March 3, 2020", dt.date(2020, 3, 3)),
        ("Published: Monday, 4 May 2015", "Monday, 4 May 2015", dt.date(2015, 5, 4)),
        ("Updated 07.08.2018", "07.08.2018", dt.date(2018, 8, 7)),
        ("Sept. 9, 2001", "Sept. 9, 2001", dt.date(2001, 9, 9)),
    ],
)
def test_complete_dates(line: str, raw: str, date: dt.date) -> None:
    reading = read_date(line)
    assert reading is not None and (reading.raw, reading.date) == (raw, date)


def test_month_and_year_only_is_incomplete() -> None:
    reading = read_date("Published in June 2017")
    assert reading is not None
    assert (reading.raw, reading.date, reading.missing) == ("June 2017", None, ("day",))


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe and John Roe",
        "The Year 2000 Problem",
        "In 1923, following the establishment of the new borders, many families moved away.",
        "Opinions expressed here are the authors’ own.",
        # A series number that reads like a year and a month names the paper.
        "Discussion Paper No. 2019-04",
        "Staff Report 2021-07",
        "",
    ],
)
def test_not_datelines(line: str) -> None:
    assert read_date(line) is None


def _parsed(text: str) -> ParsedDocument:
    return parse_document(text.encode(), "paper.txt")


def test_a_labelled_date_on_the_first_page_is_the_publication_date() -> None:
    doc = _parsed(
        "Counting Herons\n\nAnn Vale\n\nReceived\n3 January 2020\n\nPublished\n14 March 2020\n\n"
        "Herons were counted along the river every week for a year, from the bridge.\n"
    )
    assert doc.published == dt.date(2020, 3, 14)


def test_a_draft_listing_its_versions_is_dated_by_the_version_in_hand() -> None:
    # Dates among the first lines of the page (no dateline under the title).
    doc = _parsed(
        "Counting Herons\n\nAnn Vale\n\nRiver Institute of Leith\n\nFirst version: May 2011"
        "\n\nThis version: 14 March 2013\n\nHerons were counted along the river every week "
        "for a year, from the bridge.\n"
    )
    assert doc.published == dt.date(2013, 3, 14)
    # Dates the front matter read under the byline.
    doc = _parsed(
        "Counting Herons\n\nBy Ann Vale\n\nFirst draft: 2 May 2011\n\n"
        "Current draft: 14 March 2013\n\nHerons were counted along the river every week "
        "for a year, from the bridge.\n"
    )
    assert doc.published == dt.date(2013, 3, 14)


def test_a_date_inside_a_longer_top_line_and_a_span_of_days_kept_as_its_month() -> None:
    doc = _parsed(
        "Counting Herons\n\nProceedings of the Bird Meeting, Lyon, France, June 23-25 2014.\n\n"
        "Herons were counted along the river every week for a year, from the bridge.\n"
    )
    assert doc.published is None and doc.published_raw == "June 2014"
    doc = _parsed(
        "Counting Herons\n\nRiver Group, Field Station, May 3, 2022\n\n"
        "Herons were counted along the river every week for a year, from the bridge.\n"
    )
    assert doc.published == dt.date(2022, 5, 3)


def test_a_date_the_text_mentions_after_a_word_like_published_is_not_a_label() -> None:
    doc = _parsed(
        "Counting Herons\n\nA talk with the keepers of the river\n(July 1986)\n\n"
        "A first count was published in the March 1985 issue of a journal.\n"
    )
    assert doc.published_raw == "July 1986"


def test_a_date_a_paragraph_mentions_is_not_the_publication_date() -> None:
    doc = _parsed(
        "Counting Herons\n\nOn 5 March 2019 the river board asked volunteers to count the "
        "herons along the river\nevery week for a year, from the bridge and from the weir, "
        "and to write down\nwhat the birds were doing when they were seen.\n"
    )
    assert doc.published is None and doc.published_raw is None


def test_the_year_of_the_documents_own_citation() -> None:
    doc = _parsed(
        "Counting Herons\n\nCite this article: Vale A. 2016 Counting herons. Bird J. 3: 12.\n\n"
        "Received: 10 October 2015 Accepted: 1 December 2015\n\n"
        "Herons were counted along the river every week for a year, from the bridge.\n"
    )
    assert doc.published is None and doc.published_raw == "2016"


def test_a_season_in_a_masthead_line_is_kept_as_stated() -> None:
    doc = _parsed(
        "Counting Herons\n\nBird Quarterly, Vol. 3, No. 2, Spring 2021\n\n"
        "Herons were counted along the river every week for a year, from the bridge.\n"
    )
    assert doc.published is None and doc.published_raw == "Spring 2021"


def test_a_publication_label_inside_a_line_of_other_dates() -> None:
    doc = _parsed(
        "Counting Herons\n\nReceived: 10 Oct 2015 Accepted: 1 Dec 2015 Published: 6 Jan 2016\n\n"
        "Herons were counted along the river every week for a year, from the bridge.\n"
    )
    assert doc.published == dt.date(2016, 1, 6)
    doc = _parsed(
        "Counting Herons\n\nPublished: 14.03.2020\n\n"
        "Herons were counted along the river every week for a year, from the bridge.\n"
    )
    assert doc.published == dt.date(2020, 3, 14)


def test_a_date_never_runs_across_the_bars_of_a_masthead_line() -> None:
    reading = read_date("Harbour Brief | No. 12 | April 2020")
    assert reading is not None and (reading.raw, reading.date) == ("April 2020", None)
    assert read_date("Tide Notes • 3 May 2021").date == dt.date(2021, 5, 3)
    assert read_date("Tide Notes | Issue 4 | Leith") is None
