"""The protocol's small grammars: identifiers, datestamps, setSpecs."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.oai.datestamps import BadDatestamp, format_datestamp, parse_bound, whole_second
from archive.oai.identifiers import (
    FALLBACK,
    InvalidRepositoryIdentifier,
    check_repository_identifier,
    derive_repository_identifier,
    document_id,
    oai_identifier,
)
from archive.oai.sets import SetFilter, parse_set, set_specs


def test_an_identifier_names_its_document_and_nothing_else() -> None:
    assert oai_identifier("archive.example.org", 42) == "oai:archive.example.org:42"
    assert document_id("archive.example.org", "oai:archive.example.org:42") == 42
    for other in ("oai:elsewhere.org:42", "oai:archive.example.org:042", "oai:archive.example.org:",
                  "oai:archive.example.org:4x", "oai:archive.example.org:-1", "42", ""):
        assert document_id("archive.example.org", other) is None, other


def test_the_repository_identifier_is_a_domain_name() -> None:
    assert check_repository_identifier("archive.example.org") == "archive.example.org"
    for bad in ("localhost", "127.0.0.1", "archive example.org", "-a.org", "a..org"):
        with pytest.raises(InvalidRepositoryIdentifier):
            check_repository_identifier(bad)


def test_the_default_identifier_comes_from_the_first_domain_among_the_hosts() -> None:
    assert derive_repository_identifier(["127.0.0.1", ".Archive.Example.org"]) == (
        "archive.example.org"
    )
    assert derive_repository_identifier(["127.0.0.1", "localhost", "*"]) == FALLBACK
    check_repository_identifier(FALLBACK)


def test_bounds_cover_a_whole_day_or_one_second() -> None:
    day = parse_bound("2026-11-25", "from")
    assert (day.first, day.last, day.day) == (
        dt.datetime(2026, 11, 25, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 25, 23, 59, 59, tzinfo=dt.UTC),
        True,
    )
    second = parse_bound("2026-11-25T10:11:12Z", "until")
    assert second.first == second.last == dt.datetime(2026, 11, 25, 10, 11, 12, tzinfo=dt.UTC)
    assert not second.day


@pytest.mark.parametrize("value", [
    "2026-11-25T10:11Z", "2026-11-25T10:11:12", "2026-11-25T10:11:12.5Z",
    "2026-11-25T10:11:12+01:00",
    "2026-02-30", "2026-11-25T25:00:00Z", "20261125", "", "yesterday",
])
def test_other_forms_of_a_date_are_refused(value: str) -> None:
    with pytest.raises(BadDatestamp, match="from="):
        parse_bound(value, "from")


def test_datestamps_are_utc_to_the_second() -> None:
    moment = dt.datetime(2026, 11, 25, 12, 0, 0, 999_999, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert format_datestamp(moment) == "2026-11-25T10:00:00Z"
    naive = dt.datetime(2026, 1, 1, 0, 0, 0, 5)
    assert whole_second(naive) == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def test_set_specs_name_kind_language_and_publisher() -> None:
    assert set_specs("opinion", "en", 12) == ["kind:opinion", "language:en", "publisher:12"]
    assert set_specs("news-article", "pt-BR", None) == ["kind:news-article", "language:pt-BR"]
    assert set_specs("odd kind", "en", None) == ["language:en"]  # not a setSpec: left out


def test_parsing_a_set_spec() -> None:
    assert parse_set("kind") == SetFilter("kind")
    assert parse_set("kind:opinion") == SetFilter("kind", "opinion")
    assert parse_set("publisher:12") == SetFilter("publisher", 12)
    for unknown in ("publisher:x", "publisher:012", "colour:red", "kind:a:b", "kind:"):
        assert parse_set(unknown) is None, unknown
