"""Authors and affiliations as a research paper's title page prints them.

A paper (PDF, Word) prints its authors under the title as a bare line of
names, and their affiliations in the lines after it, either numbered::

    Ann Lee1, Bo Chen1,2 and Cy Dorn3
    1 Department of X, University of Y, Town, Country
    2 Institute of Z, Town, Country  3 University of W, …

(markers glued to the names; each affiliation line opens with its marker,
several may share one line), or unmarked, every author sharing the lines that
follow (a department on one line, the university on the next, the town on a
third), or each name followed by its own affiliation lines.

Accepted here, after the byline stage:

* authors already found (a byline) who have no affiliation: the affiliation
  lines directly after the byline are read and given to them, by marker when
  the byline carries markers, else the same to every author;
* no byline found, in a PDF or a Word document: the first blocks before the
  abstract (or the first long paragraph or numbered heading) are searched for
  a line (or consecutive lines) of personal names directly followed by an
  affiliation line; only a line of names *with* an affiliation under it is
  taken for a byline, since a bare line of names may be anything;
* no byline found, in a PDF or a Word document: the same line of names (with its
  affiliation lines, or reading as names) among the blocks the front stage kept
  unrecognised before a date ("Ann Lee" / "Harbour Institute" / "March 2021").

An affiliation line names an organisation (a university, institute,
department, laboratory, agency …) or opens with a marker.  Postal details
(street numbers, post boxes, postal codes) and e-mail addresses are left out
of the organisation: they say where to write, not where the author works.
The lines taken leave the body.  And a line under the title that is nothing but
personal names, with a date under it (what a word processor's Author and Date
paragraphs print), is the byline, not a subtitle.  A letter is signed by its
author: the name alone on the line after the closing ("Kind regards,"), and
the address block under the name, down to the contact lines, its affiliation.
"""

from __future__ import annotations

import re
from dataclasses import replace

from archive.ingest.document import ParsedAffiliation, ParsedAuthor
from archive.ingest.names import ORGANISATION, is_person_like
from archive.ingest.stages import byline as byline_stage
from archive.ingest.stages import dateline
from archive.ingest.stages.paragraphs import SECTION_BREAK
from archive.ingest.working import Block, WorkingDocument

__all__ = ["affiliation_lines", "clean_affiliation", "is_affiliation", "run"]

_SEARCHED = 14  # blocks of the body searched for a title-page byline
_MAX_AFFILIATION = 2000  # numbered affiliations may share one long line
_MAX_NAMES = 300
_LONG_PARAGRAPH = 400  # a paragraph of prose: the title page is over

# A marker opening an affiliation line: "1Department", "1 Department", "¹", "*", "†".
_LEADING_MARKER = re.compile(r"^(?P<marker>\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2}|[*∗†‡§¶]+)\s*(?=\S)")
# Several numbered affiliations on one line: "1Cardiff University, UK 2Bath Spa University".
_INNER_MARKER = re.compile(r"(?:(?<=\s)|^)(\d{1,2})\s*(?=[A-Z(])")
# Markers glued after a name in the byline: "Lee1,2", "Chen*", "Dorn†".
_NAME_MARKERS = r"(?P<markers>(?:\d{1,2}|[*∗†‡§¶]+)(?:\s*,\s*(?:\d{1,2}|[*∗†‡§¶]+))*)"
_EMAIL = re.compile(r"[\[{(]?[\w.,|+-]+[\]})]?@[\w.-]+\w|\S+@\S+")
_STREET = re.compile(r"^(?:p\.?\s?o\.?\s+)?box\s+\d+|^\d+[a-z]?\s+[A-Z]\w*(?:\s+\w+)*$", re.I)
# Postal codes: "98195", "98195-2350", "F-75005", a Canadian "K2E 7W6", a British "EH6 6QQ".
_POSTAL = re.compile(r"(?:^|\s)(?:[A-Z]{1,2}-)?\d{4,6}(?:-\d{4})?(?=\s|$)"
                     r"|(?:^|\s)[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"
                     r"|(?:^|\s)[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b")
_ABSTRACT = re.compile(r"^(?:abstract|summary)\b", re.I)
_NUMBERED_HEADING = re.compile(r"^\d+(?:\.\d+)*\.?\s+[A-Z]")


