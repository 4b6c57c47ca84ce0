"""Notes to citations: several per note, commentary left out, spans exact, ibid and short forms."""

from archive.citegraph import parse_note, parse_notes

TWO_WORKS = ("Ahmed Rashid, Taliban: Militant Islam, Oil and Fundamentalism in Central Asia "
             "(New Haven: Yale University Press, 2000), 12-15. On the later years see "
             "Barnett R. Rubin, “Saving Afghanistan,” Foreign Affairs, no. 1 vol. 86 "
             "(January 2007): 57-78.")


def test_a_note_with_two_works_and_commentary_between() -> None:
    citations = parse_note(TWO_WORKS)
    assert [c.item.get("title") for c in citations] == [
        "Taliban: Militant Islam, Oil and Fundamentalism in Central Asia", "Saving Afghanistan"]
    book, article = (c.item for c in citations)
    assert book["author"] == [{"family": "Rashid", "given": "Ahmed"}]
    assert book["publisher"] == "Yale University Press"
    assert book["publisher-place"] == "New Haven"
    assert book["issued"] == {"date-parts": [[2000]]}
    assert book["type"] == "book"
    assert article["container-title"] == "Foreign Affairs"
    assert article["issued"] == {"date-parts": [[2007, 1]]}
    assert (article["volume"], article["issue"], article["page"]) == ("86", "1", "57-78")


def test_spans_are_exact_slices_of_the_note() -> None:
    for citation in parse_note(TWO_WORKS):
        start, end = citation.span
        assert TWO_WORKS[start:end].startswith(("Ahmed Rashid", "Barnett R. Rubin"))
        assert 0 < citation.confidence <= 1
    assert "On the later years" not in TWO_WORKS[slice(*parse_note(TWO_WORKS)[1].span)]


def test_commentary_alone_cites_nothing() -> None:
    assert parse_note("The treaty was signed in 1921 and annulled the earlier one.") == []
    assert parse_note("") == []


def test_ibid_and_short_forms_refer_to_the_full_citation() -> None:
    notes = [TWO_WORKS, "Ibid., 80.", "Rubin, “Saving Afghanistan,” 60."]
    first, second, third = parse_notes(notes)
    assert second[0].form == "ibid"
    assert second[0].refers_to == (0, 1)
    assert second[0].item["title"] == "Saving Afghanistan"
    assert second[0].item["locator"] == "80"
    assert third[0].form == "short"
    assert third[0].refers_to == (0, 1)
    assert third[0].item["container-title"] == "Foreign Affairs"
    assert third[0].item["locator"] == "60"


def test_a_url_is_kept_only_when_it_is_a_web_address() -> None:
    (citation,) = parse_note("“Border Talks Resume,” Asbarez, April 1, 2019, "
                             "http://asbarez.com/178701/border-talks/.")
    assert citation.item["URL"] == "http://asbarez.com/178701/border-talks/"
    (cut,) = parse_note("“Border Talks Resume,” Panorama, August 8, 2020, https://www.")
    assert "URL" not in cut.item
