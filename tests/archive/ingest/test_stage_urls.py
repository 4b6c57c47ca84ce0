"""URLs and URL fragments in notes."""

import pytest

from archive.ingest.edits import apply_edits
from archive.ingest.stages.urls import classify_token, rejoin_urls


def test_broken_host_is_rejoined() -> None:
    text = "Report, 2019, https://www.example. org/a/b-c/. Also http://news. example.com/x"
    fixed = apply_edits(text, rejoin_urls(text))[0]
    assert fixed == "Report, 2019, https://www.example.org/a/b-c/. Also http://news.example.com/x"


def test_sentence_after_a_complete_url_is_not_glued_on() -> None:
    text = "See https://example.com/page. then more text"
    assert rejoin_urls(text) == []


@pytest.mark.parametrize(
    ("token", "kind"),
    [
        ("https://example.org/report", "url"),
        ("http://example.co.uk", "url"),
        ("https://exa", "fragment"),
        ("https://www", "fragment"),
        ("reports/2020/summary", "fragment"),
        ("archive/77812", "fragment"),
        ("policy-brief/", "fragment"),
        ("Brief%E2%80%99s-final.pdf", "fragment"),
        ("and/or", None),
        ("3/4/2021", None),
        ("A/RES/70/1", None),
        ("step-by-step", None),
        ("Baku-Tbilisi-Kars", None),
        ("1918-1925", None),
        ("ordinary", None),
    ],
)
def test_classify_token(token: str, kind: str | None) -> None:
    assert classify_token(token) == kind


def test_slugs_need_more_words_unless_they_end_the_note() -> None:
    assert classify_token("river-delta-flood-report-final") == "fragment"
    assert classify_token("river-delta-flood") is None
    assert classify_token("river-delta-flood", last=True) == "fragment"
    assert classify_token("river-delta", last=True) is None
    assert classify_token("river-delta", last=True, alone=True) == "fragment"