def clean_affiliation(text: str) -> str:
    """The organisation and place of an affiliation line, without its postal details.

    "1Turing Center, University of X, Box 352350, Seattle, WA 98195, USA a@x.edu"
    -> "Turing Center, University of X, Seattle, WA, USA".
    """
    text = _EMAIL.sub(" ", _LEADING_MARKER.sub("", text.strip()))
    parts = []
    for part in text.split(","):
        if _STREET.match(part.strip()):
            continue
        part = " ".join(_POSTAL.sub(" ", part).split()).strip(" ;.")
        if part and not part.isdigit():
            parts.append(part)
    return ", ".join(parts)


def is_affiliation(text: str) -> bool:
    """A line naming an organisation, or a marked line that reads as one."""
    text = text.strip()
    if not text or len(text) > _MAX_AFFILIATION or text.endswith((".", ":")) and not re.search(
        r"\b(?:inc|ltd|co|corp)\.$", text, re.I
    ):
        return False
    if byline_stage.looks_like(text):
        return False
    return bool(ORGANISATION.search(_EMAIL.sub(" ", text)))


def _email_only(text: str) -> bool:
    return bool(text.strip()) and not _EMAIL.sub(" ", text).strip(" ,;")


def _place_only(text: str) -> bool:
    """A line that continues an address: "Seattle, WA 98195, USA" (capitalised, short)."""
    cleaned = clean_affiliation(text)
    words = cleaned.replace(",", " ").split()
    return bool(words) and len(words) <= 8 and all(w[:1].isupper() for w in words)


def affiliation_lines(text: str) -> list[tuple[str | None, str]]:
    """[(marker or None, organisation)] of one affiliation block."""
    text = " ".join(text.translate(byline_stage.SUPERSCRIPT_DIGITS).split())
    lead = _LEADING_MARKER.match(text)
    if lead is None:
        cleaned = clean_affiliation(text)
        return [(None, cleaned)] if cleaned else []
    found: list[tuple[str | None, str]] = []
    starts = _numbered(text)
    if lead.group("marker").isdigit() and len(starts) > 1:
        for at, match in enumerate(starts):
            end = starts[at + 1].start() if at + 1 < len(starts) else len(text)
            cleaned = clean_affiliation(text[match.end():end])
            if cleaned:
                found.append((match.group(1), cleaned))
        return found
    cleaned = clean_affiliation(text)
    return [(lead.group("marker"), cleaned)] if cleaned else []


def _numbered(text: str) -> list[re.Match[str]]:
    """The markers 1, 2, 3 … opening the affiliations of one line, in order (a street
    number, "27 Main Street", is not the next marker)."""
    found: list[re.Match[str]] = []
    for match in _INNER_MARKER.finditer(text):
        expected = int(found[-1].group(1)) + 1 if found else int(match.group(1))
        if int(match.group(1)) == expected and (not found or text[:match.start()].rstrip()[-1:]
                                                not in ",;"):
            found.append(match)
    return found


def _name_markers(raw: str, name: str) -> list[str]:
    """The markers printed after ``name`` in the byline ``raw`` ("Lee1,2" -> ["1", "2"])."""
    raw = raw.translate(byline_stage.SUPERSCRIPT_DIGITS)
    match = re.search(re.escape(name) + r"\s*" + _NAME_MARKERS, raw)
    if match is None:
        return []
    return [m for m in re.split(r"\s*,\s*", match.group("markers")) if m]


def _names_line(text: str) -> list[tuple[str, str | None]]:
    """The names of a bare line of names ("A, B and C", markers allowed), else []."""
    if len(text) > _MAX_NAMES or ":" in text or _EMAIL.search(text):
        return []
    found, rejected = byline_stage.parse_byline(text.rstrip(" ,"))
    if rejected or not found or not all(is_person_like(name) for name, _ in found):
        return []
    return found


def _stop(block: Block) -> bool:
    text = block.text.strip()
    return bool(_ABSTRACT.match(text) or _NUMBERED_HEADING.match(text)
                or len(text) > _LONG_PARAGRAPH)


