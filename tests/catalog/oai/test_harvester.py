"""A real harvester (oaipmh-scythe, from PyPI) against the running app, over HTTP.

The app is served by pytest-django's ``live_server`` (a real HTTP server in a
thread, on the test database); scythe follows the resumption tokens itself.
Every response it receives is validated against the schemas first.
"""

from __future__ import annotations

from typing import Any

import httpx2
import pytest
from oaipmh_scythe import Scythe
from oaipmh_scythe.config import HTTPConfig

from archive import schema
from archive.oai.validation import validate_response

from .conftest import REPOSITORY, utc


class ValidatingScythe(Scythe):
    """scythe, validating each response against OAI-PMH 2.0, oai_dc and MODS before using it."""

    responses = 0

    def _request(self, query: dict[str, str]) -> httpx2.Response:
        response = super()._request(query)
        validate_response(response.content)
        self.responses += 1
        return response


def number(identifier: str) -> int:
    prefix = f"oai:{REPOSITORY}:"
    assert identifier.startswith(prefix)
    return int(identifier.removeprefix(prefix))


@pytest.fixture
def catalog(create: Any, change: Any, factories: Any) -> dict[str, list[int]]:
    """Eleven published documents, two withdrawn, one published then set back to draft, drafts."""
    published = [
        create(f"Document {n}", at=utc(2024, 1, 1 + n // 4, n),
               notes=[factories.Note(f"Note of {n}.", [f"https://cited.example/{n}"])],
               kind="opinion" if n % 2 else "report")
        for n in range(11)
    ]
    withdrawn = [create(f"Withdrawn {n}", at=utc(2024, 1, 10)) for n in range(2)]
    for pk in withdrawn:
        change(schema.Document, pk, utc(2024, 1, 20), status="withdrawn",
               withdrawn_reason="takedown")
    unpublished = create("Unpublished", at=utc(2024, 1, 11))
    change(schema.Document, unpublished, utc(2024, 1, 21), status="draft")
    drafts = [create(f"Draft {n}", status="draft", at=utc(2024, 1, 5)) for n in range(3)]
    return {"published": published, "withdrawn": withdrawn, "unpublished": [unpublished],
            "drafts": drafts}


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_harvester_takes_the_whole_catalog_then_what_changed(
    live_server: Any, catalog: dict[str, list[int]], change: Any, create: Any, footnote_of: Any,
    settings: Any, method: str,
) -> None:
    """Every published document once, withdrawn ones deleted, no draft; then exactly the changes."""
    settings.OAI_RECORDS_PER_PAGE = 4
    endpoint = live_server.url + "/oai"
    with ValidatingScythe(endpoint, http_config=HTTPConfig(http_method=method)) as scythe:
        records = list(scythe.list_records(metadata_prefix="oai_dc"))
        pages = scythe.responses
        identifiers = [number(r.header.identifier) for r in records]
        assert len(identifiers) == len(set(identifiers))  # every record exactly once
        gone = catalog["withdrawn"] + catalog["unpublished"]
        assert set(identifiers) == set(catalog["published"]) | set(gone)
        assert {number(r.header.identifier) for r in records if r.deleted} == set(gone)
        assert not set(identifiers) & set(catalog["drafts"])
        assert pages == 4  # 14 records, 4 a page: the tokens were followed
        titles = {number(r.header.identifier): r.metadata["title"]
                  for r in records if not r.deleted}
        assert titles == {pk: [f"Document {n}"] for n, pk in enumerate(catalog["published"])}

        # Then the catalog changes: a footnote corrected, a document added, one withdrawn.
        corrected, withdrawn_later = catalog["published"][2], catalog["published"][5]
        change(schema.Footnote, footnote_of(corrected), utc(2024, 3, 1), text="Corrected note.")
        added = create("Added later", at=utc(2024, 3, 2))
        change(schema.Document, withdrawn_later, utc(2024, 3, 3), status="withdrawn",
               withdrawn_reason="takedown")
        create("A draft added later", status="draft", at=utc(2024, 3, 4))

        changed = list(scythe.list_records(from_="2024-03-01T00:00:00Z", metadata_prefix="mods"))
        assert [number(r.header.identifier) for r in changed] == [corrected, added, withdrawn_later]
        assert [r.deleted for r in changed] == [False, False, True]
        assert "Corrected note." in str(changed[0])  # the record's XML, as harvested
        assert [number(h.identifier) for h in scythe.list_identifiers(
            from_="2024-01-20", until="2024-01-21", metadata_prefix="oai_dc")] == sorted(gone)


def test_a_harvester_reads_identify_sets_and_formats(
    live_server: Any, catalog: dict[str, list[int]]
) -> None:
    with ValidatingScythe(live_server.url + "/oai") as scythe:
        identify = scythe.identify()
        assert identify.deletedRecord == "persistent"
        assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
        assert identify.earliestDatestamp == "2024-01-01T00:00:00Z"
        specs = {s.setSpec for s in scythe.list_sets()}
        assert {"kind:opinion", "kind:report", "language:en"} <= specs
        assert {f.metadataPrefix for f in scythe.list_metadata_formats()} == {"oai_dc", "mods"}
        reports = list(scythe.list_identifiers(metadata_prefix="mods", set_="kind:report"))
        assert {number(h.identifier) for h in reports} >= set(catalog["published"][0::2])
