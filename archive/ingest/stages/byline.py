"""Parse the byline into authors.

Accepted: a front-matter line starting "By", "Written by" or "Author(s):",
then names separated by commas, semicolons, "and" or "&" ("By A, B, and C"),
the first of which reads like a person's name (two or more capitalised words,
or one after an honorific; no function words, no colon): "By Land and Sea: A
History" and "By Any Means Necessary" are titles, not bylines.  A leading
plural honorific applies to every name ("By Drs. A & B"); each name may carry
its own ("By Prof. A and Dr B").  Academic degrees after a comma ("A, PhD")
are dropped; generational suffixes ("Jr.") stay with the name.

Also accepted:

* other leads: "Posted by", "Conducted by", "Reported by", "Compiled by", "Prepared
  by" (a report's), "Authored by";
* a line of names with no lead, as research papers print them, when the
  names carry affiliation markers ("A1, B2,3, and C4", "A 1 , B 2", "A*, B†", an "ID"
  left by an ORCID icon) or initials ("Ann P. Lee and Bo R. Chen"): the
  markers are dropped from the names;
* an inverted single name, "Crane, Ann Lee" ("By Last, First"): one word,
  a comma, then one to three given names;
* an affiliation after a name: "A (X Institute) and B (Y Lab)", "A, Senior
  Fellow at X", "A, X Institute" (a word such as "Institute", "University",
  "Bank" says it is an organisation); one after the last of several names
  is theirs all ("A and B, X Institute");
* "A and B, on behalf of the X Team": the names, each with the body they
  sign for as an affiliation;
* a byline broken over lines that end with a comma ("A1, B2," / "C3 and D4");
* no byline in the front matter: a post's signature among the last blocks
  ("Posted by Ann Lee on 3 May 2020"), a preface saying who wrote the text
  ("… which appears below was written by Ann Lee at …"), or an author section at the end
  ("About the author", "Authors" heading) whose first paragraph opens with
  the name ("Ann Lee is a …"); or a regulatory notice's "AGENCY:" line,
  whose agencies issue it ("AGENCY: Federal Aviation Administration (FAA),
  DOT." -> "Federal Aviation Administration"); or the speaker a speech's title
  names ("Governor Ann Lee's Address to …", "Remarks by Mayor Ann Lee at …"),
  without the office, which is neither name nor honorific.
"""

import re

from archive.ingest.document import ParsedAffiliation, ParsedAuthor
from archive.ingest.names import (
    HONORIFIC,
    ORGANISATION,
    canonical_honorific,
    is_person_like,
    is_plausible_name,
    plural_honorific,
)
from archive.ingest.stages.affiliations import parse_positions
from archive.ingest.working import Block, WorkingDocument

__all__ = [
    "SUPERSCRIPT_DIGITS",
    "byline_blocks",
    "is_position",
    "looks_like",
    "parse_byline",
    "read_byline",
    "run",
    "split_behalf",
]

_LEAD = re.compile(
    r"^(?:(?:(?:written|posted|conducted|reported|compiled|prepared|authored)\s+)?by|"
    r"authors?\s*:)\s+(?=\S)",
    re.I,
)
# Affiliation markers glued to a name: digits, symbols, an ORCID icon's "ID".
_MARKERS = re.compile(r"(?<=[^\W\d_.])(?:\d{1,2}|[*∗†‡§¶]+)(?:\s*,\s*(?:\d{1,2}|ID|[*∗†‡§¶]+))*"
                      r"(?:\s*,\s*ID)?(?=[\s,;]|$)")
_ORCID = re.compile(r"(?<=[^\W\d_])\s*,?\s*ID\b")
# "Ann Lee¹²": superscript markers read as the digits they are.
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# Markers set apart by a space, as PDF text often has them: "Ann Lee 2 , Bo Chen 3 , and".
_SPACED_MARKERS = re.compile(r"(?<=[^\W\d_])\s+(?:\d{1,2}|[*∗†‡§¶]+)"
                             r"(?:\s*,\s*(?:\d{1,2}|[*∗†‡§¶]+))*(?=\s*(?:,|;|&|\band\b|$))")