def _take_affiliations(blocks: list[Block], at: int) -> tuple[list[tuple[str | None, str]], int]:
    """The affiliation lines from ``blocks[at]`` on, and the index after them.

    Unmarked lines in a row are one affiliation (department, university, town);
    a marked line opens a new one.  E-mail lines are passed over.
    """
    found: list[tuple[str | None, str]] = []
    end = at
    open_unmarked = False
    while end < len(blocks):
        text = " ".join(blocks[end].text.split())
        marked = _LEADING_MARKER.match(text) is not None and not text[:1].isupper()
        if marked and is_affiliation(text):
            # Before the stop test: "1 University of X" also reads like a numbered heading.
            found += affiliation_lines(text)
            open_unmarked = False
            end += 1
            continue
        if _stop(blocks[end]):
            break
        if _email_only(text):
            end += 1
            continue
        if open_unmarked and _next_author(blocks, end):
            break  # the next author, with affiliation lines of their own
        if is_affiliation(text) or (open_unmarked and _place_only(text)
                                    and not dateline.looks_like(text)):
            part = clean_affiliation(text)
            if open_unmarked and found and part:
                marker, before = found[-1]
                found[-1] = (marker, f"{before}, {part}")
            elif part:
                found.append((None, part))
            open_unmarked = True
        else:
            break
        end += 1
    return found, end


# A list of acronyms after an organisation ("X University, CEPR and NBER"): research
# networks and bureaus an author is also a fellow of, each an affiliation.
_TRAILING_ACRONYMS = re.compile(r"^(?P<org>.+?)(?P<acronyms>(?:,?\s+(?:and\s+)?[A-Z]{2,8})+)$")


def _organisations(org: str) -> list[str]:
    """The affiliations one line names: the organisation and the acronyms after it."""
    match = _TRAILING_ACRONYMS.match(org)
    if (match is None or " and " not in f"{match.group('acronyms')} "
            or not is_affiliation(match.group("org"))):
        return [org]  # "Department of Economics, MIT": the department's university
    acronyms = re.findall(r"[A-Z]{2,8}", match.group("acronyms"))
    return [match.group("org").rstrip(" ,"), *acronyms]


def _next_author(blocks: list[Block], at: int) -> bool:
    """``blocks[at]`` is a line of names with an affiliation line right under it."""
    return (at + 1 < len(blocks) and bool(_names_line(blocks[at].text))
            and is_affiliation(blocks[at + 1].text) and not _stop(blocks[at + 1]))


def _each_with_own(blocks: list[Block], at: int) -> tuple[list[ParsedAuthor], list[str], int]:
    """Further authors from ``blocks[at]`` on, each name line followed by its own
    (unmarked) affiliation lines; (authors, their name lines, index after them)."""
    authors: list[ParsedAuthor] = []
    raw: list[str] = []
    while at < len(blocks) and _next_author(blocks, at):
        found, after = _take_affiliations(blocks, at + 1)
        orgs = [org for marker, org in found if marker is None]
        if not orgs or len(orgs) != len(found):
            break
        affiliations = [ParsedAffiliation(organization=part)
                         for org in orgs for part in _organisations(org)]
        authors += [ParsedAuthor(name=name, honorific=honorific, position=0,
                                 affiliations=list(affiliations))
                    for name, honorific in _names_line(blocks[at].text)]
        raw.append(blocks[at].text)
        at = after
    return authors, raw, at


def _assign(authors: list[ParsedAuthor], raw: str,
            found: list[tuple[str | None, str]]) -> list[ParsedAuthor] | None:
    """Authors with the affiliations ``found``; None when markers and lines do not match."""
    by_marker = {marker: org for marker, org in found if marker is not None}
    unmarked = [org for marker, org in found if marker is None]
    if by_marker and not unmarked:
        result = []
        for author in authors:
            markers = [m for m in _name_markers(raw, author.name) if m in by_marker]
            orgs = list(dict.fromkeys(by_marker[m] for m in markers))
            result.append(replace(author, affiliations=[
                ParsedAffiliation(organization=org) for org in orgs]))
        return result if any(a.affiliations for a in result) else None
    if unmarked and not by_marker and len(unmarked) == 1:
        org = unmarked[0]
        return [replace(a, affiliations=[ParsedAffiliation(organization=org)]) for a in authors]
    return None


