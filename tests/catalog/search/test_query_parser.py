"""The query parser: every term quoted, phrases, exclusions, and no input it cannot take."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from archive.search import MAX_TERMS, Term, parse_query
from archive.search.postgresql import websearch_text
from archive.search.sqlite import match_expression


def test_words_phrases_and_exclusions() -> None:
    query = parse_query('treaty "frozen  conflict" -russia -"peace talks" well-known')
    assert query.terms == (
        Term("treaty"),
        Term("frozen conflict"),
        Term("russia", exclude=True),
        Term("peace talks", exclude=True),
        Term("well-known"),
    )


def test_operators_are_plain_words() -> None:
    positive, negative = match_expression(parse_query("a NEAR(b c) OR d* col:e ^f"))
    assert positive == '"a" AND "NEAR(b" AND "c)" AND "OR" AND "d*" AND "col:e" AND "^f"'
    assert negative == ""


def test_terms_without_letters_are_dropped() -> None:
    assert parse_query('" * - ( ) : 🙂 \x00 ""').terms == ()


def test_unclosed_quote_runs_to_the_end() -> None:
    assert parse_query('"frozen conflict').terms == (Term("frozen conflict"),)


def test_long_input_is_bounded() -> None:
    query = parse_query("word " * 5000)
    assert query.terms == (Term("word"),)
    assert len(parse_query(" ".join(f"w{i}" for i in range(5000))).terms) == MAX_TERMS


def test_websearch_text_quotes_every_term() -> None:
    assert websearch_text(parse_query('or -x "a b"')) == '"or" -"x" "a b"'


@given(st.text())
def test_any_text_parses_to_quoted_terms(text: str) -> None:
    """Whatever the input, each rendered term is one quoted string without inner quotes."""
    query = parse_query(text)
    for term in query.terms:
        assert '"' not in term.text and "\x00" not in term.text and term.text.strip()
    positive, negative = match_expression(query)
    assert positive == " AND ".join(f'"{term.text}"' for term in query.include)
    assert negative == " OR ".join(f'"{term.text}"' for term in query.exclude)
