"""The judged set's scores: precision@10 and nDCG@10 as the literature defines them."""

from __future__ import annotations

import math

import pytest

from bench.benchmarks.relevance import _scores, _typos
from bench.judged import JUDGED_DOCUMENTS, JUDGED_QUERIES, JudgedQuery

IDS = {"a": 1, "b": 2, "c": 3}
QUERY = JudgedQuery("q", {"a": 2, "b": 1})


def test_the_ideal_order_scores_one() -> None:
    precision, best, ndcg = _scores([1, 2, 9, 8], QUERY, IDS)
    assert (precision, best, ndcg) == (0.2, 0.2, 1.0)


def test_a_swap_costs_what_the_formula_says() -> None:
    _, _, ndcg = _scores([2, 1], QUERY, IDS)
    ideal = 3 / math.log2(2) + 1 / math.log2(3)
    assert ndcg == pytest.approx((1 / math.log2(2) + 3 / math.log2(3)) / ideal)


def test_nothing_relevant_in_the_ten_scores_zero() -> None:
    assert _scores([7, 8, 9], QUERY, IDS)[::2] == (0.0, 0.0)
    assert _scores(list(range(10, 30)) + [1], QUERY, IDS)[0] == 0.0  # 11th is not counted


def test_the_judged_set_is_consistent() -> None:
    keys = [d.key for d in JUDGED_DOCUMENTS]
    assert len(keys) == len(set(keys))
    for query in JUDGED_QUERIES:
        assert set(query.grades) <= set(keys) and set(query.grades.values()) <= {1, 2}


def test_typos_are_one_edit_away() -> None:
    assert _typos("committee") == ["commttee", "comimttee"]  # the middle letter: dropped, swapped
