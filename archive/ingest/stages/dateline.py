"""Find and parse the publication date.

Accepted: a short front-matter line holding one date that names at least a
month and a year, in any form python-dateutil reads ("June 5, 2018",
"25 November 2019", "2019-11-25", "22.03.2021"), optionally with a few words
around it ("Published on …", "Updated: …").  Dotted numeric dates are day
first, as everywhere that writes them ("12.03.2021" is 12 March); other
numeric dates are month first unless the first number cannot be a month
(dateutil's rule).  A date
without a day is kept as ``published_raw`` and reported, ``published`` stays None.
A slashed or dashed numeric date whose first two numbers could each be the
month ("03/04/2015") is read month first and reported as ambiguous, with the
other reading kept (``doc.published_alternative``): the metadata stage settles
it when the format states the date.
"""

import datetime as dt
import re
from dataclasses import dataclass

from dateutil import parser

from archive.ingest.working import Block, WorkingDocument

__all__ = ["DATE_IN_LINE", "MONTH", "YEAR", "DateReading", "looks_like", "read_date", "run"]

_MAX_LENGTH = 100
_MAX_OTHER_WORDS = 4  # "First published online on" is about as wordy as a dateline gets
# Two different defaults: a field that changes with the default was not in the text.
_DEFAULTS = (dt.datetime(1904, 1, 1), dt.datetime(1905, 2, 2))


@dataclass(frozen=True, slots=True)
class DateReading:
    raw: str
    date: dt.date | None
    missing: tuple[str, ...]
    # The day-first reading of an ambiguous numeric date ("03/04/2015"), else None.
    alternative: dt.date | None = None


_DOTTED = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")
_NUMERIC = re.compile(r"(?<![\d./-])(\d{1,2})([/-])(\d{1,2})\2\d{2,4}(?![\d./-])")


def _alternative(text: str, date: dt.date) -> dt.date | None:
    """The day-first reading of a month-first numeric date that could be either."""
    found = _NUMERIC.search(text)
    if found is None:
        return None
    first, second = int(found.group(1)), int(found.group(3))
    if first == second or first > 12 or second > 12 or (date.month, date.day) != (first, second):
        return None
    return date.replace(month=second, day=first)


def _parse(text: str, default: dt.datetime) -> tuple[dt.datetime, tuple[str, ...]]:
    return parser.parse(  # type: ignore[return-value]
        text,
        default=default,
        fuzzy_with_tokens=True,
        ignoretz=True,  # only the date matters; unknown zone names would warn
        dayfirst=bool(_DOTTED.search(text)),
    )


def _raw(text: str, skipped: tuple[str, ...]) -> str:
    """The date itself: the text less the leading and trailing non-date words."""
    raw = text
    if skipped and raw.startswith(skipped[0]):
        raw = raw[len(skipped[0]) :]
    if skipped and raw.endswith(skipped[-1]):
        raw = raw[: len(raw) - len(skipped[-1])]
    return raw.strip(" ,;:|-")


# "Version 2, February 22, 2022", "(Version of February 3, 1994)": the version number
# is not the day.
_VERSION = re.compile(r"\b(?:version|rev(?:ision)?\.?|v\.?)\s*[\d.]*\d\s*(?:of\b)?\s*,?\s*|"
                      r"\bversion\s+of\b\s*", re.I)
_SEASON = re.compile(
    r"^(?:(?:published|posted|issued)\s+(?:in\s+)?)?(?P<raw>(?:spring|summer|autumn|fall|winter)"
    r"\s+(?:19|20)\d\d)$", re.I)


# A series and its number ("Discussion Paper No. 2019-04", "Working Paper 21-07"): the
# number names the paper, even when it reads like a year and a month.
_SERIES_NUMBER = re.compile(
    r"(?i)(?:\bno\.?|\bnr\.?|\bnumber|#|\b(?:paper|report|series|brief|note))\s*#?\s*"
    r"\d[\d./-]*\s*$")


# Items of a masthead line set apart by a bar or a bullet ("Policy Brief | No. 12 |
# April 2020"): a date never runs across one.
_ITEMS = re.compile(r"\s+[|•·]\s+")


