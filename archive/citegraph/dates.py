"""CSL dates from the text of a date segment: "(March 2012):", "October 26, 2020,", "2018".

The result is a CSL date object whose ``date-parts`` carry exactly the
precision stated: ``[[2012, 3]]`` for a month, ``[[2020, 10, 26]]`` for a day,
``[[1920], [1922]]`` for a range of years.  A season is kept as ``season``.
English, French, German and Spanish month names and their abbreviations are
known; a text with no year gives ``None`` ("n.d.", "forthcoming").
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["parse_date"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "janvier", "januar", "enero"),
            ("feb", "february", "février", "fevrier", "februar", "febrero"),
            ("mar", "march", "mars", "märz", "marz", "marzo"),
            ("apr", "april", "avril", "abril"),
            ("may", "mai", "mayo"),
            ("jun", "june", "juin", "juni", "junio"),
            ("jul", "july", "juillet", "juli", "julio"),
            ("aug", "august", "août", "aout", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre"),
            ("oct", "october", "octobre", "oktober", "octubre"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "décembre", "decembre", "dezember", "diciembre"),
        ),
        start=1,
    )
    for name in names
}
_SEASONS = {"spring": "Spring", "summer": "Summer", "autumn": "Autumn", "fall": "Fall",
            "winter": "Winter"}
_YEAR = re.compile(r"(?<![\d/])(1[5-9]\d\d|20\d\d)(?![\d/])")
_WORD = re.compile(r"[^\W\d_]+")
_DAY = re.compile(r"(?<!\d)([0-3]?\d)(?:st|nd|rd|th|er)?(?!\d)")
_ISO = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)-([01]\d)(?:-([0-3]\d))?(?!\d)")


def _month(text: str) -> tuple[int, int] | None:
    """(month, position of the month word) of the first month name in ``text``."""
    for match in _WORD.finditer(text):
        month = _MONTHS.get(match.group().lower())
        if month:
            return month, match.start()
    return None


def _day(text: str, month_at: int, year_span: tuple[int, int]) -> int | None:
    for match in _DAY.finditer(text):
        if year_span[0] <= match.start() < year_span[1]:
            continue
        day = int(match.group(1))
        # Only a number right before or after the month name is its day.
        if 1 <= day <= 31 and abs(match.start() - month_at) <= 16:
            return day
    return None


def parse_date(text: str) -> dict[str, Any] | None:
    """The CSL date object of ``text``, or None when it states no year."""
    iso = _ISO.search(text)
    if iso:
        parts = [int(value) for value in iso.groups() if value]
        return {"date-parts": [parts]}
    years = _YEAR.findall(text)
    if not years:
        return None
    first = _YEAR.search(text)
    assert first is not None
    if len(years) >= 2 and re.search(r"\d\s*[-–—/]\s*\d", text[first.start():]):
        return {"date-parts": [[int(years[0])], [int(years[1])]]}
    parts = [int(years[0])]
    found = _month(text)
    if found:
        month, at = found
        parts.append(month)
        day = _day(text, at, first.span())
        if day:
            parts.append(day)
    date: dict[str, Any] = {"date-parts": [parts]}
    for word in _WORD.findall(text):
        if word.lower() in _SEASONS:
            date["season"] = _SEASONS[word.lower()]
            break
    return date
