"""CSL dates carry exactly the precision the note states."""

from archive.citegraph.dates import parse_date


def test_year_month_and_day_precision() -> None:
    assert parse_date("2018),") == {"date-parts": [[2018]]}
    assert parse_date("(March 2012):") == {"date-parts": [[2012, 3]]}
    assert parse_date("October 26, 2020,") == {"date-parts": [[2020, 10, 26]]}
    assert parse_date("14 June 1900") == {"date-parts": [[1900, 6, 14]]}
    assert parse_date("2019-05-03") == {"date-parts": [[2019, 5, 3]]}


def test_seasons_ranges_and_foreign_months() -> None:
    assert parse_date("(Spring 2005):") == {"date-parts": [[2005]], "season": "Spring"}
    assert parse_date("1920-1922") == {"date-parts": [[1920], [1922]]}
    assert parse_date("septembre 2014,") == {"date-parts": [[2014, 9]]}


def test_no_year_is_no_date() -> None:
    assert parse_date("n.d.") is None
    assert parse_date("October 26,") is None
