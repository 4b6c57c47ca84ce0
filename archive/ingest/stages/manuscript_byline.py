"""A manuscript's byline: the names printed under the title of a paper (PDF, Word).

Runs after the byline stage and before :mod:`archive.ingest.stages.title_page`,
only when no byline was found (a line of names with numbered affiliation lines
under it is left to title_page, which assigns them by marker).

A research manuscript, a technical note or a conference paper prints its
authors directly under the title, one name (or a list of names) a line, with
no "By".  A bare line of names may be anything, so it is
taken for the byline only when the manuscript's own layout confirms it: the
line (or lines, one author a line) stands right under the title, and what comes
next is what only follows a byline:

* a date line ("August 30, 2013", "2025-12-19": the word processor's Author
  then Date paragraphs, a note's date under its author);
* an e-mail line, maybe after short affiliation lines ("Ann Lee / Example
  Corp / ann@example.org", as conference papers print it): those lines are the
  authors' shared affiliation (one address an author);
* or the document properties name the same people.

The name line and its e-mail line may also be set as one block, the lines
printed close together (a PDF's "Ann Lee / ann@example.org / www.example.org"):
the block is the byline when it is the name line, short affiliation lines, an
e-mail line (one address an author) and at most a web address, nothing else.

An "Abstract" heading alone does not confirm it (stages/title_page.py: a bare
line of names needs its affiliation lines there).

Also read: an author list in the "Surname, I. I." form manuscripts and
citations use ("Lee, A. B. 1, Chen, B. 2", maybe after a label "Authors:"),
with its marked affiliation lines under it ("1 Harbour Institute, Leith"): the
names in natural order ("A. B. Lee"), each with the affiliations its markers
point to, as printed.  The inverted form with initials is never prose, but it
is taken only with the label or the affiliation lines.

And a date line that opens with the names ("Ann Lee November 17, 2014", a
name and a date set on one printed line): the names before the date are the
byline.  A name's note marker (a title-page footnote of thanks) is not part of it.
The same line opening with the organisation the document properties name as the
author ("X Group, Research and Statistics, Y, June 3, 2022"): the organisation
signs it.
"""

from __future__ import annotations

import re

from archive.ingest.document import ParsedAffiliation, ParsedAuthor
from archive.ingest.names import ORGANISATION, is_person_like
from archive.ingest.stages import byline as byline_stage
from archive.ingest.stages import dateline
from archive.ingest.working import MARK_CLOSE, MARK_OPEN, Block, WorkingDocument

__all__ = ["inverted_list", "names_of", "run"]

_MAX_NAMES_LINE = 200
_MAX_NAME_LINES = 12  # one author a line: a long author list still fits
_MAX_AFFILIATION_LINES = 3
_MAX_AFFILIATION_WORDS = 10
_EXACT_MARK = re.compile(f"{MARK_OPEN}[^{MARK_CLOSE}]*{MARK_CLOSE}")
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_MAX_LEADING_WORDS = 6  # words of names before a date on one line


def names_of(text: str) -> list[tuple[str, str | None]]:
    """The (name, honorific) pairs of a line that is nothing but personal names, else []."""
    text = _EXACT_MARK.sub("", text).strip().rstrip(" ,")
    if not text or len(text) > _MAX_NAMES_LINE or ":" in text or "@" in text:
        return []
    found, rejected = byline_stage.parse_byline(text)
    if rejected or not found or not all(is_person_like(name) for name, _ in found):
        return []
    return found


def _emails(text: str) -> bool:
    """A line of e-mail addresses only ("ann@x.org", "{ann, bo}@x.org" is not read)."""
    parts = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    return bool(parts) and all(_EMAIL.match(p.strip("<>()[]")) for p in parts)


def _short_affiliation(text: str) -> bool:
    """A short line of capitalised words, no sentence: an affiliation ("Google", "Acme Labs")."""
    words = text.replace(",", " ").split()
    if _MARKED_LINE.match(text.strip()):
        return False  # "1 University of X": numbered affiliations are title_page's to assign
    return (0 < len(words) <= _MAX_AFFILIATION_WORDS and not text.rstrip().endswith(".")
            and all(w[:1].isupper() or not w[:1].isalpha() or w in ("of", "and", "for", "the")
                    for w in words))


def _last_line(block: Block) -> int:
    return block.first_line + len(block.lines) - 1


