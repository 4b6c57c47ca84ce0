"""Author notes: positions, organisations and places."""

from archive.ingest import ParsedAffiliation, parse_text
from archive.ingest.stages.affiliations import looks_like, parse_roles


def test_roles_with_titles_organisations_and_places() -> None:
    assert parse_roles("a lecturer at the London School of Economics.") == [
        ParsedAffiliation(organization="London School of Economics", title="lecturer")
    ]
    assert parse_roles(
        "director of the Arctic Institute and a visiting fellow at "
        "Tromsø University in Tromsø, Norway."
    ) == [
        ParsedAffiliation(organization="Arctic Institute", title="director"),
        ParsedAffiliation(
            organization="Tromsø University", title="visiting fellow", place="Tromsø, Norway"
        ),
    ]
    assert parse_roles("an analyst with the Pacific Security Network; and ") == [
        ParsedAffiliation(organization="Pacific Security Network", title="analyst")
    ]


def test_looks_like() -> None:
    assert looks_like("Jane Doe is a lecturer at the University of Leeds.")
    assert looks_like("Prof. Doe is director of the Arctic Institute.")
    assert looks_like("The author is a reporter with the Daily Planet.")
    assert not looks_like("The river is a lifeline for the region.")


def test_single_author_note_through_the_pipeline() -> None:
    text = (
        "Ports of the North\n\nBy Ingrid Olsen\n\n1 April 2022\n\n"
        "The author is a senior researcher at the Fridtjof Nansen Institute in Oslo.\n\n"
        "Shipping through the Arctic has grown quickly in recent years.\n"
    )
    doc = parse_text(text.encode(), "ports.txt")
    [author] = doc.authors
    assert author.affiliations == [
        ParsedAffiliation(
            organization="Fridtjof Nansen Institute", title="senior researcher", place="Oslo"
        )
    ]
    assert doc.paragraphs == ["Shipping through the Arctic has grown quickly in recent years."]


def test_honorific_taken_from_the_note_when_byline_has_none() -> None:
    text = (
        "On Tides\n\nBy Ruth Ames and Omar Haddad\n\n5 May 2020\n\n"
        "Dr. Ames is a lecturer at Bangor University, and Haddad is an engineer "
        "with the Severn Trust.\n\nBody text follows here.\n"
    )
    doc = parse_text(text.encode(), "tides.txt")
    ames, haddad = doc.authors
    assert (ames.honorific, haddad.honorific) == ("Dr.", None)
    assert [a.organization for a in ames.affiliations] == ["Bangor University"]
    assert [(a.title, a.organization) for a in haddad.affiliations] == [
        ("engineer", "Severn Trust")
    ]


def test_positions_under_a_name_in_an_about_the_author_section() -> None:
    from archive.ingest.stages.affiliations import parse_positions

    assert [(a.title, a.organization) for a in parse_positions(
        "Senior Fellow of Ports and Trade at Leith Institute, and Director of the Tide Lab"
    )] == [("Senior Fellow of Ports and Trade", "Leith Institute"), ("Director", "Tide Lab")]
    body = "Shipping through the Arctic has grown quickly in recent years, and ports with it."
    text = (f"Ports of the North\n\nBy Ingrid Olsen\n\n1 April 2022\n\n{body}\n\n{body}\n\n"
            f"About the author\n\nIngrid Olsen\n\nSenior researcher at the Nansen Institute\n")
    [author] = parse_text(text.encode(), "ports.txt").authors
    assert [a.organization for a in author.affiliations] == ["Nansen Institute"]


def test_a_closing_credit_line_gives_the_authors_position() -> None:
    body = "Shipping through the Arctic has grown quickly in recent years, and ports with it."
    text = (f"Ports of the North\n\nBy Ingrid Olsen\n\n1 April 2022\n\n{body}\n\n{body}\n\n"
            f"This post first ran on the Harbour Notes blog, by Ingrid Olsen, Chief "
            f"Economist at the Northern Ports Agency (NPA).\n")
    [author] = parse_text(text.encode(), "ports.txt").authors
    assert [(a.title, a.organization) for a in author.affiliations] == [
        ("Chief Economist", "Northern Ports Agency")]
    # Another person's credit is not the author's.
    other = text.replace("by Ingrid Olsen, Chief", "by Bo Chen, Chief")
    [author] = parse_text(other.encode(), "ports.txt").authors
    assert author.affiliations == []


def test_an_author_named_at_the_end_as_from_an_organisation() -> None:
    body = "Shipping through the Arctic has grown quickly in recent years, and ports with it."
    text = (f"Ports of the North\n\nBy Ingrid Olsen\n\n1 April 2022\n\n{body}\n\n{body}\n\n"
            f"Our thanks to Bo Chen from the Tide Lab and Ingrid Olsen from the Nansen "
            f"Institute for their help.\n")
    [author] = parse_text(text.encode(), "ports.txt").authors
    assert [a.organization for a in author.affiliations] == ["Nansen Institute"]
    # A place is not an organisation.
    other = text.replace("from the Nansen Institute", "from Tromsø")
    [author] = parse_text(other.encode(), "ports.txt").authors
    assert author.affiliations == []
