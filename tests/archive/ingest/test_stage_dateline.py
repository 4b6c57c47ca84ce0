"""Datelines in several formats."""

import datetime as dt

import pytest

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
        "",
    ],
)
def test_not_datelines(line: str) -> None:
    assert read_date(line) is None