_INITIAL = re.compile(r"\b[A-Z]\.(?:\s|$)")
_SECTION_AUTHOR = re.compile(r"^(?:about\s+the\s+)?authors?:?$", re.I)
_LEADING_NAME = re.compile(
    r"^((?:[A-Z][\w’'.-]+\s+){1,3}[A-Z][\w’'-]+)(?=\s+(?:is|was|works|serves)\b)"
)
# Between names: a comma or semicolon, "and" ("AND" in a byline set in capitals), "&",
# or a middle dot set apart by spaces ("Ann Lee · Bo Chen", as some journals print it).
_SEPARATOR = re.compile(r"\s*(?:[,;]\s*(?:and|AND|&)\s+|[,;]\s*|\s+(?:and|AND)\s+|\s*&\s*|"
                        r"\s+[·•]\s+)")
_DEGREE = re.compile(r"^(?:Ph\.?\s?D|M\.?D|J\.?D|D\.?Phil|MBA|MPhil|MSc|MA|BA|BSc)\.?$", re.I)
_GENERATION = re.compile(r"^(?:Jr|Sr|II|III|IV)\.?$")
_OWN_HONORIFIC = re.compile(rf"^(?P<hon>{HONORIFIC})\s+")
_MAX_LENGTH = 300  # a byline is one short line; longer text is prose


def _uninverted(parts: list[str], text: str) -> list[str]:
    """ "Crane-Hirsch, Audrey Celeste" (one surname, a comma, given names) -> one name."""
    if (len(parts) == 2 and len(parts[0].split()) == 1 and 1 <= len(parts[1].split()) <= 3
            and "," in text and " and " not in text and "&" not in text):
        return [f"{parts[1]} {parts[0]}"]
    return parts


# A marker glued to a name and then the next capitalised name, with no comma or "and"
# between: the names of a title page set side by side ("Ann Lee* Bo Chen†").
_MARKER_BETWEEN = re.compile(r"(?<=[^\W\d_.])(?:\d{1,2}|[*∗†‡§¶]+)"
                             r"(?:\s*,\s*(?:\d{1,2}|[*∗†‡§¶]+))*\s+(?=[A-Z])")


def strip_markers(text: str) -> str:
    """ "Ann Lee1, Bo Chen2,3,ID" -> "Ann Lee, Bo Chen"; "Ann Lee* Bo Chen†" -> "Ann Lee,
    Bo Chen"."""
    text = _MARKER_BETWEEN.sub(", ", text.translate(SUPERSCRIPT_DIGITS))
    return _SPACED_MARKERS.sub("", _ORCID.sub("", _MARKERS.sub("", text)))


def _bare_names(text: str) -> bool:
    """A line of names without a lead: every part a person's name, and markers or initials."""
    if len(text) > _MAX_LENGTH or ":" in text:
        return False
    stripped = strip_markers(text)
    marked = stripped != text
    names = _names(stripped)
    if not names or not all(is_person_like(n) for n in names):
        return False
    return marked or all(_INITIAL.search(n) for n in names)


# "Ann Lee, on behalf of the Tide Survey Team": the names, and the body they sign for.
_BEHALF = re.compile(r"^(?P<names>[^,]+(?:,[^,]+)*?),?\s+on\s+behalf\s+of\s+(?:the\s+)?"
                     r"(?P<org>\S.{2,150})$", re.I)


def split_behalf(text: str) -> tuple[str, str | None]:
    """ "A and B, on behalf of the X Team" -> ("A and B", "X Team"); else (text, None)."""
    match = _BEHALF.match(text.strip())
    if match is None:
        return text, None
    return match.group("names"), match.group("org").strip().rstrip(".")


def looks_like(text: str) -> bool:
    """A byline: the lead, then a first name that reads like a person's."""
    if len(text) > _MAX_LENGTH:
        return False
    names, org = split_behalf(text)
    if org is not None:
        found, rejected = parse_byline(names)
        return bool(found) and not rejected and all(is_person_like(n) for n, _ in found)
    if not _LEAD.match(text):
        return _bare_names(text)
    shared, rest = plural_honorific(strip_markers(_LEAD.sub("", text.strip(), count=1)))
    rest = re.sub(r"\s*\([^()]*\)", "", rest)  # "A (X Institute, Leith)": the name is A
    names = _uninverted(_names(rest), rest)
    if not names:
        return False
    own = _OWN_HONORIFIC.match(names[0])
    name = names[0][own.end() :].strip() if own else names[0]
    return is_person_like(name, canonical_honorific(own.group("hon")) if own else shared)