def read_date(text: str) -> DateReading | None:
    """The date in a dateline, or None when the line is not a dateline.

    A season with its year ("Spring 2021") is kept as stated: no month, no day.  A
    line of items set apart by bars or bullets holds a date when one item is one.
    """
    if len(text) > _MAX_LENGTH or not re.search(r"\d", text):
        return None
    items = [item for item in _ITEMS.split(text.strip()) if item.strip()]
    if len(items) > 1:
        readings = [reading for item in items if (reading := read_date(item)) is not None]
        return readings[0] if len(readings) == 1 else None
    text = _VERSION.sub("", text.strip().strip("()[]").strip()).strip()
    if _SERIES_NUMBER.search(text):
        return None
    season = _SEASON.match(text)
    if season:
        return DateReading(season.group("raw"), None, ("month", "day"))
    try:
        (first, skipped), (second, _) = (_parse(text, d) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    if len(re.findall(r"\w+", " ".join(skipped))) > _MAX_OTHER_WORDS:
        return None
    missing = tuple(
        name for name in ("year", "month", "day") if getattr(first, name) != getattr(second, name)
    )
    if "year" in missing or "month" in missing:
        return None
    date = None if missing else first.date()
    alternative = _alternative(text, date) if date else None
    return DateReading(_raw(text, skipped), date, missing, alternative)


def looks_like(text: str) -> bool:
    return read_date(text) is not None


MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAYS = r"\d{1,2}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?)?"
YEAR = r"(?:1[6-9]|20)\d\d"
# A date naming its month in words, inside a longer line: "Prague, June 2007.",
# "Baltimore, June 23-25 2014.", "Received 26 March 2021", "Thursday, August 6, 2020".
DATE_IN_LINE = re.compile(
    rf"\b(?:(?P<d1>{_DAYS})\s+(?:of\s+)?{MONTH}|{MONTH}\s+(?P<d2>{_DAYS})?,?)\s*,?\s*{YEAR}\b"
    rf"|\b\d{{4}}-\d\d-\d\d\b",
    re.I,
)
_RANGE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?")
# The words that name a publication date, as a label of its own or inside a line.
_PUBLISHED_WORDS = r"(?:first\s+)?published(?:\s+online)?|publication\s+date"
# The copy in hand, when a draft lists its versions ("First version: …").
_VERSION_IN_HAND = r"(?:this|current|latest|present)\s+(?:version|draft)"
# Labels that say a date is the publication's, and labels of other dates.
_PUBLISHED_LABEL = re.compile(
    rf"^(?:{_PUBLISHED_WORDS}|date\s+published|"
    r"issued|issue\s+date|released?|date|copyright(?:\s*(?:\(c\)|©))?|"
    # A draft listing its versions ("First version: …"): the date of the copy in hand.
    rf"{_VERSION_IN_HAND})\s*(?:on\b)?\s*:?\s*",
    re.I,
)
_OTHER_LABEL = re.compile(
    r"\b(?:received|accepted|revised|submitted|updated|modified|expires?|last\s+edited|"
    r"accessed|retrieved|downloaded|printed|deadline|due|comments?\s+(?:must|should))\b",
    re.I,
)
# The date of the version in hand, when a draft lists its versions.
_THIS_VERSION = re.compile(rf"^\W*{_VERSION_IN_HAND}\b", re.I)
# The document citing itself ("Cite this article: Lee A. 2016 Title …"): its year.
_CITATION = re.compile(
    r"^(?:to\s+)?(?:cite\s+(?:this\s+(?:article|paper|report|chapter|document|work)|as)|"
    r"citation|how\s+to\s+cite(?:\s+this\s+\w+)?)\s*:\s*(?P<rest>.*)$",
    re.I,
)
_YEAR_ALONE = re.compile(rf"\b{YEAR}\b")
# "… Accepted: 1 Dec 2015 Published: 6 Jan 2016": the publication's label inside a line.
_PUBLISHED_INSIDE = re.compile(
    rf"\b(?:{_PUBLISHED_WORDS}|date\s+of\s+publication)"
    r"\s*(?:on\b)?\s*:?\s*",
    re.I,
)
# A numeric date after a label: "12/06/2019", "12.06.2019", "2019/06/12".
_NUMERIC_DATE = re.compile(r"\b(?:\d{1,2}[./-]\d{1,2}[./-](?:19|20)?\d\d|(?:19|20)\d\d[./-]\d{1,2}"
                           r"[./-]\d{1,2})\b")
_TOP_LINES = 40  # the first page, more or less: where a document states its own date
_TOP_LINES_PDF = 150  # a PDF's text has a line for each printed line: a page holds more
_SHORT_BLOCK = 200  # characters


_SEASON_IN_LINE = re.compile(rf"\b(?:spring|summer|autumn|fall|winter)\s+{YEAR}\b", re.I)


def _date_in(text: str, at_start: bool = False) -> DateReading | None:
    """The first date naming its month (or an ISO date, or a season) inside ``text``
    (or opening it: then a numeric date too, as after a label)."""
    if at_start and (numeric := _NUMERIC_DATE.match(text.strip(" ([,"))):
        reading = read_date(numeric.group())
        if reading is not None:
            return reading
    found = DATE_IN_LINE.search(text)
    season = _SEASON_IN_LINE.search(text)
    if season and (found is None or season.start() < found.start()):
        if at_start and text[: season.start()].strip(" ([,"):
            return None
        return DateReading(season.group(), None, ("month", "day"))
    if found is None or (at_start and text[: found.start()].strip(" ([,")):
        return None
    raw = found.group().strip(" ,")
    ranged = _RANGE.search(raw)
    if ranged:  # "June 23-25 2014": a span of days, stated as its month
        raw = " ".join(_RANGE.sub("", raw).replace(",", " ").split())
    return read_date(raw)


def _top_date(doc: WorkingDocument) -> tuple[DateReading, int, str] | None:
    """A date among the first lines, when no dateline stands under the title.

    A date labelled as the publication's ("Published 24 July 2020", the label
    alone on the line above, "Copyright: May 2019 …") wins; then the year of the
    document's own citation ("Cite this article: … 2016 …"), unless the first
    unlabelled date is of that year; else the first line (of a short block)
    holding a date and no label of another date ("Received …", "Expires …").
    """
    lines = [(n, line.strip()) for n, line in enumerate(doc.lines, 1) if line.strip()]
    lines = lines[: _TOP_LINES_PDF if doc.format == "pdf" else _TOP_LINES]
    # An unlabelled date counts only in a short block (a line of the masthead or the
    # title page), never in a paragraph that mentions one ("On 5 March 2019 the court …").
    short = {
        block.first_line + i
        for block in doc.blocks
        if len(block.text) <= _SHORT_BLOCK
        for i in range(len(block.lines))
    }
    first: tuple[DateReading, int, str] | None = None
    cited: tuple[DateReading, int, str] | None = None
    for index, (number, line) in enumerate(lines):
        citation = _CITATION.match(line)
        if citation and cited is None:
            year = _YEAR_ALONE.search(citation.group("rest") or (
                lines[index + 1][1] if index + 1 < len(lines) else ""))
            if year:
                cited = (DateReading(year.group(), None, ("month", "day")), number, line)
        inside = _PUBLISHED_INSIDE.search(line)
        if inside and inside.start():
            reading = _date_in(line[inside.end():][:60], at_start=True)
            if reading is not None:
                return reading, number, line
        label = _PUBLISHED_LABEL.match(line)
        if label and (label.end() or line.endswith(":")):
            rest = line[label.end():]
            if not rest and index + 1 < len(lines):
                number, rest = lines[index + 1]  # the label above its date
            reading = _date_in(rest[:60], at_start=True)
            if reading is not None and not _OTHER_LABEL.search(rest[:60]):
                return reading, number, line if rest == line[label.end():] else rest
        if first is None and number in short and not _OTHER_LABEL.search(line):
            reading = _date_in(line)
            if reading is not None:
                first = (reading, number, line)
    if cited is not None and not (first and first[0].raw.endswith(cited[0].raw)):
        return cited  # the document's own citation names its year; a date of another is not it
    return first


def _from_top(doc: WorkingDocument) -> bool:
    if doc.hints.published or doc.hints.published_raw:
        return False  # the format states the date (stages/metadata.py)
    found = _top_date(doc)
    if found is None:
        return False
    reading, number, line = found
    doc.front.append(("date", Block(lines=[line], first_line=number, blank_before=0)))
    doc.published, doc.published_raw = reading.date, reading.raw
    if reading.date is None:
        reason = f"incomplete date: no {', '.join(reading.missing)}"
        doc.problem("date", reason, line=number, raw=line, field="published")
    return True


def _publication_block(doc: WorkingDocument) -> Block | None:
    """The front-matter date that is the publication's: "Received …" is not, if another is."""
    dates = [block for kind, block in doc.front if kind == "date"]
    plain = [block for block in dates if not _OTHER_LABEL.search(block.text)]
    # "First version: March 2010 / This version: October 2013": the copy in hand.
    current = [block for block in plain if _THIS_VERSION.match(block.text)]
    if current:
        return current[0]
    if dates and not plain:
        found = _top_date(doc)
        if found is not None and not _OTHER_LABEL.search(found[2]):
            return Block(lines=[found[2]], first_line=found[1], blank_before=0)
    return (plain or dates or [None])[0]


def run(doc: WorkingDocument) -> None:
    block = _publication_block(doc)
    if block is not None and block is not doc.front_block("date"):
        doc.front.insert(0, ("date", block))  # the one the provenance names
    if block is None:
        if not _from_top(doc):
            doc.problem("date", "no publication date found", field="published")
        return
    reading = read_date(block.text)
    if reading is None:  # classified by front matter, so this is defensive
        doc.problem(
            "date", "unreadable date", line=block.first_line, raw=block.text, field="published"
        )
        return
    doc.published, doc.published_raw = reading.date, reading.raw
    doc.published_alternative = reading.alternative
    if reading.alternative is not None:
        reason = (
            f"ambiguous date: read as {reading.date.isoformat()} (month first), "
            f"could be {reading.alternative.isoformat()} (day first)"
        )
        doc.problem("date", reason, line=block.first_line, raw=block.text, field="published")
    if reading.date is None:
        reason = f"incomplete date: no {', '.join(reading.missing)}"
        doc.problem("date", reason, line=block.first_line, raw=block.text, field="published")