def _confirmed(doc: WorkingDocument, names: list[tuple[str, str | None]], after: int,
               end_line: int) -> tuple[bool, list[str], int]:
    """Whether what follows the names (body block ``after`` on) confirms a byline, the
    affiliation lines it gives, and the body index after them."""
    blocks = doc.body_blocks
    next_line = blocks[after].first_line if after < len(blocks) else None
    if any(kind == "date" and block.first_line > end_line
           and (next_line is None or block.first_line < next_line) for kind, block in doc.front):
        return True, [], after  # the date already read as front matter stands under the names
    if after < len(blocks):
        text = blocks[after].text.strip()
        if dateline.looks_like(text) and doc.front_block("date") is None:
            doc.front.append(("date", blocks[after]))  # the dateline under the byline
            return True, [], after + 1
        if dateline.looks_like(text):
            return True, [], after
        for end in range(after, min(after + _MAX_AFFILIATION_LINES + 1, len(blocks))):
            line = blocks[end].text.strip()
            # One address an author: fewer addresses than names means the last
            # "names" were an affiliation that reads like one ("Leith Tide Works").
            if _emails(line) and len(re.split(r"[\s,;]+", line)) >= len(names):
                return True, [blocks[i].text.strip() for i in range(after, end)], end + 1
            if not _short_affiliation(line):
                break
    stated = {" ".join(n.casefold().split()) for n in doc.hints.authors}
    printed = {" ".join(n.casefold().split()) for n, _ in names}
    return bool(stated) and stated == printed, [], after


def _set(doc: WorkingDocument, names: list[tuple[str, str | None]], orgs: list[str]) -> None:
    affiliations = [ParsedAffiliation(organization=", ".join(orgs))] if orgs else []
    doc.authors = [ParsedAuthor(name=name, honorific=honorific, position=i,
                                affiliations=list(affiliations))
                   for i, (name, honorific) in enumerate(names, start=1)]
    doc.problems = [p for p in doc.problems if not (p.stage == "byline" and p.field == "authors")]


def _under_title(doc: WorkingDocument) -> bool:
    """Name lines under the title (or a "subtitle" that is one), with their confirmation."""
    blocks = doc.body_blocks
    names: list[tuple[str, str | None]] = []
    from_subtitle = bool(doc.subtitle and names_of(doc.subtitle))
    if from_subtitle:
        names += names_of(doc.subtitle or "")
    elif any(kind not in ("notice",) for kind, _ in doc.front):
        return False  # other front matter stands between the title and the body
    at = 0
    lines: list[list[tuple[str, str | None]]] = []
    while at < min(len(blocks), _MAX_NAME_LINES) and (found := names_of(blocks[at].text)):
        lines.append(found)
        at += 1
    # The longest run of name lines the layout confirms (its last lines may be an
    # affiliation that reads like names, confirmed by the e-mail line under it).
    for count in range(len(lines), -1, -1):
        run = names + [name for line in lines[:count] for name in line]
        if not run:
            continue
        taken = blocks[:count]
        ok, orgs, after = _confirmed(doc, run, count, _last_line(taken[-1]) if taken else 0)
        if ok:
            break
    else:
        return False
    _set(doc, run, orgs)
    if from_subtitle:
        doc.subtitle = None
    doc.front += [("byline", block) for block in taken]
    doc.body_blocks = blocks[after:]
    return True


# Words that label a date ("Updated March 3, 2021"), never the start of a name.
_DATE_LABEL = re.compile(r"^(?:updated|published|posted|revised|released|issued|printed|dated?|"
                         r"version|draft)\b:?$", re.I)


def _names_before_date(doc: WorkingDocument) -> bool:
    """A front-matter date line that opens with the names: "Ann Lee November 17, 2014"."""
    block = doc.front_block("date")
    if block is None:
        return False
    words = block.text.split()
    if _DATE_LABEL.match(words[0] if words else ""):
        return False  # "Updated March 3, 2021": the label and the date's month, no names
    for count in range(min(_MAX_LEADING_WORDS, len(words) - 1), 1, -1):
        if re.fullmatch(dateline.MONTH, words[count - 1].rstrip(","), re.I):
            continue  # the month opens the date: "Ann Lee March 3, 2021" is cut after "Lee"
        names = names_of(" ".join(words[:count]))
        # Set apart by a bar or bullet, the words before are an item of a masthead
        # ("POLICY BRIEF | April 2020"), not the names the date follows.
        if (names and words[count] not in {"|", "•", "·"}
                and dateline.looks_like(" ".join(words[count:]))):
            _set(doc, names, [])
            return True
    return False


def _organisation_before_date(doc: WorkingDocument) -> bool:
    """A front-matter date line that opens with the organisation the document
    properties name as the author ("X Group, Research and Statistics, Y, June 3,
    2022"): the organisation signs the document.  Only with the properties'
    confirmation, since an organisation printed before a date may be a publisher."""
    block = doc.front_block("date")
    if block is None and doc.body_blocks:
        block = doc.body_blocks[0]  # right under the title, not yet read as front matter
    if block is None:
        return False
    printed = " ".join(block.text.split())
    for stated in doc.hints.authors:
        if not ORGANISATION.search(stated) or not printed.casefold().startswith(
                stated.casefold()):
            continue
        rest = printed[len(stated):].strip(" ,;")
        if rest and dateline.looks_like(rest):
            _set(doc, [(stated, None)], [])  # the date stage reads the line's date
            return True
    return False


