"""What the labeller observes about each token: shape, punctuation, keywords, context.

The observations follow anystyle's (``lib/anystyle/feature/*.rb``): the
lower-cased word and its letters, two-character prefixes and suffixes, the
case pattern, the kind of number, citation keywords ("ed.", "vol.", "pp.",
"press", month names), where the token stands in the sequence, its
punctuation, brackets and quotes, and how it ends.  Two observations are ours:

* **state** — whether the token is inside quotation marks or parentheses that
  opened earlier.  Notes quote article titles and put the publication facts of
  a book in parentheses; a token's own punctuation cannot tell that.
* **frequency** — how common the word is in English (wordfreq's Zipf scale),
  standing in for anystyle's dictionary of names, places and publishers:
  names are rare words, titles are made of common ones.

Each token becomes a list of ``name=value`` strings (python-crfsuite's
attribute form), including the neighbours' main observations.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from archive.citegraph.tokens import Token

__all__ = ["sequence_features", "token_observations"]

_OPENING_QUOTES = "“‘«„‚\"'`"
_CLOSING_QUOTES = "”’»\"'´"
_TRAIL = ",;:.!?-–—)]"

_KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("and", r"^(and|und|et|y|e|&)$"),
        ("editor", r"^(eds?|editors?|edited|editeurs?|hg|hrsg|herausgeber|comp|compiled)$"),
        ("translator", r"^(trans|translated|translators?|translation|übers|trad|traduit)$"),
        ("thesis", r"^(dissertation|thesis|phd|diss)$"),
        ("proceedings", r"^(proceedings|conference|meeting|transactions|symposium|workshop)"),
        ("journal", r"^(journal|zeitschrift|quarterly|magazine|times|review|revue|bulletin"
                    r"|news|weekly|gazette|studies|annals|papers|letters|affairs|policy)$"),
        ("in", r"^in$"),
        ("etal", r"^(etal|al|others)$"),
        ("page", r"^(pp?|pages?|s|seiten?|ff?)$"),
        ("volume", r"^(vols?|volumes?|iss|issue|no|nos|nr|number|fasc|suppl|jg|heft|op|d|f)$"),
        ("series", r"^(ser|series|reihe|collection)$"),
        ("report", r"^(report|paper|brief|memo|working)$"),
        ("edition", r"^(edn|edition|expanded|revised|rev|reprint|reprinted|aufl|auflage)$"),
        ("season", r"^(spring|summer|autumn|fall|winter)$"),
        ("month", r"^(jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july"
                  r"|aug|august|sep|sept|september|oct|october|nov|november|dec|december)$"),
        ("publisher", r"^(press|publishers?|publishing|verlag|books|university|institute"
                      r"|foundation|center|centre|house|company|co|inc|ltd|editions)$"),
        ("locator", r"^(doi|url|isbn|issn|pmid|arxiv|available|online|https?)$"),
        ("accessed", r"^(retrieved|accessed|consulted|viewed|abgerufen)$"),
        ("ibid", r"^(ibid|ibidem|idem|id|supra|op|cit|loc)$"),
        ("see", r"^(see|cf|compare|also|cited|quoted|for|more)$"),
    )
)

_URL = re.compile(r"^(https?://|www\.)|\.(com|org|net|gov|edu|html?|pdf|php)\b", re.I)
_DOI = re.compile(r"\b10\.\d{4,9}/\S+", re.I)
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


def _letters(token: str) -> str:
    return "".join(ch for ch in token if ch.isalnum())


def _caps(alpha: str) -> str:
    if not alpha:
        return "none"
    if alpha.isdigit():
        return "digits"
    if len(alpha) == 1:
        return "single" if alpha.isupper() else "lower1"
    if alpha.isupper():
        return "caps"
    if alpha[0].isupper():
        return "initial" if alpha[1:].islower() else "mixed"
    return "lower" if alpha.islower() else "other"


def _number(token: str) -> str:
    if not any(ch.isdigit() for ch in token):
        return "roman" if re.match(r"^[ivxlcdm]+[.,]?$", token, re.I) else "none"
    bare = token.strip("()[].,;:")
    if re.search(r"\d[(:;]\d", token):
        return "volume"
    if _YEAR.search(token):
        return "year-range" if re.search(r"\d\s*[-–]\s*\d", bare) else "year"
    if re.fullmatch(r"\d+\s*[-–—]+\s*\d+", bare):
        return "range"
    if bare.isdigit():
        return {1: "single", 2: "double", 3: "triple", 4: "quad"}.get(len(bare), "long")
    if re.search(r"\d(st|nd|rd|th|e|er)\b", bare, re.I):
        return "ordinal"
    return "numeric"


def _keyword(alpha: str, token: str) -> str:
    if token in ("&", "&amp;"):
        return "and"
    for name, pattern in _KEYWORDS:
        if pattern.match(alpha):
            return name
    return "none"


def _punctuation(token: str) -> str:
    if all(not unicodedata.category(ch).startswith("P") for ch in token):
        return "none"
    if ":" in token:
        return "colon"
    if any(unicodedata.category(ch) == "Pd" for ch in token):
        return "hyphen"
    if "." in token:
        return "period"
    if "&" in token:
        return "amp"
    return "other"


def _brackets(token: str) -> str:
    start, end = token[:1], token.rstrip(_TRAIL.replace(")", "").replace("]", ""))[-1:]
    if start == "(" and end == ")":
        return "parens"
    if start == "[" and end == "]":
        return "square"
    if end == ")":
        return "close-paren"
    if start == "(":
        return "open-paren"
    if end == "]":
        return "close-square"
    if start == "[":
        return "open-square"
    return "none"


def _terminal(token: str) -> str:
    if re.search(r"[.)\]][\"'”’»)\]]?$", token) or re.search(r",[\"'”’»)\]]$|[\"'”’»)\]],$",
                                                               token):
        return "strong"
    if re.search(r"[:\"'”’»][,;:!?.-]?$", token):
        return "moderate"
    if re.search(r"[!?,;\-–—][\"'”’»]?$", token):
        return "weak"
    return "none"


def _quotes(token: str) -> str:
    opens = token[:1] in _OPENING_QUOTES
    closes = token.rstrip(_TRAIL)[-1:] in _CLOSING_QUOTES
    if opens and closes and len(token) > 1:
        return "quoted"
    if opens:
        return "open"
    if closes:
        return "close"
    return "none"


@lru_cache(maxsize=200_000)
@lru_cache(maxsize=1)
def _zipf_frequency() -> Callable[[str, str], float]:
    # Imported on first use: loading wordfreq took ~0.9 s of every manage.py command's
    # start-up (backup, restore…), through the admin's imports of the ingest pipeline.
    from wordfreq import zipf_frequency

    return zipf_frequency


def _frequency(word: str) -> str:
    if not word or not word.isalpha():
        return "na"
    return str(min(7, int(_zipf_frequency()(word, "en"))))


def _position(index: int, length: int) -> str:
    if length == 1:
        return "only"
    if index == 0:
        return "first"
    if index == length - 1:
        return "last"
    return str(index * 10 // length)


def _states(tokens: list[str]) -> list[tuple[str, str]]:
    """(quotation state, parenthesis state) of each token, from the marks seen so far."""
    states = []
    quoted, depth = False, 0
    for token in tokens:
        mark = _quotes(token)
        opened = mark in ("open", "quoted") and not quoted
        if opened:
            quoted = True
        quote_state = "in" if quoted else "out"
        if quoted and mark in ("close", "quoted") and (not opened or mark == "quoted"):
            quoted = False
            quote_state = "end"
        depth += token.count("(") + token.count("[")
        paren_state = "in" if depth > 0 else "out"
        depth = max(0, depth - token.count(")") - token.count("]"))
        states.append((quote_state, paren_state))
    return states


def token_observations(token: str) -> dict[str, str]:
    """The observations of one token that depend neither on its place nor its neighbours."""
    alpha = _letters(token)
    lower = alpha.lower()
    return {
        "w": token.lower(),
        "a": lower or "BLANK",
        "p1": token[:1], "p2": token[:2], "s1": token[-1:], "s2": token[-2:],
        "ap2": lower[:2], "as2": lower[-2:], "as3": lower[-3:],
        "caps": _caps(alpha),
        "num": _number(token),
        "key": _keyword(lower, token),
        "punct": _punctuation(token),
        "brk": _brackets(token),
        "term": _terminal(token),
        "quote": _quotes(token),
        "freq": _frequency(lower) if not alpha.isupper() or len(alpha) < 2 else "caps",
        "loc": "url" if _URL.search(token) else "doi" if _DOI.search(token) else "no",
        "len": str(min(len(alpha), 8)),
    }


# Neighbour observations copied into each token's attributes, by offset.
_CONTEXT = {
    -2: ("a", "term"),
    -1: ("a", "caps", "num", "key", "punct", "brk", "term", "quote", "freq"),
    1: ("a", "caps", "num", "key", "punct", "brk", "term", "quote", "freq"),
    2: ("a", "key", "num"),
}
_PAIRS = (("caps", "term"), ("key", "caps"), ("num", "brk"), ("term", "quote"),
          ("freq", "caps"), ("key", "term"))


@dataclass(frozen=True, slots=True)
class _Observed:
    """A token's observations, and its attribute strings as itself and as a neighbour."""

    obs: dict[str, str]
    own: list[str]
    as_neighbour: dict[int, list[str]]


