"""A harvest stays correct while the catalog changes under it.

The list is bounded by its first response's moment (the snapshot bound in the
token) and walked by keyset (datestamp, id): a record changed during the
harvest is left to the next incremental harvest, which starts from the first
response's ``responseDate``; nothing is lost and no page shifts.
"""

from __future__ import annotations

from typing import Any

from archive import schema

from .conftest import OAI, deleted, ids, utc


def first_page(oai: Any, **params: str) -> tuple[Any, str, str]:
    root = oai.get(verb="ListRecords", metadataPrefix="oai_dc", **params)
    return root, root.findtext(f".//{OAI}resumptionToken"), root.findtext(f"{OAI}responseDate")


def test_changes_during_a_harvest_wait_for_the_next_one(
    oai: Any, create: Any, change: Any, footnote_of: Any, clock: Any, settings: Any,
    factories: Any,
) -> None:
    settings.OAI_RECORDS_PER_PAGE = 2
    a, b, c, d = (create(name, at=utc(2024, 1, day), notes=[factories.Note(f"{name}.")])
                  for day, name in enumerate("ABCD", start=1))
    page, token, started = first_page(oai)
    assert ids(page) == [a, b] and started == "2025-01-01T00:00:00Z"

    clock.moment = utc(2025, 1, 1, 0, 0, 5)
    change(schema.Footnote, footnote_of(c), clock.moment, text="C, corrected.")
    e = create("E", at=clock.moment)
    change(schema.Document, a, clock.moment, status="withdrawn", withdrawn_reason="takedown")

    clock.moment = utc(2025, 1, 1, 0, 0, 6)
    rest = oai.get(verb="ListRecords", resumptionToken=token)
    assert ids(rest) == [d]  # C moved past the bound, E and A's deletion came after it
    last = rest.find(f".//{OAI}resumptionToken")
    assert (last.text, last.get("cursor"), last.get("completeListSize")) == (None, "2", "4")

    clock.moment = utc(2025, 1, 1, 0, 0, 10)
    following = oai.harvest(metadataPrefix="mods", **{"from": started})
    assert ids(following) == [a, c, e] and deleted(following) == {a}  # one second: by id
    assert b"C, corrected." in b"".join(map(_xml, following))  # MODS carries the notes


def test_a_list_whose_remaining_records_all_changed_ends_cleanly(
    oai: Any, create: Any, change: Any, clock: Any, settings: Any
) -> None:
    """No empty page: the list ends with the next record as it is now, the rest comes next time."""
    settings.OAI_RECORDS_PER_PAGE = 2
    a, b, c, d = (create(name, at=utc(2024, 1, day)) for day, name in enumerate("ABCD", start=1))
    _page, token, started = first_page(oai)
    clock.moment = utc(2025, 1, 1, 0, 0, 5)
    change(schema.Document, d, clock.moment, title="D2")
    change(schema.Document, c, utc(2025, 1, 1, 0, 0, 6), title="C2")
    clock.moment = utc(2025, 1, 1, 0, 0, 7)
    rest = oai.get(verb="ListRecords", resumptionToken=token)
    assert ids(rest) == [d]
    assert rest.find(f".//{OAI}resumptionToken").text is None
    assert ids(oai.harvest(metadataPrefix="oai_dc", **{"from": started})) == [d, c]


def test_new_records_never_shift_a_page(
    oai: Any, create: Any, clock: Any, settings: Any
) -> None:
    """Records added at earlier datestamps (a backdated import) make no page repeat or skip."""
    settings.OAI_RECORDS_PER_PAGE = 2
    made = [create(f"Doc {n}", at=utc(2024, 1, 10 + n)) for n in range(5)]
    _page, token, _started = first_page(oai)
    create("Backdated", at=utc(2023, 1, 1))
    rest = oai.harvest("ListRecords", resumptionToken=token)
    assert ids(rest) == made[2:]


def test_many_records_of_one_second_are_paged_by_id(
    oai: Any, create: Any, settings: Any
) -> None:
    """A bulk import stamps thousands of records with one second: the keyset goes on by id."""
    settings.OAI_RECORDS_PER_PAGE = 3
    made = [create(f"Doc {n}", at=utc(2024, 1, 1)) for n in range(8)]
    pages = oai.harvest(metadataPrefix="oai_dc")
    assert ids(pages) == made and len(pages) == 3


def _xml(element: Any) -> bytes:
    from lxml import etree

    return etree.tostring(element)
