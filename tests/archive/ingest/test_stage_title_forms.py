"""Plain-text title forms: a notice above an underlined title, centred title and subtitle."""

from archive.ingest.pipeline import parse_document


def test_a_copyright_notice_above_an_underlined_title() -> None:
    doc = parse_document(
        b"Copyright (C) 1990 Ann Vale.\n\n   Permission is granted to copy this text.\n\n"
        b"Garden Snails\n*************\n\nSnails were counted in forty gardens over two "
        b"summers, under stones and leaves.\n",
        "snails.txt",
    )
    assert doc.title == "Garden Snails"
    assert doc.paragraphs[0].startswith("Snails were counted")


def test_separately_centred_title_and_subtitle() -> None:
    doc = parse_document(
        b"\t   Keep the Paths Free of Salt\n\t   Join the Garden Snail Society\n\n"
        b"Snails were counted in forty gardens over two summers, under stones and leaves.\n",
        "salt.txt",
    )
    assert (doc.title, doc.subtitle) == (
        "Keep the Paths Free of Salt", "Join the Garden Snail Society"
    )


def test_a_wrapped_title_stays_one_title() -> None:
    doc = parse_document(
        b"    A Survey of Garden Snails in Forty Gardens and\n    Their Stones\n\n"
        b"Snails were counted in forty gardens over two summers, under stones and leaves.\n",
        "survey.txt",
    )
    assert doc.title == "A Survey of Garden Snails in Forty Gardens and Their Stones"
    assert doc.subtitle is None
    flush = parse_document(
        b"A Survey of Garden Snails Across\nForty Gardens\n\nSnails were counted in forty "
        b"gardens over two summers, under stones and leaves.\n",
        "flush.txt",
    )
    assert flush.title == "A Survey of Garden Snails Across Forty Gardens"


def test_a_manuscripts_running_head_is_not_its_title() -> None:
    doc = parse_document(
        b"Running head: HERON COUNTS\n\nCounting Herons Along the River\n\nAnn Vale\n\n"
        b"Herons were counted along the river every week for a year, from the bridge.\n",
        "herons.txt",
    )
    assert doc.title == "Counting Herons Along the River"