@lru_cache(maxsize=100_000)
def _observed(token: str) -> _Observed:
    # Cached by the token's text: most tokens of a note ("pp.", "Press,", "2018),") recur,
    # and building these strings is most of the labeller's time.
    obs = token_observations(token)
    own = [f"{name}={value}" for name, value in obs.items()]
    own += [f"{a}|{b}={obs[a]}|{obs[b]}" for a, b in _PAIRS]
    neighbours = {offset: [f"{offset}:{name}={obs[name]}" for name in names]
                  for offset, names in _CONTEXT.items()}
    return _Observed(obs, own, neighbours)


def sequence_features(tokens: list[Token]) -> list[list[str]]:
    """python-crfsuite attributes of every token of one sequence."""
    words = [token.text for token in tokens]
    n = len(words)
    observed = [_observed(word) for word in words]
    states = _states(words)
    seen_year = False
    features = []
    for i, token in enumerate(observed):
        obs = token.obs
        quote_state, paren_state = states[i]
        attrs = token.own + [
            f"pos={_position(i, n)}", f"qs={quote_state}", f"ps={paren_state}",
            f"qp={quote_state}|{paren_state}", f"yb={seen_year}"]
        for offset in _CONTEXT:
            j = i + offset
            if 0 <= j < n:
                attrs += observed[j].as_neighbour[offset]
            else:
                attrs.append(f"{offset}:edge")
        if i > 0:
            prev = observed[i - 1].obs
            attrs += [f"-1t|caps={prev['term']}|{obs['caps']}",
                      f"-1t|key={prev['term']}|{obs['key']}", f"-1qs={states[i - 1][0]}"]
        if i + 1 < n:
            attrs.append(f"caps|1caps={obs['caps']}|{observed[i + 1].obs['caps']}")
        seen_year = seen_year or obs["num"] in ("year", "year-range")
        features.append(attrs)
    return features
