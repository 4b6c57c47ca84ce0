"""The synthetic catalog: deterministic per seed, documents of realistic sizes."""

from __future__ import annotations

import dataclasses
import random
import statistics

import pytest

from bench.corpus import CAP_KB, DEFAULT_DOC_KB, Catalog, document_kb


def _fields(doc: object) -> tuple:
    return dataclasses.astuple(doc)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def generator() -> Catalog:
    return Catalog(9)


def test_same_seed_same_documents_in_any_order(generator: Catalog) -> None:
    again = Catalog(9)
    forward = [_fields(generator.document(i)) for i in range(40)]
    backward = [_fields(again.document(i)) for i in reversed(range(40))][::-1]
    assert forward == backward
    assert _fields(Catalog(10).document(0)) != forward[0]


def test_raw_paragraphs_only_when_asked(generator: Catalog) -> None:
    doc, raw = generator.document(3), generator.document(3, raw=True)
    assert doc.raw_paragraphs == []
    assert len(raw.raw_paragraphs) == len(raw.paragraphs)
    assert doc.paragraphs == raw.paragraphs


def test_sizes_are_mostly_short_pieces_with_a_long_tail(generator: Catalog) -> None:
    docs = [generator.document(i) for i in range(600)]
    kb = [len(d.text.encode()) / 1024 for d in docs]
    assert statistics.mean(kb) == pytest.approx(DEFAULT_DOC_KB, rel=0.15)
    assert 5 < statistics.median(kb) < 9  # ~1,200 words
    assert max(kb) < CAP_KB + 2
    assert any(k > 30 for k in kb)  # reports as long as the seed article exist
    short = [d for d in docs if d.kind in {"opinion", "article"}]
    assert len(short) > 0.75 * len(docs)
    notes = [len(d.notes) for d in docs]
    assert statistics.mean(notes) < 15 and max(notes) <= 80


def test_doc_kb_sets_the_mean() -> None:
    rng = random.Random(1)
    for mean in (DEFAULT_DOC_KB, 50.0):
        sizes = [document_kb(rng, mean)[0] for _ in range(20_000)]
        assert statistics.mean(sizes) == pytest.approx(mean, rel=0.03)