def _after_byline(doc: WorkingDocument) -> None:
    """Affiliation lines under a byline give the byline's authors their affiliations."""
    bylines = byline_stage.byline_blocks(doc)
    if not bylines or any(a.affiliations for a in doc.authors):
        return
    last = bylines[-1].first_line + len(bylines[-1].lines) - 1
    blocks = doc.body_blocks
    if any(b.first_line > last for _, b in doc.front):
        return  # other front matter (a date, a note) stands between the byline and the body
    at = 0
    if not blocks or blocks[0].first_line <= last:
        return
    found, end = _take_affiliations(blocks, at)
    if not found:
        return
    assigned = _assign(doc.authors, " ".join(b.text for b in bylines), found)
    if assigned is not None:
        doc.authors = assigned
        doc.body_blocks = blocks[:at] + blocks[end:]


def _search(doc: WorkingDocument) -> None:
    """No byline: a title page's line of names with its affiliation lines under it."""
    blocks = doc.body_blocks
    for at in range(min(_SEARCHED, len(blocks))):
        if _stop(blocks[at]):
            return
        names = _names_line(blocks[at].text)
        if not names:
            continue
        end = at + 1
        raw = [blocks[at].text]
        while end < len(blocks) and raw[-1].rstrip().endswith(",") and (
                more := _names_line(blocks[end].text)):
            names += more  # a byline broken over lines ("A1, B2," / "C3 and D4")
            raw.append(blocks[end].text)
            end += 1
        found, after = _take_affiliations(blocks, end)
        if not found:
            continue
        authors = [ParsedAuthor(name=name, honorific=honorific, position=i)
                   for i, (name, honorific) in enumerate(names, start=1)]
        assigned = _assign(authors, " ".join(raw), found) or authors
        if not any(marker for marker, _ in found):
            # "A / A's affiliation / B / B's affiliation": each name has its own lines.
            more, more_raw, after = _each_with_own(blocks, after)
            if more:
                assigned = [replace(a, affiliations=[
                    ParsedAffiliation(organization=part) for x in a.affiliations
                    for part in _organisations(x.organization)]) for a in assigned]
            assigned = [replace(a, position=i) for i, a in enumerate(assigned + more, start=1)]
            raw += more_raw
        doc.authors = assigned
        doc.problems = [p for p in doc.problems
                        if not (p.stage == "byline" and p.field == "authors")]
        doc.front.append(("byline", Block(lines=raw, first_line=blocks[at].first_line,
                                          blank_before=blocks[at].blank_before)))
        doc.body_blocks = blocks[:at] + blocks[after:]
        return


def _unknown_run(doc: WorkingDocument) -> list[int]:
    """The indices in ``doc.front`` of its first run of unrecognised blocks."""
    run: list[int] = []
    for at, (kind, _) in enumerate(doc.front):
        if kind == "unknown":
            run.append(at)
        elif run:
            break
    return run


def _unrecognised_front(doc: WorkingDocument) -> None:
    """No byline: the front stage's unrecognised blocks between the title and a date
    ("Ann Lee and Bo Chen" / "Harbour Institute" / "March 2021", as a title page
    centres them) hold a line of names with its affiliation lines under it, or a line
    the text never prints in lower case (``_read_as_names``).  The front stage kept
    them out of the body because front matter followed; here they are read as the
    body's first blocks would be (``_search``)."""
    run = _unknown_run(doc)
    blocks = [doc.front[at][1] for at in run]
    for at, block in enumerate(blocks):
        names = _names_line(block.text)
        if not names:
            continue
        found, after = _take_affiliations(blocks, at + 1)
        if not found and not _read_as_names(doc, names):
            continue
        authors = [ParsedAuthor(name=name, honorific=honorific, position=i)
                   for i, (name, honorific) in enumerate(names, start=1)]
        assigned = (_assign(authors, block.text, found) if found else None) or authors
        doc.authors = [replace(a, position=i) for i, a in enumerate(assigned, start=1)]
        taken = {run[j] for j in range(at, after)}
        doc.front = [("byline" if i == run[at] else "affiliation", b) if i in taken else (k, b)
                     for i, (k, b) in enumerate(doc.front)]
        lines = {b.first_line for b in blocks[at:after]}
        doc.problems = [p for p in doc.problems
                        if not (p.stage == "byline" and p.field == "authors")
                        and not (p.stage == "front" and p.line in lines)]
        return


def _lower_case_words(doc: WorkingDocument) -> frozenset[str]:
    """The words the text prints in lower case (once a document; a set lookup a word)."""
    return frozenset(re.findall(r"\b[a-z][a-z'’-]+\b", doc.text))