def _clean(part: str) -> str:
    part = part.strip(" ;")
    # A sentence stop after a name, not the stop of an initial or "Jr.".
    return part[:-1] if re.search(r"[a-z]{2}\.$", part) else part


def _names(text: str) -> list[str]:
    """Split the name list, folding degree and generation suffixes into their name."""
    names: list[str] = []
    for part in filter(None, map(_clean, _SEPARATOR.split(text))):
        if names and _DEGREE.match(part):
            continue
        if names and _GENERATION.match(part):
            names[-1] += f" {part}"
            continue
        names.append(part)
    return names


# A position after a name ("A, Senior Fellow, X Institute"): the title the author
# holds at the organisation that follows, never a name of its own.
_POSITION_TITLE = re.compile(
    r"^(?:[A-Z][\w.-]*\s+){0,3}(?:fellow|professor|director|economist|researcher|scientist|"
    r"analyst|editor|lecturer|advis[eo]r|officer|manager|associate|chair|president|dean|"
    r"student|candidate|correspondent|reporter|columnist|writer|contributor|engineer|"
    r"coordinator|specialist)s?$", re.I)

_POSITION_LINE = re.compile(_POSITION_TITLE.pattern[:-1] + r"(?:\s+(?:in|of|for)\s+\S.{0,80})?$",
                            re.I)


def is_position(text: str) -> bool:
    """A line that is a position alone: "Senior Fellow", "Analyst in Harbour Policy"."""
    return bool(_POSITION_LINE.match(" ".join(text.split())))


Named = tuple[str, str | None, list[ParsedAffiliation]]
_PARENTHESISED = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<org>[^()]+)\)$")
_PROTECTED_COMMA = "\ue010"


def _affiliation_part(part: str) -> list[ParsedAffiliation]:
    """A byline part that is an affiliation ("Harbour Institute", "Fellow at X"), or []."""
    positions = parse_positions(part) if re.search(r"\s(?:at|with)\s", part) else []
    if positions:
        return positions
    if ORGANISATION.search(part) and not _OWN_HONORIFIC.match(part):
        return [ParsedAffiliation(organization=part.strip())]
    return []


def read_byline(text: str) -> tuple[list[Named], list[str]]:
    """Return ([(name, honorific, affiliations)], [parts that are neither names nor
    affiliations]).  An affiliation follows its name: "A (X Institute)", "A, Fellow at
    X", "A, X Institute"; one after the last of several names is theirs all."""
    shared, rest = plural_honorific(strip_markers(_LEAD.sub("", text.strip(), count=1)))
    # Commas inside parentheses do not separate names: "A (X Institute, Leith)".
    rest = re.sub(r"\([^()]*\)", lambda m: m.group(0).replace(",", _PROTECTED_COMMA), rest)
    found: list[Named] = []
    rejected: list[str] = []
    trailing: list[ParsedAffiliation] = []
    position: str | None = None
    for raw in _uninverted(_names(rest), rest):
        part = raw.replace(_PROTECTED_COMMA, ",")
        orgs: list[ParsedAffiliation] = []
        paren = _PARENTHESISED.match(part)
        if paren and (stated := _affiliation_part(paren.group("org"))):
            part, orgs = paren.group("name").strip(), stated
        if found and not orgs and _POSITION_TITLE.match(part):
            position = part  # held at the organisation named next
            continue
        if found and (stated := _affiliation_part(part)):
            if position:
                stated = [ParsedAffiliation(organization=a.organization, place=a.place,
                                            title=a.title or position) for a in stated]
            found[-1][2].extend(stated)
            trailing, position = stated, None
            continue
        position = None
        own = _OWN_HONORIFIC.match(part)
        name = part[own.end() :].strip() if own else part
        honorific = canonical_honorific(own.group("hon")) if own else shared
        while own and (more := _OWN_HONORIFIC.match(name)):
            name = name[more.end():].strip()  # "Prof. Dr. Ann Lee": the first is kept
        trailing = []
        if is_plausible_name(name):
            found.append((name, honorific, orgs))
        else:
            rejected.append(part)
    if trailing and len(found) > 1 and not any(orgs for _, _, orgs in found[:-1]):
        found = [(name, hon, list(trailing)) for name, hon, _ in found]
    return found, rejected


