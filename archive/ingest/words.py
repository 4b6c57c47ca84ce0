"""Word frequencies for repairing words that PDF extraction split or hyphenated.

Frequencies are wordfreq's (Zipf scale: 3 means once per million words), read
once per language into a dict on first use.  Whether a two-word sequence is
ordinary English ("may be", "a lot", "per cent") comes from the English word
bigram list that ships with symspellpy (~240k pairs, Google n-grams), loaded
once on first use; other languages have no such list, so there only a
fragment, or pieces far rarer than the whole, justify a join.
"""

from __future__ import annotations

import math
from collections.abc import Container
from functools import cache
from importlib import resources

__all__ = [
    "FRAGMENT_BELOW",
    "is_common_pair",
    "should_drop_hyphen",
    "should_join",
    "supports",
    "vocabulary",
    "zipf",
]

# Below this Zipf value a piece is a fragment, not a word: "Portu" (1.2) and
# "ernment" (1.0) are fragments; rare real words ("ebb", "quell") are around 3.
FRAGMENT_BELOW = 1.5
# Joining a fragment needs only a listed word: a fragment is strong evidence.
_JOINED_WITH_FRAGMENT = 1.0
# Joining two real words needs a fairly common word (zipf 2.5: ~3 per 10 million), and a
# pair that is not itself an ordinary English phrase.
_JOINED_FROM_WORDS = 2.5
# A whole this much more frequent than both pieces (1.5 = ~30 times) shows the
# pieces are fragments even when a large word list happens to hold them
# ("gouver" 2.0, "nement" 2.3 vs "gouvernement" 5.4).
_DOMINANCE = 1.5
_BIGRAM_FILE = "frequency_bigramdictionary_en_243_342.txt"


@cache
def _frequencies(language: str) -> dict[str, float]:
    # Imported here: wordfreq takes a fifth of a second to import, and code
    # that only reads parsed documents (the web side) should not pay for it.
    from wordfreq import get_frequency_dict

    return get_frequency_dict(language, wordlist="best")


def vocabulary(language: str) -> Container[str]:
    """Every lower-cased word wordfreq lists for ``language``: a fast first filter."""
    return _frequencies(language)


@cache
def _pairs() -> frozenset[str]:
    """English "word word" pairs common enough to be ordinary phrases."""
    data = resources.files("symspellpy").joinpath(_BIGRAM_FILE)
    with data.open(encoding="utf-8") as lines:
        return frozenset(" ".join(line.split(" ", 2)[:2]) for line in lines)


@cache
def supports(language: str) -> bool:
    """Whether wordfreq has a word list for ``language`` (ISO 639-1)."""
    from wordfreq import available_languages

    return language in available_languages(wordlist="best")


def zipf(word: str, language: str) -> float:
    """Zipf frequency of a single lower-cased word (0.0 when unknown)."""
    frequency = _frequencies(language).get(word.lower(), 0.0)
    return math.log10(frequency) + 9 if frequency > 0 else 0.0


def is_common_pair(first: str, second: str, language: str) -> bool:
    """Whether "first second" is an ordinary phrase (known for English only)."""
    return language == "en" and f"{first.lower()} {second.lower()}" in _pairs()


def should_join(first: str, second: str, language: str) -> bool:
    """Whether "first second" is one word split by extraction ("govern ment", "Further more")."""
    joined = zipf(first + second, language)
    if joined == 0.0:
        return False  # cheap exit for almost every pair of words
    pieces = zipf(first, language), zipf(second, language)
    if min(pieces) < FRAGMENT_BELOW:
        return joined >= _JOINED_WITH_FRAGMENT
    if joined >= max(pieces) + _DOMINANCE:
        return True
    if language != "en":
        return False  # two real words and no phrase list to tell a split from a phrase
    return joined >= _JOINED_FROM_WORDS and not is_common_pair(first, second, language)


def should_drop_hyphen(first: str, second: str, language: str) -> bool:
    """Whether "first- second" was one word hyphenated at a line end ("disappoint- ed").

    The hyphen goes when the whole is a word and either a piece is a fragment
    ("nego- tiation") or the whole is more frequent than the rarer piece
    ("inter- national").  Real compounds keep it: their joined spelling is rare
    or absent ("ocean- going", "cease- fire", "post- war").
    """
    joined = zipf(first + second, language)
    if joined < _JOINED_WITH_FRAGMENT:
        return False
    return joined > min(zipf(first, language), zipf(second, language))