_LIST_LABEL = re.compile(r"^(?:list\s+of\s+)?authors?\s*:\s*", re.I)
_MARK = r"(?:\d{1,2}|[*∗†‡§¶#])"
# "Lee, A. B. 1,2": a surname, a comma (or a slip of the pen, a stop), initials, markers.
_INVERTED = re.compile(
    r"(?P<surname>[A-Z][^\W\d_][\w’'-]*(?:\s+[A-Z][^\W\d_][\w’'-]*)?)[.,]\s+"
    r"(?P<initials>(?:[A-Z]\.\s?(?:-\s?[A-Z]\.\s?)?){1,3})"
    rf"\s*(?P<markers>{_MARK}(?:\s*,?\s*{_MARK}(?!\w))*)?")
_LIST_SEPARATOR = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
_MARKED_LINE = re.compile(rf"^(?P<marker>{_MARK})\s*:?\s+(?P<text>\S.*)$")
_LIST_BLOCKS = 4  # the author list stands in the first blocks under the title


def inverted_list(text: str) -> list[tuple[str, list[str]]]:
    """ "Lee, A. B. 1, Chen, B. 2" -> [("A. B. Lee", ["1"]), ("B. Chen", ["2"])], else []."""
    text = _LIST_LABEL.sub("", text.strip(), count=1)
    found: list[tuple[str, list[str]]] = []
    at = 0
    while at < len(text):
        match = _INVERTED.match(text, at)
        if match is None:
            return []
        initials = " ".join(match.group("initials").split())
        found.append((f"{initials} {match.group('surname')}",
                      re.findall(_MARK, match.group("markers") or "")))
        at = match.end()
        separator = _LIST_SEPARATOR.match(text, at)
        if separator is None or separator.end() == at:
            break
        at = separator.end()
    return found if at >= len(text.rstrip(" ,;.")) else []


def _inverted_byline(doc: WorkingDocument) -> bool:
    """An author list "Lee, A. B. 1, Chen, B. 2" and its marked affiliation lines."""
    blocks = doc.body_blocks
    for at in range(min(_LIST_BLOCKS, len(blocks))):
        listed = inverted_list(blocks[at].text)
        if not listed:
            continue
        orgs: dict[str, str] = {}
        end = at + 1
        while end < len(blocks) and (line := _MARKED_LINE.match(blocks[end].text.strip())):
            if not _emails(line.group("text")):  # "†: ann@x.org" says whom to write to
                orgs.setdefault(line.group("marker"), line.group("text").strip())
            end += 1
        if not orgs and not _LIST_LABEL.match(blocks[at].text.strip()):
            return False
        doc.authors = [
            ParsedAuthor(name=name, position=i, affiliations=[
                ParsedAffiliation(organization=orgs[m]) for m in markers if m in orgs])
            for i, (name, markers) in enumerate(listed, start=1)]
        doc.problems = [p for p in doc.problems
                        if not (p.stage == "byline" and p.field == "authors")]
        doc.front += [("byline", blocks[at])]
        doc.body_blocks = blocks[:at] + blocks[end:]
        return True
    return False


_WEB_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$", re.I)


def _contact_block(doc: WorkingDocument) -> bool:
    """The block under the title that is a name line and its contact lines."""
    blocks = doc.body_blocks
    if not blocks or any(kind not in ("notice",) for kind, _ in doc.front):
        return False
    lines = [line.strip() for line in blocks[0].lines]
    names = names_of(lines[0])
    if not names or len(lines) < 2:
        return False
    rest = lines[1:]
    while rest and _WEB_ADDRESS.match(rest[-1]):
        rest.pop()  # the authors' page after their address
    if len(lines) - 1 - len(rest) > 1 or not rest or not _emails(rest[-1]):
        return False
    orgs = rest[:-1]
    if (len(re.split(r"[\s,;]+", rest[-1])) < len(names) or len(orgs) > _MAX_AFFILIATION_LINES
            or not all(_short_affiliation(org) for org in orgs)):
        return False
    _set(doc, names, orgs)
    doc.front.append(("byline", blocks[0]))
    doc.body_blocks = blocks[1:]
    return True


def run(doc: WorkingDocument) -> None:
    if doc.authors or doc.format not in ("pdf", "docx"):
        return
    (_under_title(doc) or _contact_block(doc) or _names_before_date(doc)
     or _organisation_before_date(doc) or _inverted_byline(doc))