def parse_byline(text: str) -> tuple[list[tuple[str, str | None]], list[str]]:
    """Return ([(name, honorific)], [parts that are not plausible names])."""
    found, rejected = read_byline(text)
    return [(name, honorific) for name, honorific, _ in found], rejected


def byline_blocks(doc: WorkingDocument) -> list[Block]:
    """The byline block, and the byline blocks continuing it when it ends with a comma
    (a long list of names broken over lines: "A1, B2," / "C3 and D4")."""
    bylines = [block for kind, block in doc.front if kind == "byline"]
    found = bylines[:1]
    for block in bylines[1:]:
        if not found[-1].text.rstrip().endswith(","):
            break
        found.append(block)
    return found


def run(doc: WorkingDocument) -> None:
    blocks = byline_blocks(doc)
    if not blocks and (dated := _dateline_byline(doc)):
        doc.authors = [ParsedAuthor(name=name, honorific=honorific, position=i)
                       for i, (name, honorific) in enumerate(dated, start=1)]
        return
    if not blocks:
        found = _author_section(doc) or _speaker(doc.title)
        if found:
            doc.authors = [ParsedAuthor(name=found, position=1)]
            return
        issuers = agencies(doc)
        if issuers:
            doc.authors = [ParsedAuthor(name=name, position=i, role="author")
                           for i, name in enumerate(issuers, start=1)]
            return
        doc.problem("byline", "no byline found", field="authors")
        return
    block = blocks[0]
    names, org = split_behalf(" ".join(b.text for b in blocks))
    found, rejected = read_byline(names)
    signs_for = [ParsedAffiliation(organization=org)] if org else []
    doc.authors = [
        ParsedAuthor(name=name, honorific=honorific, position=i,
                     affiliations=[*orgs, *signs_for])
        for i, (name, honorific, orgs) in enumerate(found, start=1)
    ]
    for part in rejected:
        reason = f"byline part {part!r} is not a recognisable name"
        doc.problem("byline", reason, line=block.first_line, raw=block.text, field="authors")
    if not found:
        doc.problem(
            "byline",
            "byline names no author",
            line=block.first_line,
            raw=block.text,
            field="authors",
        )


# A dateline that goes on to name the author: "Posted on March 4, 2021 by Ann Lee".
_DATED_BY = re.compile(r"^(?:(?:posted|published|written|updated)\s+)?(?:on\s+)?\S.{3,40}?"
                       r"\d\s*,?\s+by\s+(?P<names>[^\n]{3,200})$", re.I)


_DATED_BLOCKS = 2


def _dateline_byline(doc: WorkingDocument) -> list[tuple[str, str | None]]:
    """The names a dateline gives after its date ("Posted on 4 May 2021 by Ann Lee")."""
    # The front stage may have left it in the body: the date stage takes it later.
    candidates = [b for kind, b in doc.front if kind == "date"] + doc.body_blocks[:_DATED_BLOCKS]
    for block in candidates:
        match = _DATED_BY.match(" ".join(block.text.split()))
        if match is None:
            continue
        found, rejected = parse_byline(match.group("names").rstrip(" ."))
        if found and not rejected and all(is_person_like(n, h) for n, h in found):
            return found
    return []


_SIGNATURE = re.compile(r"^(?:posted|written)\s+by\s+(?P<name>[^\n]+?)"
                        r"(?:\s+(?:on|at)\s+\S.*|\.)?$", re.I)
_TAIL_BLOCKS = 4


def _signature(doc: WorkingDocument) -> str | None:
    """The name in a post's signature among the last blocks ("Posted by Ann Lee.")."""
    for block in doc.body_blocks[-_TAIL_BLOCKS:]:
        match = _SIGNATURE.match(block.text.strip())
        if match and is_person_like(match.group("name").strip()):
            return match.group("name").strip()
    return None


