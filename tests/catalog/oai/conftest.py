"""Fixtures of the OAI-PMH tests: a client that validates every response, a clock, edits.

Every response any of these tests receives goes through
``archive.oai.validation.validate_response`` (OAI-PMH 2.0, oai_dc, MODS 3.6 and
oai-identifier schemas) before the test sees it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from lxml import etree
from sqlalchemy.orm import Session, sessionmaker

from archive import schema
from archive.attribution import acting_as
from archive.oai.validation import validate_response

OAI = "{http://www.openarchives.org/OAI/2.0/}"
REPOSITORY = "archive.example.org"


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


class Clock:
    """The provider's clock (``catalog.oai.views.now``), moved by the test."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment


class OaiClient:
    """Requests ``/oai`` through Django's test client; every answer is validated first."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.responses = 0

    def request(self, method: str = "get", **params: str | list[str]) -> etree._Element:
        response = getattr(self.client, method)("/oai", params)
        assert response.status_code == 200, response.content[:500]
        assert response["Content-Type"] == "text/xml; charset=utf-8"
        self.responses += 1
        return validate_response(response.content)

    def get(self, **params: str | list[str]) -> etree._Element:
        return self.request("get", **params)

    def post(self, **params: str) -> etree._Element:
        return self.request("post", **params)

    def harvest(self, verb: str = "ListRecords", **params: str) -> list[etree._Element]:
        """Every page of a list, following its resumption tokens."""
        pages = [self.get(verb=verb, **params)]
        while (token := pages[-1].findtext(f".//{OAI}resumptionToken")):
            pages.append(self.get(verb=verb, resumptionToken=token))
        return pages


def errors(root: etree._Element) -> list[str]:
    return [e.get("code") for e in root.findall(f"{OAI}error")]


def headers(pages: list[etree._Element] | etree._Element) -> list[etree._Element]:
    if not isinstance(pages, list):
        pages = [pages]
    return [h for page in pages for h in page.iter(f"{OAI}header")]


def ids(pages: list[etree._Element] | etree._Element) -> list[int]:
    """Document ids of the headers, in order."""
    return [int(h.findtext(f"{OAI}identifier").rsplit(":", 1)[1]) for h in headers(pages)]


def deleted(pages: list[etree._Element] | etree._Element) -> set[int]:
    return {
        int(h.findtext(f"{OAI}identifier").rsplit(":", 1)[1])
        for h in headers(pages) if h.get("status") == "deleted"
    }


@pytest.fixture(autouse=True)
def _oai_settings(settings: Any) -> None:
    settings.OAI_REPOSITORY_IDENTIFIER = REPOSITORY
    settings.OAI_REPOSITORY_NAME = "Test archive"
    settings.OAI_ADMIN_EMAILS = ["curator@archive.example.org", "second@archive.example.org"]
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The provider's "now": 2025-01-01T00:00:00Z until the test moves it."""
    from catalog.oai import views

    fixed = Clock(utc(2025, 1, 1))
    monkeypatch.setattr(views, "now", fixed)
    return fixed


@pytest.fixture
def oai(client: Any, archive_db: None) -> OaiClient:
    return OaiClient(client)


@pytest.fixture
def change(sessions: sessionmaker[Session]) -> Callable[..., None]:
    """``change(Model, id, at, **values)``: one versioned update through the core, at ``at``."""

    def update(model: type, row_id: int, at: dt.datetime | None = None, **values: Any) -> None:
        with acting_as("test:edit", at), sessions.begin() as session:
            row = session.get(model, row_id)
            for name, value in values.items():
                setattr(row, name, value)
            session.flush()

    return update


@pytest.fixture
def footnote_of(sessions: sessionmaker[Session]) -> Callable[[int, int], int]:
    """The id of footnote ``number`` of a document."""

    def find(document_id: int, number: int = 1) -> int:
        with sessions() as session:
            return session.query(schema.Footnote.id).filter_by(
                document_id=document_id, number=number
            ).scalar()

    return find


@pytest.fixture
def datestamps(engine: Any) -> Callable[[], dict[int, tuple[dt.datetime, bool]]]:
    """``oai_record`` as {document id: (datestamp, deleted)}."""
    from archive.oai import store

    def read() -> dict[int, tuple[dt.datetime, bool]]:
        with engine.connect() as connection:
            rows = store.page(connection, store.Window(None, utc(9999, 1, 1)), None, 10_000)
        return {h.document_id: (h.datestamp, h.deleted) for h in rows}

    return read
