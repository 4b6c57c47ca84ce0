"""A synthetic catalog, generated from a fixed seed: documents shaped like the seed article.

Each document has a title, a byline of 1–4 authors (honorifics, affiliations),
a publication date in one of several formats, a stance disclaimer on some,
sections of paragraphs, 0–80 endnotes whose markers are glued after
punctuation ("century.1 By …"), the occasional foreign phrase in another
script, and on some documents split-word artefacts ("erupt ed").

Sizes are those of real opinion and analysis writing, not all like the seed:
most documents are opinion pieces, columns and news analyses of 700–2,000
words, with a long tail of reports and policy briefs like the seed article
(8,000 words, ~50 KB).  See :func:`document_kb`: a mixture of two log-normals,
mean ``doc_kb`` (:data:`DEFAULT_DOC_KB`, ~11 KB, by default), median ~7 KB
(~1,200 words), capped at ~7× the mean (80 KB by default).  Endnotes follow
the length (the seed has ~5 per 1,000 words): a short column has a handful.

Why a sentence pool: drawing ~8,000 Zipf words for each of 100,000 documents
costs minutes of CPU.  Instead a pool of Zipf-drawn sentences is built once and
each document picks its sentences from it, plus a few *fresh* sentences drawn
from the rare end of the vocabulary, so that rare terms really are rare.
Every document has its own ``random.Random`` (seeded with the run seed and the
document number), so the catalog does not depend on chunk sizes or workers.

Two renderings: :func:`render_text` (a plain-text file in the seed's layout,
for the ingest benchmark) and the structured fields the bulk loader writes.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from functools import cache

from bench.vocab import STOPWORDS, UNSUITABLE_TERMS, Vocabulary, vocabulary

__all__ = [
    "DEFAULT_DOC_KB",
    "Author",
    "Catalog",
    "Note",
    "SyntheticDocument",
    "TermStats",
    "catalog",
    "document_kb",
    "render_text",
]

POOL_SENTENCES = 30_000
FRESH_SENTENCES = (2, 6)  # per document: where the rare words come from
TAIL_FROM_RANK = 4_000

# Document sizes (KB of text; real prose runs ~6 bytes a word): a mixture of two
# log-normals, (share, median KB, sigma, kinds).  Short pieces are ~1,100 words
# (80 % of them 700–2,000); the long ones, median ~4,900 words, reach the seed's
# 8,000 and beyond (2 % of all documents are longer than the seed).
SHORT_PIECES = (0.85, 6.5, 0.40, ("opinion", "opinion", "article"))
LONG_PIECES = (0.15, 29.0, 0.55, ("report", "brief"))
CAP_KB = 80.0  # at the default mean; the cap scales with ``doc_kb``
DEFAULT_DOC_KB = 11.0  # the mean document (sizes are scaled to it); median 7 KB, ~1,200 words
NOTES_PER_KB = 1.6  # at most, ~10 per 1,000 words (the seed: 43 in 8,000 words)
MAX_NOTES = 80

FIRST_NAMES = (
    "Hakan Vasif Anna Maria Jean Li Wei Olga Ahmet Leyla Farid Thomas Sarah David Elena Ivan "
    "Mehmet Ayşe Zeynep Gül Łukasz Zoë José Søren Björn Noor Ali Fatima Hiroshi Yuki Kwame "
    "Amara Ronald Gerard Esmira Kamuran Fahrettin Jamil Audrey Brendon Murad Norman Mithat "
    "Akdes Sergey Levon Arsene Tadeusz Adil Ben Maziar Nikol Ilham Haydar Paul William"
).split()
SURNAMES = (
    "Yavuz Huseynov Shafiyev Hasanli Saparov Waal Alstadt Swietochowski Bagirov Chorbajian "
    "Minasyan Laitin Suny Grigoryan Jafarova Batashvili Libaridian Cannon Ismayilov Graham "
    "Celikpala Kurat Gürün Murtazaoğlu Allen Muratoff Motemedi Judah Arısan Müller Novák "
    "Kowalski García Dubois Rossi Ivanova Petrov Nakamura Okafor Mensah Haddad Karimi "
    "Andersen Lindqvist O'Brien Van der Berg Abrahamyan Mammadov Aliyeva Demir Yılmaz Şahin"
).split()
HONORIFICS = ("Dr.", "Prof.", "Ms.", "Mr.", "Amb.", None, None, None)
POSITIONS = (
    "a professor", "an associate professor", "a senior fellow", "a research fellow",
    "an adjunct lecturer", "the director", "a visiting scholar", "a doctoral candidate",
)
ORG_PATTERNS = (
    "University of {}", "{} University", "Center for {} Studies", "{} Institute",
    "Institute for {} Policy", "Center for Analysis of {} Relations", "{} Foundation",
)
PLACES = (
    "Baku, Azerbaijan", "Salt Lake City, Utah", "Ankara, Turkey", "Tbilisi, Georgia",
    "Vienna, Austria", "Moscow, Russia", "Yerevan, Armenia", "Berlin, Germany", None, None,
)
MONTHS = (
    "January February March April May June July August September October November December"
).split()
DISCLAIMERS = (
    "Opinions expressed in these columns are the individual authors’ views and do not "
    "necessarily represent the {org}’s positions.",
    "The views expressed in this article are the author’s own and do not necessarily reflect "
    "those of the {org}.",
    "This analysis reflects the personal views of the authors, not the official position of "
    "the {org}.",
)
JOURNALS = (
    "Europe-Asia Studies", "Foreign Affairs", "Nationalities Papers", "Middle East Policy",
    "Security Review", "Journal of Muslim Minority Affairs", "Middle East Critique", "Bilig",
)
PRESSES = (
    "Cambridge University Press", "Oxford University Press", "Palgrave", "Routledge",
    "Hoover Institution Press", "The University of Utah Press",
)


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    honorific: str | None
    # (organisation, position title, place) as the byline's affiliation sentence states them.
    affiliations: tuple[tuple[str, str | None, str | None], ...]


@dataclass(frozen=True, slots=True)
class Note:
    number: int
    text: str
    urls: tuple[str, ...]
    paragraph: int  # 1-based paragraph of the marker
    offset: int  # character offset of the marker in the repaired paragraph


@dataclass(slots=True)
class SyntheticDocument:
    """One generated document: what the bulk loader writes and the text file shows."""

    index: int
    status: str
    title: str
    kind: str
    published: dt.date
    published_raw: str
    publisher: str
    authors: list[Author]
    disclaimer: str | None
    disclaims: str | None
    paragraphs: list[str]  # repaired, markers removed
    raw_paragraphs: list[str]  # as printed: markers glued, split-word artefacts
    section_starts: list[int]
    notes: list[Note]
    repairs: list[dict[str, object]]
    # Indexes of the benchmark's candidate search terms this document contains.
    terms: set[int] = field(default_factory=set)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass
class TermStats:
    """How many documents contain each candidate search term (counted while generating)."""

    words: tuple[str, ...]
    documents: list[int]

    def add(self, doc: SyntheticDocument) -> None:
        for term in doc.terms:
            self.documents[term] += 1

    def frequency(self) -> dict[str, int]:
        return dict(zip(self.words, self.documents, strict=True))


@dataclass(frozen=True)
class _Sentence:
    text: str
    terms: frozenset[int]
    splittable: tuple[str, ...]  # long words that an artefact may split
    size: int  # characters, with the space after it


class Catalog:
    """The generator: shared pools built once from ``seed``, then one document per index."""

    def __init__(self, seed: int, doc_kb: float = DEFAULT_DOC_KB) -> None:
        self.seed = seed
        self.doc_kb = doc_kb
        self.vocab: Vocabulary = vocabulary()
        rng = random.Random(f"{seed}/pools")
        self.candidates = _candidate_terms(self.vocab, rng)
        self._candidate_index = {word: i for i, word in enumerate(self.candidates)}
        self.sentences = [self._sentence(rng, rng.randint(6, 28)) for _ in range(POOL_SENTENCES)]
        self.organizations = _organizations(self.vocab, rng)
        self.publishers = self.organizations[:40]

    def term_stats(self) -> TermStats:
        return TermStats(self.candidates, [0] * len(self.candidates))

    # -- text --------------------------------------------------------------------------

    def _sentence(self, rng: random.Random, length: int, tail: bool = False) -> _Sentence:
        vocab = self.vocab
        words = vocab.draw_tail(rng, length, TAIL_FROM_RANK) if tail else vocab.draw(rng, length)
        if rng.random() < 0.04:  # a foreign phrase, in its own script
            lang = rng.choice(sorted(vocab.foreign))
            phrase = " ".join(rng.choices(vocab.foreign[lang], k=rng.randint(2, 5)))
            words.insert(rng.randrange(len(words)), f"({phrase})")
        index = self._candidate_index
        terms = frozenset(index[w] for w in words if w in index)
        if length > 10 and rng.random() < 0.4:
            cut = rng.randrange(3, length - 3)
            words[cut] += ","
        text = " ".join(words)
        text = text[0].upper() + text[1:] + rng.choice(".....?")
        long_words = tuple(w for w in words if len(w) >= 8 and w.isalpha())
        return _Sentence(text, terms, long_words, len(text) + 1)

    def document(self, index: int, raw: bool = False) -> SyntheticDocument:
        """Document number ``index`` (0-based); the same for the same seed, always.

        ``raw`` keeps the paragraphs as printed (for :func:`render_text`); the bulk
        loader does without them, which halves what workers send back.
        """
        rng = random.Random(f"{self.seed}/doc/{index}")
        size_kb, kinds = document_kb(rng, self.doc_kb)
        # The last paragraph overshoots by half a paragraph, and the fresh sentences
        # come on top: ~800 bytes on average.
        target = int(size_kb * 1024) - 800
        sentences: list[list[_Sentence]] = []  # by paragraph
        size = 0
        while size < target or not sentences:
            paragraph = rng.choices(self.sentences, k=rng.randint(3, 9))
            sentences.append(paragraph)
            size += sum(s.size for s in paragraph)
        for _ in range(rng.randint(*FRESH_SENTENCES)):
            p = rng.randrange(len(sentences))
            sentences[p].insert(0, self._sentence(rng, rng.randint(8, 20), tail=True))
        n_starts = min(len(sentences), rng.randint(1, 6))
        section_starts = sorted({0, *rng.sample(range(len(sentences)), n_starts)})

        most_notes = min(MAX_NOTES, max(1, round(size_kb * NOTES_PER_KB)))
        n_notes = 0 if rng.random() < (0.35 if size_kb < 16 else 0.05) else (
            rng.randint(1, most_notes))
        slots = [(p, s) for p, para in enumerate(sentences) for s in range(len(para))]
        marked = dict.fromkeys(sorted(rng.sample(slots, min(n_notes, len(slots)))))
        split_budget = rng.randint(1, 8) if rng.random() < 0.3 else 0

        title_sentence = self._sentence(rng, rng.randint(3, 9))
        title = _title_case(title_sentence.text[:-1])
        if rng.random() < 0.3:
            title += "?"
        terms = set(title_sentence.terms)
        paragraphs, raw_paragraphs, notes, repairs = [], [], [], []
        number = 0
        marked_paragraphs = {p for p, _ in marked}
        for p, para in enumerate(sentences):
            if not split_budget and p not in marked_paragraphs:
                # Most paragraphs: nothing to mark or split (same result, no loop).
                terms.update(*(sentence.terms for sentence in para))
                text = " ".join(sentence.text for sentence in para)
                paragraphs.append(text)
                raw_paragraphs.append(text)
                continue
            clean: list[str] = []
            printed_sentences: list[str] = []
            offset = 0
            for s, sentence in enumerate(para):
                terms |= sentence.terms
                text = sentence.text
                printed = text
                if split_budget and sentence.splittable and rng.random() < 0.05:
                    printed, repair = _split_word(rng, text, sentence.splittable, p + 1, offset)
                    if repair:
                        repairs.append(repair)
                        split_budget -= 1
                offset += len(text)
                clean.append(text)
                if (p, s) in marked:
                    number += 1
                    printed += str(number)
                    notes.append(self._note(rng, number, p + 1, offset))
                printed_sentences.append(printed)
                offset += 1  # the space before the next sentence
            paragraphs.append(" ".join(clean))
            raw_paragraphs.append(" ".join(printed_sentences))

        authors = [self._author(rng) for _ in range(rng.choices((1, 2, 3, 4), (5, 4, 2, 1))[0])]
        published = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(9200))
        with_disclaimer = rng.random() < 0.35
        disclaims = rng.choice(self.organizations) if with_disclaimer else None
        return SyntheticDocument(
            index=index,
            status=rng.choices(("published", "draft", "withdrawn"), (90, 7, 3))[0],
            title=title,
            kind=rng.choice(kinds),
            published=published,
            published_raw=_date_text(rng, published),
            publisher=rng.choice(self.publishers),
            authors=authors,
            disclaimer=rng.choice(DISCLAIMERS).format(org=disclaims) if disclaims else None,
            disclaims=disclaims,
            paragraphs=paragraphs,
            raw_paragraphs=raw_paragraphs if raw else [],
            section_starts=section_starts,
            notes=notes,
            repairs=repairs,
            terms=terms,
        )

    def _note(self, rng: random.Random, number: int, paragraph: int, offset: int) -> Note:
        person = _person_name(rng.randrange(5000))
        title = _title_case(" ".join(self.vocab.draw(rng, rng.randint(3, 9))))
        year = rng.randint(1950, 2024)
        if rng.random() < 0.5:
            text = f"{person}, “{title},” {rng.choice(JOURNALS)}, no. {rng.randint(1, 4)} vol. " \
                f"{rng.randint(1, 80)} ({year}): {rng.randint(1, 300)}-{rng.randint(301, 600)}."
        else:
            text = f"{person}, {title} (New York: {rng.choice(PRESSES)}, {year}), " \
                f"{rng.randint(1, 400)}."
        urls: tuple[str, ...] = ()
        if rng.random() < 0.4:
            url = f"https://www.example.{rng.choice(('org', 'com', 'net'))}/" + "-".join(
                self.vocab.draw(rng, rng.randint(2, 6))
            )
            urls = (url,)
            text += f" {url}"
        return Note(number, text, urls, paragraph, offset)

    def _author(self, rng: random.Random) -> Author:
        # People recur across documents (author pages, name matching): a Zipf-ish pick.
        person = int(rng.paretovariate(0.6)) % 20_000
        affiliations = tuple(
            (rng.choice(self.organizations), rng.choice(POSITIONS), rng.choice(PLACES))
            for _ in range(rng.choices((0, 1, 2), (1, 6, 2))[0])
        )
        return Author(_person_name(person), rng.choice(HONORIFICS), affiliations)


def document_kb(rng: random.Random, mean_kb: float = DEFAULT_DOC_KB) -> tuple[float, tuple]:
    """A document's size in KB of text, and the kinds of document of that length.

    Drawn from the mixture of :data:`SHORT_PIECES` and :data:`LONG_PIECES`,
    scaled so that the mean is ``mean_kb``, capped at ``CAP_KB`` (scaled alike).
    """
    _, median, sigma, kinds = SHORT_PIECES if rng.random() < SHORT_PIECES[0] else LONG_PIECES
    size = rng.lognormvariate(math.log(median), sigma)
    return min(size, CAP_KB) * mean_kb / _mixture_mean(), kinds


@cache
def _mixture_mean() -> float:
    """The mean of the capped mixture: E[min(X, cap)] of each log-normal X, weighted."""
    def phi(z: float) -> float:
        return 0.5 * (1 + math.erf(z / math.sqrt(2)))

    total, cap = 0.0, math.log(CAP_KB)
    for share, median, sigma, _ in (SHORT_PIECES, LONG_PIECES):
        mu = math.log(median)
        below = math.exp(mu + sigma**2 / 2) * phi((cap - mu - sigma**2) / sigma)
        total += share * (below + CAP_KB * (1 - phi((cap - mu) / sigma)))
    return total


def _split_word(
    rng: random.Random, text: str, words: tuple[str, ...], paragraph: int, offset: int
) -> tuple[str, dict[str, object] | None]:
    """Break one long word as PDF extraction does ("erupt ed", "mountain- dwelling")."""
    word = rng.choice(words)
    at = text.find(word)
    if at <= 0:
        return text, None
    cut = rng.randrange(3, len(word) - 2)
    broken = f"{word[:cut]} {word[cut:]}" if rng.random() < 0.7 else f"{word[:cut]}- {word[cut:]}"
    repair = {"where": "text", "paragraph": paragraph, "offset": offset + at,
              "original": broken, "repaired": word}
    return text.replace(word, broken, 1), repair


def _candidate_terms(vocab: Vocabulary, rng: random.Random) -> tuple[str, ...]:
    """Words whose document frequency is counted: from every band of the Zipf curve."""
    words = vocab.words
    bands = [(20, 200, 40), (200, 1000, 40), (1000, 4000, 40), (4000, len(words), 120)]
    chosen: list[str] = []
    for low, high, count in bands:
        pool = [w for w in words[low:high] if w.isalpha() and len(w) >= 4
                and w not in STOPWORDS and w not in UNSUITABLE_TERMS]
        chosen.extend(rng.sample(pool, min(count, len(pool))))
    return tuple(dict.fromkeys(chosen))


def _organizations(vocab: Vocabulary, rng: random.Random) -> list[str]:
    topics = [w.title() for w in vocab.words[300:3000] if w.isalpha() and len(w) > 4]
    names = {rng.choice(ORG_PATTERNS).format(rng.choice(topics)) for _ in range(600)}
    return sorted(names)


def _person_name(number: int) -> str:
    first = FIRST_NAMES[number % len(FIRST_NAMES)]
    last = SURNAMES[(number // len(FIRST_NAMES) + number) % len(SURNAMES)]
    return f"{first} {last}"


def _title_case(text: str) -> str:
    small = {"of", "the", "and", "in", "on", "a", "an", "to", "for", "vs."}
    words = text.split(" ")
    return " ".join(
        w if (i and w in small) or not w[:1].isalpha() else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


def _date_text(rng: random.Random, day: dt.date) -> str:
    month = MONTHS[day.month - 1]
    formats = (
        f"Posted on {month} {day.day}, {day.year}",
        f"{day.day} {month} {day.year}",
        f"Published {day.isoformat()}",
        f"{month[:3]}. {day.day}, {day.year}",
        f"Posted on {day.day:02d}/{day.month:02d}/{day.year}",
    )
    return rng.choice(formats)


def _byline(authors: list[Author]) -> str:
    honorifics = {a.honorific for a in authors}
    if len(authors) > 1 and honorifics == {"Dr."}:  # "By Drs. Hakan Yavuz & Vasif Huseynov"
        names = [a.name for a in authors]
        lead = "Drs. "
    else:
        names = [f"{a.honorific} {a.name}" if a.honorific else a.name for a in authors]
        lead = ""
    if len(names) == 1:
        return f"By {lead}{names[0]}"
    joiner = " & " if len(names) == 2 else ", "
    head = joiner.join(names[:-1]) if len(names) > 2 else names[0]
    last = " and " if len(names) > 2 else joiner
    return f"By {lead}{head}{last}{names[-1]}"


def _affiliation_sentence(authors: list[Author]) -> str | None:
    clauses = []
    for author in authors:
        if not author.affiliations:
            continue
        surname = author.name.split(" ", 1)[-1]
        who = f"{author.honorific} {surname}" if author.honorific else author.name
        roles = []
        for org, title, place in author.affiliations:
            role = f"{title} at the {org}" if org.startswith(("Center", "Institute")) else (
                f"{title} at {org}"
            )
            roles.append(f"{role} in {place}" if place else role)
        clauses.append(f"{who} is {' and '.join(roles)}")
    return ("; and ".join(clauses) + ".") if clauses else None


def render_text(doc: SyntheticDocument) -> str:
    """The document as a plain-text file in the layout of ``seeds/*.txt``."""
    parts = [doc.title, "", _byline(doc.authors), ""]
    if doc.disclaimer:
        parts += [doc.disclaimer, ""]
    parts += [doc.published_raw, "", doc.title, ""]
    if affiliation := _affiliation_sentence(doc.authors):
        parts += [affiliation, ""]
    parts.append("")
    starts = set(doc.section_starts)
    for p, paragraph in enumerate(doc.raw_paragraphs):
        if p and p in starts:
            parts.append("")  # a section opens after two blank lines
        parts += [paragraph, ""]
    if doc.notes:
        parts.append("")
        parts += [f"{note.number} {note.text}" for note in doc.notes]
    return "\n".join(parts) + "\n"


@cache
def catalog(seed: int, doc_kb: float = DEFAULT_DOC_KB) -> Catalog:
    """The generator for ``seed`` (pools built once per process)."""
    return Catalog(seed, doc_kb)