# A regulatory notice's preamble: "AGENCY: Federal Aviation Administration (FAA), DOT."
_AGENCY = re.compile(r"^AGENC(?:Y|IES):\s+(?P<orgs>[^\n]+?)(?:\s+ACTION:.*)?$")
_AGENCY_LINES = 120
_ACRONYM_AND_PARENT = re.compile(r"\s*\([A-Z][\w&.\s-]*\)|,\s*[A-Z][\w.&\s-]*$|\.$")


def agencies(doc: WorkingDocument) -> list[str]:
    """The agencies a regulatory notice's "AGENCY:" line names (the issuing authors)."""
    for line in doc.lines[:_AGENCY_LINES]:
        match = _AGENCY.match(line.strip())
        if match is None:
            continue
        found = []
        for part in re.split(r";\s*(?:and\s+)?", match.group("orgs")):
            name = _ACRONYM_AND_PARENT.sub("", part.strip()).strip(" .,")
            if name and name[0].isupper() and len(name) <= 120:
                found.append(name)
        return found
    return []


# A preface saying who wrote the text: "The essay which appears below was written by
# Ann Lee at …" (two to four capitalised words, initials allowed).
_WRITTEN_BY = re.compile(
    r"\b(?:was|were|is|has\s+been)\s+(?:originally\s+)?written\s+by\s+"
    r"(?P<name>[A-Z][\w’'-]*\.?(?:\s+[A-Z][\w’'-]*\.?){1,3})")
_PREFACE_BLOCKS = 3


def _written_by(doc: WorkingDocument) -> str | None:
    """The name a preface gives as the writer ("… was written by Ann Lee"), or None."""
    for block in doc.body_blocks[:_PREFACE_BLOCKS]:
        match = _WRITTEN_BY.search(block.text)
        if match and is_person_like(match.group("name")):
            return match.group("name")
    return None


# An office held is not part of the speaker's name, nor an honorific.
_OFFICE = (r"(?:(?:vice\s+)?president|prime\s+minister|governor|senator|secretary|mayor|"
           r"chancellor|chair(?:man|woman)?|ambassador|commissioner|minister)")
_SPEAKER_NAME = r"(?P<name>(?-i:[A-Z])[\w.'’-]*(?:\s+(?-i:[A-Z])[\w.'’-]*){1,3})"
_SPEECH = r"(?:address|remarks|speech|statement|lecture|keynote|testimony)"
_SPEAKER = (
    re.compile(rf"^(?:{_OFFICE}\s+)?{_SPEAKER_NAME}['’]s\s+{_SPEECH}\b", re.I),
    re.compile(rf"^{_SPEECH}\s+(?:by|of)\s+(?:the\s+)?(?:{_OFFICE}\s+)?{_SPEAKER_NAME}"
               rf"(?=\s+(?:at|on|to|before|in)\b|\s*[,:]|$)", re.I),
)


def _speaker(title: str | None) -> str | None:
    """The speaker a speech's title names ("Governor Ann Lee's Address to the Harbour
    Board", "Remarks by Mayor Ann Lee at the Quay"), without the office; a name set in
    capitals is given in title case.  None when the title names no person."""
    for pattern in _SPEAKER:
        match = pattern.match((title or "").strip())
        if not match:
            continue
        name = match.group("name")
        if name.isupper():
            name = " ".join(word.capitalize() if not re.fullmatch(r"[A-Z]\.", word) else word
                            for word in name.split())
        if is_person_like(name):
            return name
    return None


def _author_section(doc: WorkingDocument) -> str | None:
    """The name opening an "About the author" / "Author" section at the end, or the
    name a post's signature gives ("Posted by Ann Lee"), or None."""
    signed = _signature(doc) or _written_by(doc)
    if signed:
        return signed
    blocks = doc.body_blocks
    for at in range(len(blocks) - 1, max(-1, len(blocks) - 12), -1):
        if _SECTION_AUTHOR.match(blocks[at].text.strip(" #*")) and at + 1 < len(blocks):
            match = _LEADING_NAME.match(blocks[at + 1].text.strip(" *_"))
            if match and is_person_like(match.group(1)):
                return match.group(1)
    return None
