"""Byline parsing on bylines other than the seed's."""

import pytest

from archive.ingest.stages.byline import looks_like, parse_byline


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("By Maria Lopez", [("Maria Lopez", None)]),
        ("By Jane Doe and John Roe", [("Jane Doe", None), ("John Roe", None)]),
        (
            "By Jane Doe, John Roe, and Ann Lee",
            [("Jane Doe", None), ("John Roe", None), ("Ann Lee", None)],
        ),
        (
            "By Jane Doe, John Roe and Ann Lee",
            [("Jane Doe", None), ("John Roe", None), ("Ann Lee", None)],
        ),
        ("Written by Prof. Jane Doe & Mr. Tom Hart", [("Jane Doe", "Prof."), ("Tom Hart", "Mr.")]),
        ("By Profs. Ida Berg and Omar Haddad", [("Ida Berg", "Prof."), ("Omar Haddad", "Prof.")]),
        ("By Professor Li Wei and Dr Sara Kim", [("Li Wei", "Professor"), ("Sara Kim", "Dr.")]),
        ("By Sarah Chen, PhD, and Paul Ng", [("Sarah Chen", None), ("Paul Ng", None)]),
        ("By Martin Cole Jr. and Ms. Ruth Ames", [("Martin Cole Jr.", None), ("Ruth Ames", "Ms.")]),
        ("By Thomas de Waal", [("Thomas de Waal", None)]),
        ("Authors: Ana Silva; Rui Costa", [("Ana Silva", None), ("Rui Costa", None)]),
    ],
)
def test_names_and_honorifics(byline: str, expected: list[tuple[str, str | None]]) -> None:
    found, rejected = parse_byline(byline)
    assert found == expected and rejected == []


def test_unrecognisable_part_is_rejected_not_invented() -> None:
    found, rejected = parse_byline("By Jane Doe and 25 staff writers")
    assert found == [("Jane Doe", None)] and rejected == ["25 staff writers"]


def test_looks_like() -> None:
    assert looks_like("By Jane Doe")
    assert looks_like("written by Jane Doe")
    assert not looks_like("Bystanders watched the parade.")
    assert not looks_like("The committee met on Tuesday.")


@pytest.mark.parametrize(
    "line",
    [
        "By Land and Sea: A History",
        "By Any Means Necessary",
        "By A Thread",
        "By Design",
        "By the Numbers",
        "By Way of Deception",
    ],
)
def test_titles_starting_with_by_are_not_bylines(line: str) -> None:
    assert not looks_like(line)


@pytest.mark.parametrize(
    "line",
    ["By Dr. Smith", "By J. R. Tolkien", "By Drs. Hakan Yavuz & Vasif Huseynov", "By Li Wei"],
)
def test_person_like_bylines(line: str) -> None:
    assert looks_like(line)


def test_a_regulatory_notice_is_issued_by_the_agencies_its_preamble_names() -> None:
    from archive.ingest import parse_text

    body = "The agency proposes to amend the rules for harbour cranes at the port of Leith."
    text = (f"Harbour Cranes; Inspection Rules\n\nAGENCY: Harbour Safety Administration (HSA), "
            f"Department of Ports. ACTION: Proposed rule.\n\n{body}\n\n{body}\n")
    doc = parse_text(text.encode(), "notice.txt")
    assert [a.name for a in doc.authors] == ["Harbour Safety Administration"]


def test_two_honorifics_before_a_name_keep_the_first() -> None:
    from archive.ingest.stages.byline import parse_byline

    assert parse_byline("By Prof. Dr. Ann Lee and Dr Bo Chen, PhD")[0] == [
        ("Ann Lee", "Prof."), ("Bo Chen", "Dr.")]


def test_affiliations_printed_in_the_byline() -> None:
    from archive.ingest.stages.byline import looks_like, read_byline

    def read(text: str) -> list[tuple[str, list[str]]]:
        return [(name, [a.organization for a in orgs]) for name, _, orgs in read_byline(text)[0]]

    assert read("By Ann Lee, Senior Fellow at the Harbour Institute") == [
        ("Ann Lee", ["Harbour Institute"])]
    assert read("By Ann Lee (Harbour Institute, Leith) and Bo Chen (Tide Lab)") == [
        ("Ann Lee", ["Harbour Institute, Leith"]), ("Bo Chen", ["Tide Lab"])]
    assert read("By Ann Lee and Bo Chen, Harbour Institute") == [
        ("Ann Lee", ["Harbour Institute"]), ("Bo Chen", ["Harbour Institute"])]
    assert read("By Ann Lee and Bo Chen") == [("Ann Lee", []), ("Bo Chen", [])]
    assert looks_like("By Ann Lee (Harbour Institute, Leith) and Bo Chen (Tide Lab)")


