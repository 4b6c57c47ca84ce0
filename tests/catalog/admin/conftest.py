"""Fixtures of the admin tests: librarian and viewer accounts, and a signed-in client."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from catalog.roles import VIEWER, create_librarian

PASSWORD = "a-long-test-password-7"


@pytest.fixture(autouse=True)
def _plain_static_files(settings) -> None:
    """Static URLs without the manifest that only ``collectstatic`` writes."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def librarian(archive_db):
    return create_librarian("ann", PASSWORD)


@pytest.fixture
def viewer(archive_db):
    return create_librarian("vic", PASSWORD, role=VIEWER)


@pytest.fixture
def librarian_client(librarian) -> Client:
    client = Client()
    client.force_login(librarian)
    return client


def change_url(model: str, pk: int) -> str:
    return f"/admin/catalog/{model}/{pk}/change/"


class _FormFields(HTMLParser):
    """What a browser would post from the first form with ``id=form_id``."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, []
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if tag == "option" and self.inside and self.select and "selected" in a:
            self.data.append((self.select, a.get("value", "")))
        if not self.inside or "name" not in a or "disabled" in a:
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "image"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            value = a.get("value")
            if value is None:
                value = "on" if a.get("type") == "checkbox" else ""
            self.data.append((a["name"], value))
        elif tag == "textarea":
            self.textarea = a["name"]
            self.data.append((a["name"], ""))
        elif tag == "select":
            self.select = a["name"]

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            name, value = self.data[-1]
            self.data[-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self.textarea is not None:
            name, value = self.data[-1]
            # Browsers drop the newline that follows <textarea>.
            self.data[-1] = (name, value[1:] if value.startswith("\n") else value)
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def form_data(html: str, form_id: str) -> dict[str, list[str]]:
    """The fields of a rendered form as a browser would submit them (name -> values)."""
    parser = _FormFields(form_id)
    parser.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data


@pytest.fixture
def edit_form():
    """GET a change form, let the test change some fields, POST it back like a browser."""

    def edit(client: Client, url: str, changes: dict[str, str], form_id: str):
        page = client.get(url)
        assert page.status_code == 200, page.status_code
        data = form_data(page.content.decode(), form_id)
        for name, value in changes.items():
            data[name] = [value]
        return data

    return edit
