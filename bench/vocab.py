"""The generator's vocabulary: real English words in frequency order, plus non-Latin words.

English comes from ``wordfreq.top_n_list("en", 20000)`` (most frequent first),
so drawing word ranks from a Zipf distribution gives text whose term
statistics look like real prose: a few words in every document, a long tail of
words in very few.  A small list of words from other scripts (Cyrillic, Arabic,
Greek, Hebrew, Persian, Chinese) and Turkish words with diacritics feed the
occasional foreign phrase, as in the seed ("Тайные переговоры …").
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass
from functools import cache

from wordfreq import top_n_list

__all__ = ["FOREIGN_LANGUAGES", "STOPWORDS", "UNSUITABLE_TERMS", "Vocabulary", "vocabulary"]

ENGLISH_SIZE = 20_000
FOREIGN_LANGUAGES = ("ru", "uk", "ar", "fa", "el", "he", "zh", "tr")
# Words a full-text engine may drop (PostgreSQL's English list, abridged): never
# chosen as benchmark search terms, since they would match nothing there.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which while
    who whom why will with you your yours""".split()
)

# Frequent words that would read badly as a benchmark's headline search term.
UNSUITABLE_TERMS = frozenset(
    """ass bitch boobs cock cunt dick dicks fuck fucked fucking gay gays horny kinky naked nigga
    nigger nude porn pussy rape sex sexy shit slut tits whore""".split()
)


@dataclass(frozen=True)
class Vocabulary:
    """Words by rank and the cumulative Zipf weights to draw them with."""

    words: tuple[str, ...]
    cum_weights: tuple[float, ...]
    foreign: dict[str, tuple[str, ...]]

    def draw(self, rng: random.Random, k: int) -> list[str]:
        """``k`` words, rank r drawn with probability proportional to 1/r."""
        return rng.choices(self.words, cum_weights=self.cum_weights, k=k)

    def draw_tail(self, rng: random.Random, k: int, from_rank: int) -> list[str]:
        """``k`` words from ranks ``from_rank`` on, still Zipf-weighted among themselves."""
        low = self.cum_weights[from_rank - 1]
        total = self.cum_weights[-1]
        picks = []
        for _ in range(k):
            x = low + rng.random() * (total - low)
            picks.append(self.words[min(bisect.bisect(self.cum_weights, x), len(self.words) - 1)])
        return picks

    def rank(self, word: str) -> int:
        return self.words.index(word) + 1


def _is_word(token: str) -> bool:
    return token.isalpha() and len(token) > 1


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary (built once per process; wordfreq ships its lists, no download)."""
    english = tuple(w for w in top_n_list("en", ENGLISH_SIZE) if _is_word(w) or w in {"a", "i"})
    weights = itertools.accumulate(1.0 / rank for rank in range(1, len(english) + 1))
    foreign = {
        lang: tuple(w for w in top_n_list(lang, 400) if _is_word(w) and not w.isascii())
        for lang in FOREIGN_LANGUAGES
    }
    return Vocabulary(words=english, cum_weights=tuple(weights), foreign=foreign)