def _read_as_names(doc: WorkingDocument, names: list[tuple[str, str | None]]) -> bool:
    """Whether capitalised words are names, not a heading or a title-case phrase.

    A personal name is capitalised wherever the text prints it; a phrase such as
    "Monetary Policy" or "Key Findings" turns up in lower case in the prose.  A
    name none of whose words the text prints in lower case reads as a name; so does
    one the document properties name.
    """
    stated = " ".join(doc.hints.authors).casefold()
    lower = _lower_case_words(doc)
    for name, _ in names:
        words = [w.strip(".,") for w in name.split() if len(w.strip(".,")) > 2]
        if ORGANISATION.search(name) or len(name.split()) > 4:
            return False
        if stated and words and words[-1].casefold() in stated:
            continue
        if not words or all(w.casefold() in lower for w in words):
            return False
    return True


def _block_names(block: Block) -> list[tuple[str, str | None]]:
    """The names of a block that is only names: one line of them, or one a line."""
    found = _names_line(block.text)
    if found and len(block.lines) == 1:
        return found
    names: list[tuple[str, str | None]] = []
    for line in block.lines:
        more = _names_line(line)
        if not more:
            return []
        names += more
    return names


_NAME_BLOCKS = 6  # names set one a block, at most
# Not a line of names: numbers standing apart ("Volume 4, Issue 2"; markers are glued),
# a salutation ("Dear Editors,"), a line that leads on to what follows (a comma, a colon).
_NOT_NAMES = re.compile(r"(?:^|\s)\d|^dear\b|[,:]\s*$", re.I)


def _names_under_title(doc: WorkingDocument) -> None:
    """No byline found: a block of nothing but personal names directly under the title
    (and subtitle, masthead) of a PDF or Word file, or under a Markdown file's title
    heading, is its byline, as papers and reports print it
    ("Ann Lee and Bo Chen", or one name a line), when the words read as names
    (:func:`_read_as_names`)."""
    blocks = doc.body_blocks
    if not blocks or any(kind in ("unknown", "byline") for kind, _ in doc.front):
        return
    names: list[tuple[str, str | None]] = []
    taken = 0
    positioned = False
    # A heading ends the run: one the format marks, or (a PDF's laid-out text) a block
    # set apart as a section opens ("Key Findings" under the byline), unless names
    # alternate with positions (a name in bold, its position under it).
    while taken < min(len(blocks), _NAME_BLOCKS) and not _NOT_NAMES.search(
            blocks[taken].text) and blocks[taken].first_line not in doc.heading_lines and not (
            taken and blocks[taken].blank_before >= SECTION_BREAK and not positioned) and (
            more := _block_names(blocks[taken])):
        names += more
        taken += 1
        # A position under a name ("Analyst in Harbour Policy") is the author's title:
        # the names go on after it, one name and its position at a time.
        positioned = taken < len(blocks) and byline_stage.is_position(blocks[taken].text)
        taken += positioned
    if not names or not _read_as_names(doc, names):
        return
    # The line's own affiliations ("Ann Lee, Senior Fellow, Harbour Institute").
    stated, _ = byline_stage.read_byline(blocks[0].text) if taken == 1 else ([], [])
    if [name for name, _, _ in stated] != [name for name, _ in names]:
        stated = [(name, honorific, []) for name, honorific in names]
    doc.authors = [ParsedAuthor(name=name, honorific=honorific, position=i, affiliations=orgs)
                   for i, (name, honorific, orgs) in enumerate(stated, start=1)]
    doc.front += [("byline", block) for block in blocks[:taken]]
    doc.body_blocks = blocks[taken:]
    doc.problems = [p for p in doc.problems if not (p.stage == "byline" and p.field == "authors")]
    if any(author.affiliations for author in doc.authors):
        return
    found, end = _take_affiliations(doc.body_blocks, 0)
    raw = " ".join(block.text for block in blocks[:taken])
    assigned = _assign(doc.authors, raw, found) if found else None
    if assigned is not None:
        doc.authors = assigned
        doc.body_blocks = doc.body_blocks[end:]