def test_a_preface_saying_who_wrote_the_text() -> None:
    from archive.ingest import parse_text

    body = "The harbour at Leith has changed more in ten years than in the century before."
    text = (f"The Harbour Essay\n\n     The essay which appears below was written by Ann\n"
            f"     Lee at the start of the survey.\n\n{body}\n\n{body}\n")
    assert [a.name for a in parse_text(text.encode(), "essay.txt").authors] == ["Ann Lee"]


@pytest.mark.parametrize(
    ("title", "speaker"),
    [
        ("GOVERNOR MIRELA K. OSTROVA'S ADDRESS TO THE HARBOUR BOARD", "Mirela K. Ostrova"),
        ("Remarks by Mayor Ann Lee at the Opening of the Quay", "Ann Lee"),
        ("Speech by Bo Chen: Lamps and Tides", "Bo Chen"),
        ("Remarks by the Mayor at the Opening of the Quay", None),  # an office, no name
        ("The Harbour Board's Statement on Lamps", None),  # an organisation
        ("Statement of Work for the Quay", None),
    ],
)
def test_a_speech_title_names_its_speaker(title: str, speaker: str | None) -> None:
    from archive.ingest import parse_text

    body = "The harbour at Leith has changed more in ten years than in the century before."
    doc = parse_text(f"{title}\n\n{body} (Applause.)\n\n{body}\n".encode(), "speech.txt")
    assert [a.name for a in doc.authors] == ([speaker] if speaker else [])
    assert all(a.honorific is None for a in doc.authors)  # an office is not an honorific


def test_names_side_by_side_split_at_their_note_marks() -> None:
    # A title page sets names apart by space only, each with its note mark; a TeX
    # font's mark is the asterisk operator (∗), not the asterisk.
    assert parse_byline("Maren Holt* Ivo Brandt†") == ([("Maren Holt", None),
                                                        ("Ivo Brandt", None)], [])
    assert parse_byline("Maren Holt∗ and Ivo K. Brandt∗∗") == ([("Maren Holt", None),
                                                              ("Ivo K. Brandt", None)], [])
    assert looks_like("Maren Holt1 Ivo Brandt2")
    assert parse_byline("Maren Holt1, Ivo Brandt2")[0] == [("Maren Holt", None),
                                                           ("Ivo Brandt", None)]


def test_names_separated_by_middle_dots() -> None:
    assert parse_byline("Maren Holt · Ivo Brandt · Cai Lund") == (
        [("Maren Holt", None), ("Ivo Brandt", None), ("Cai Lund", None)], [])


def test_a_byline_set_in_capitals_joins_its_names_with_and_in_capitals() -> None:
    assert parse_byline("MAREN HOLT AND IVO BRANDT")[0] == [("MAREN HOLT", None),
                                                           ("IVO BRANDT", None)]


def test_a_position_after_a_name_is_held_at_the_organisation_after_it() -> None:
    from archive.ingest.stages.byline import read_byline

    found, rejected = read_byline("By Maren Holt, Senior Fellow, Harbour Institute and "
                                  "Ivo Brandt, Assistant Professor, University of Leith")
    assert rejected == []
    assert [(name, [(a.organization, a.title) for a in orgs]) for name, _, orgs in found] == [
        ("Maren Holt", [("Harbour Institute", "Senior Fellow")]),
        ("Ivo Brandt", [("University of Leith", "Assistant Professor")])]
    assert parse_byline("Maren Holt, Research Associate") == ([("Maren Holt", None)], [])


def test_a_report_prepared_by_its_authors() -> None:
    assert looks_like("Prepared by Maren Holt and Ivo Brandt")
    assert parse_byline("Prepared by Maren Holt and Ivo Brandt")[0] == [
        ("Maren Holt", None), ("Ivo Brandt", None)]


def test_a_position_alone_on_its_line() -> None:
    from archive.ingest.stages.byline import is_position

    assert is_position("Analyst in Harbour Policy")
    assert is_position("Senior Fellow")
    assert not is_position("Maren Holt")
    assert not is_position("The keepers walked the harbour wall.")
