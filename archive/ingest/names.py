"""Personal names and the honorifics printed before them.

Honorifics are a short closed set, so they are listed here: abbreviations with
or without a full stop ("Dr", "Dr."), spelled-out forms ("Professor"), and the
plural forms a shared byline uses ("Drs. A & B" means each is "Dr.").
"""

import re

__all__ = [
    "HONORIFIC",
    "ORGANISATION",
    "canonical_honorific",
    "from_capitals",
    "is_person_like",
    "is_plausible_name",
    "plural_honorific",
]

# canonical spelling by lower-cased, stop-less form
_SINGULAR = {
    "dr": "Dr.",
    "prof": "Prof.",
    "professor": "Professor",
    "mr": "Mr.",
    "mrs": "Mrs.",
    "ms": "Ms.",
    "mx": "Mx.",
    "miss": "Miss",
    "sir": "Sir",
    "dame": "Dame",
    "rev": "Rev.",
    "fr": "Fr.",
    "hon": "Hon.",
    "amb": "Amb.",
    "ambassador": "Ambassador",
    "gen": "Gen.",
    "col": "Col.",
    "capt": "Capt.",
    "sen": "Sen.",
    "rep": "Rep.",
    "gov": "Gov.",
}
_PLURAL = {"drs": "Dr.", "profs": "Prof.", "professors": "Professor", "messrs": "Mr."}

_ABBREVIATED = "|".join(sorted((k for k, v in _SINGULAR.items() if v.endswith(".")), key=len))
_SPELLED = "|".join(k for k, v in _SINGULAR.items() if not v.endswith("."))
# An honorific as printed: capitalised, abbreviations with an optional stop.
HONORIFIC = rf"(?:(?:{_ABBREVIATED.title()})\.?|(?:{_SPELLED.title()}))(?=\s)"
_PLURAL_AT_START = re.compile(rf"^(?P<hon>(?:{'|'.join(k.title() for k in _PLURAL)})\.?)\s+(?=\S)")

# Lower-case particles that belong inside surnames (de Waal, van der Berg, al-Assad).
_PARTICLES = frozenset(
    "al bin ibn da de del della der den di do dos das du el la le ten ter van von y".split()
)


def canonical_honorific(raw: str) -> str | None:
    """ "dr" / "Dr" / "Dr." -> "Dr."; None when ``raw`` is not an honorific."""
    return _SINGULAR.get(raw.strip().rstrip(".").lower())


def plural_honorific(text: str) -> tuple[str | None, str]:
    """Split a leading plural honorific: "Drs. A & B" -> ("Dr.", "A & B")."""
    match = _PLURAL_AT_START.match(text)
    if not match:
        return None, text
    return _PLURAL[match.group("hon").rstrip(".").lower()], text[match.end() :]


def is_plausible_name(name: str) -> bool:
    """1-6 words, no digits, each word capitalised, an initial, or a surname particle."""
    words = name.split()
    if not 1 <= len(words) <= 6 or any(ch.isdigit() for ch in name):
        return False
    capitalised = [w for w in words if w[0].isupper()]
    rest_ok = all(w[0].isupper() or w.lower() in _PARTICLES for w in words)
    return bool(capitalised) and rest_ok


# Words of title-case prose that are never part of a personal name ("By Any Means
# Necessary", "By A Thread", "By Land and Sea: A History").
_NOT_NAME_WORDS = frozenset(
    """a an the of and or nor but for to in on at by from with into onto upon over under
    about after before between through without within against across toward towards
    any all every each some no not none other another such this that these those
    my our your his her its their what which who whom whose why how when where whether
    is are was were be been being do does did have has had can could will would shall
    should may might must than then there here now never always ever very more most""".split()
)


def is_person_like(name: str, honorific: str | None = None) -> bool:
    """A personal name as a byline prints it: "Ann Lee", "J. R. Tolkien", "Dr. Smith".

    Plausible (:func:`is_plausible_name`), no sentence punctuation, none of the
    function words of title-case prose, and two words or more unless an
    honorific stands before it: after "By", one capitalised word ("By Design",
    "By Land and Sea") is as likely a title as a name.
    """
    if not is_plausible_name(name) or re.search(r"[:;!?()\[\]{}\"“”]", name):
        return False
    words = name.split()
    # "A." is an initial ("Rolf A. Zwaan"), not the article "A".
    if any(w.strip(".,").lower() in _NOT_NAME_WORDS for w in words
           if w[:1].isupper() and not re.fullmatch(r"[A-Z]\.,?", w)):
        return False
    return len(words) >= 2 or honorific is not None


# Words that make a name an organisation's (an affiliation, a publisher), not a person's.
ORGANISATION = re.compile(
    r"\b(?:universit(?:y|ies|é|ät|à|ad|ade|eit|at)|institut(?:e|o|ion)?|cent(?:er|re|ro)|"
    r"department|dept\.?|facult(?:y|é|ad)|laborator(?:y|ies|io|oire)|lab|school|college|"
    r"academy|agency|authority|administration|bureau|ministry|office|council|commission|"
    r"division|foundation|society|association|hospital|museum|library|observatory|"
    r"program(?:me)?|team|group|unit|corporation|company|inc\.?|ltd\.?|llc|gmbh|s\.a\.|"
    r"bank|research|sciences?|national|federal|cnrs|inserm|inria)\b",
    re.I,
)


# A name set wholly in capitals ("ROBIN PAUL MALLOY", as journals print bylines): each
# word capitalised, also after a hyphen or an apostrophe ("KUSIAK-WINTER", "O'NEILL").
_CAPITALISED_PART = re.compile(r"[^\W\d_]+", re.UNICODE)
_ROMAN = re.compile(r"^(?:II|III|IV|VI{0,3})$")
_SUFFIXES = {"JR": "Jr", "SR": "Sr"}


def from_capitals(name: str) -> str:
    """``name`` in its usual case when every letter of it is a capital, else as it is.

    Only names of two or more words, and none with an organisation's word in it:
    "LEE" alone or "Ann LEE" (a surname set in capitals by convention) is left as
    printed.  A particle after
    the first word goes lower case ("VAN DER BERG" → "van der Berg" after a given
    name); roman numerals and initials keep their capitals.  "MCDONALD" becomes
    "Mcdonald": the capitals do not say where the inner capital was.
    """
    letters = [c for c in name if c.isalpha()]
    words = name.split()
    if not letters or not all(c.isupper() for c in letters) or len(words) < 2:
        return name
    if ORGANISATION.search(name.lower()):  # "NATIONAL BUREAU …": an organisation's name
        return name
    out = []
    for i, word in enumerate(words):
        bare = word.strip(".,")
        if _ROMAN.match(bare) or sum(c.isalpha() for c in word) == 1:
            out.append(word)
        elif bare.upper() in _SUFFIXES:
            out.append(word.replace(bare, _SUFFIXES[bare.upper()]))
        elif i > 0 and word.lower() in _PARTICLES:
            out.append(word.lower())
        else:
            out.append(_CAPITALISED_PART.sub(lambda m: m.group(0).capitalize(), word))
    return " ".join(out)