def _names_as_subtitle(doc: WorkingDocument) -> None:
    """A "subtitle" that is nothing but personal names, with a date under it, is the
    byline a word processor's Author paragraph printed ("Ann Lee" / "2 May 2020");
    so is one in a PDF or Word file whose words read as names (``_read_as_names``)."""
    if not doc.subtitle:
        return
    names = _names_line(doc.subtitle)
    if not names or any(len(name.split()) > 4 for name, _ in names):
        return
    if doc.front_block("date") is None and not (
            doc.format in ("pdf", "docx") and _read_as_names(doc, names)):
        return
    doc.authors = [ParsedAuthor(name=name, honorific=honorific, position=i)
                   for i, (name, honorific) in enumerate(names, start=1)]
    doc.subtitle = None
    doc.problems = [p for p in doc.problems if not (p.stage == "byline" and p.field == "authors")]


_CLOSING = re.compile(
    r"^(?:(?:yours\s+)?(?:sincerely|faithfully|truly|respectfully)(?:\s+yours)?|"
    r"(?:kind|best|warm|with\s+best)\s+(?:regards|wishes)|regards|cordially|"
    r"with\s+(?:thanks|gratitude))\s*,?$",
    re.I,
)
_LETTER_TAIL = 6  # a letter's closing stands among its last blocks


_CONTACT = re.compile(r"^(?:e-?mail|phone|tel(?:ephone)?|fax|mobile|web(?:site)?|orcid)\b|"
                      r"^(?:www\.|https?:)|@", re.I)
_ADDRESS_LINE = 100  # characters: a longer line is prose after the signature


def _signature_address(lines: list[str]) -> str | None:
    """The organisation and place a signature's address block states, or None.

    The lines under the signer's name, down to the first contact line (e-mail,
    phone, web), are one address: organisation lines, then street and town.  The
    street and postal code go (they say where to write): "Harbour Office / Quay
    Research Centre / 12 Dock Road, Leith / EH6 6QQ, Scotland" -> "Harbour
    Office, Quay Research Centre, Leith, Scotland".  Only when the block names an
    organisation somewhere.
    """
    block: list[str] = []
    for line in lines:
        if _CONTACT.search(line) or len(line) > _ADDRESS_LINE:
            break
        block.append(line)
    parts = [part for line in block for part in _address_parts(line)]
    if not parts or not ORGANISATION.search(" ".join(parts)):
        return None
    return ", ".join(parts)


def _address_parts(line: str) -> list[str]:
    parts = []
    for part in line.split(","):
        part = part.strip()
        if _STREET.match(part):
            continue
        part = " ".join(_POSTAL.sub(" ", part).split()).strip(" ;.")
        if part and not part.isdigit():
            parts.append(part)
    return parts


def _letter_signature(doc: WorkingDocument) -> None:
    """A letter's signature: the name alone on the line after its closing ("Kind
    regards," / "Ann Lee"), with the affiliation lines under it, is its author."""
    blocks = doc.body_blocks
    for at in range(max(0, len(blocks) - _LETTER_TAIL), len(blocks) - 1):
        if not _CLOSING.match(blocks[at].text.strip()):
            continue
        lines = [" ".join(line.split()) for block in blocks[at + 1:] for line in block.lines]
        name = lines[0] if lines else ""
        if not is_person_like(name) or len(name.split()) > 4:
            return
        address = _signature_address(lines[1:])
        found, _ = _take_affiliations(
            [Block(lines=[line], first_line=0, blank_before=0) for line in lines[1:]], 0)
        orgs = [ParsedAffiliation(organization=org)
                for org in ([address] if address else [org for _, org in found[:1]])]
        doc.authors = [ParsedAuthor(name=name, position=1, affiliations=orgs)]
        doc.problems = [p for p in doc.problems
                        if not (p.stage == "byline" and p.field == "authors")]
        return


def run(doc: WorkingDocument) -> None:
    if doc.authors:
        _after_byline(doc)
        return
    _names_as_subtitle(doc)
    if not doc.authors and doc.format in ("pdf", "docx"):
        _unrecognised_front(doc)
    if not doc.authors and doc.format in ("pdf", "docx"):
        _search(doc)
    # A Markdown heading is the title as surely as a PDF's largest type; a web page's
    # <h1> is followed by anything (links, teasers).  Front matter naming the authors
    # speaks for itself (stages/metadata.py); Word and PDF properties only confirm.
    if not doc.authors and (doc.format in ("pdf", "docx") or (
            doc.format == "markdown" and doc.explicit_title is not None
            and not doc.hints.authors)):
        _names_under_title(doc)
    if not doc.authors:
        _letter_signature(doc)
