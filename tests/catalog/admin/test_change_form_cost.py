"""The document change form's cost does not grow with its footnotes, authors or problems.

A regression guard for the admin's performance goal (issue #6), counted in
queries rather than timed: the same number of queries for a small document and
for one with many footnotes and authors, no query per related record, and the
lean rendering (``catalog.admin.inlines``, ``catalog.admin.render``) writing the
same page as Django's own templates.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.db import connection
from django.forms.renderers import get_default_renderer
from django.test import Client
from django.test.utils import CaptureQueriesContext

from archive.attribution import acting_as
from catalog.admin.forms import VersionedForm
from catalog.admin.inlines import LeanInlineAdminFormSet
from catalog.admin.records import AuthorshipInline, FootnoteInline, ProblemInline
from catalog.models import Authorship, Document, Footnote, Person, Problem
from catalog.roles import create_librarian

PASSWORD = "a-long-test-password-7"
TEXT = "First paragraph. It ends here.\n\nSecond one. The marked sentence. After it."


@pytest.fixture
def client(archive_db) -> Client:
    client = Client()
    client.force_login(create_librarian("ann", PASSWORD))
    return client


@pytest.fixture
def document(make_document):
    """``document(footnotes=…, authors=…, problems=…)``: a document with that many of each."""

    def make(footnotes: int, authors: int = 1, problems: int = 0) -> int:
        pk = make_document(title=f"{footnotes} notes, {authors} authors", footnotes=footnotes)
        with acting_as("test:setup"):
            Document.objects.filter(pk=pk).update(text=TEXT)
            Footnote.objects.filter(document_id=pk).update(anchor_paragraph=2, anchor_offset=32)
            for position in range(2, authors + 1):
                person = Person.objects.create(
                    name=f"Author {pk}-{position}", name_key=f"author {pk}-{position}"
                )
                Authorship.objects.create(document_id=pk, person=person, position=position)
            for line in range(problems):
                Problem.objects.create(
                    document_id=pk, stage="notes", field=("footnotes", "published", None)[line % 3],
                    line=line, raw=f"[{line}]", reason=f"problem {line}",
                )
        return pk

    return make


def url(pk: int) -> str:
    return f"/admin/catalog/document/{pk}/change/"


def captured(client: Client, pk: int) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url(pk))
    assert page.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_queries_do_not_grow_with_footnotes_authors_or_problems(client: Client, document) -> None:
    small = document(footnotes=5)
    large = document(footnotes=40, authors=4, problems=6)
    captured(client, small)  # warm the session and permission caches alike
    assert len(captured(client, small)) == len(captured(client, large))


def test_related_records_come_with_their_rows(client: Client, document) -> None:
    """People and organisations shown in autocompletes are not queried one by one."""
    queries = captured(client, document(footnotes=3, authors=4))
    alone = [sql for sql in queries if re.search(r'FROM "(person|organization)"', sql)]
    assert alone == []


def test_footnote_rows_show_anchor_version_and_link(client: Client, document) -> None:
    pk = document(footnotes=2)
    html = client.get(url(pk)).content.decode()
    footnote = Footnote.objects.filter(document_id=pk).order_by("number").first()
    assert "The marked sentence. ▲" in html
    assert f'href="/admin/catalog/footnote/{footnote.pk}/change/" class="inlinechangelink"' in html
    assert 'id="footnotes-1"' in html and 'name="footnotes-1-text"' in html
    assert "<p>v2</p>" in html  # the anchor update above made version 2


class _Tokens(HTMLParser):
    """A page as tags, attributes and text, with insignificant whitespace left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        normalized = tuple(
            (name, " ".join((value or "").split()) if name == "class" else value)
            for name, value in attrs
            if name != "value" or tag != "input" or ("name", "csrfmiddlewaretoken") not in attrs
        )
        self.tokens.append(("<", tag, normalized))

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append((">", tag))

    def handle_data(self, data: str) -> None:
        if text := " ".join(data.split()):
            self.tokens.append(("text", text))


def _normalized(html: str) -> list[tuple]:
    parser = _Tokens()
    parser.feed(html)
    return parser.tokens


def _as_django_renders(client: Client, method: str, path: str, data: dict | None = None) -> str:
    """The page with Django's own inline template and widget templates."""
    with (
        mock.patch.object(VersionedForm, "default_renderer", get_default_renderer()),
        mock.patch.object(FootnoteInline, "template", "admin/edit_inline/tabular.html"),
        mock.patch.object(AuthorshipInline, "template", "admin/edit_inline/tabular.html"),
        mock.patch.object(ProblemInline, "template", "admin/edit_inline/tabular.html"),
        mock.patch.object(LeanInlineAdminFormSet, "media", property(
            lambda self: super(LeanInlineAdminFormSet, self).media
        )),
    ):
        return getattr(client, method)(path, data).content.decode()


def test_lean_rendering_writes_the_same_page_as_django(client: Client, document) -> None:
    """Rows written in Python and Django's ``tabular.html`` give the same page."""
    pk = document(footnotes=4, authors=2, problems=3)
    with acting_as("test:setup"):
        Footnote.objects.filter(document_id=pk, number=2).update(status="withdrawn")
    lean = client.get(url(pk)).content.decode()
    assert _normalized(lean) == _normalized(_as_django_renders(client, "get", url(pk)))


def test_lean_rendering_of_errors_is_the_same(client: Client, document, make_document) -> None:
    """A refused save (a stale footnote, a blank note) shows the same errors both ways."""
    pk = document(footnotes=3)
    page = client.get(url(pk)).content.decode()
    data: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page):
        data.setdefault(name, []).append(value)
    for name, value in re.findall(r'<(?:input type="(?:text|number)"|select) name="([^"]+)"'
                                  r'(?: value="([^"]*)")?', page):
        data.setdefault(name, []).append(value)
    for number in range(3):
        data[f"footnotes-{number}-text"] = [f"Note {number + 1}, corrected."]
    data["footnotes-1-text"] = [""]
    data["footnotes-2-version"] = ["0"]  # read before someone else's save
    data.update(title=["A title"], text=[TEXT], kind=["article"], language=["en"],
                status=["draft"])
    lean = client.post(url(pk), data)
    assert lean.status_code == 200
    html = lean.content.decode()
    assert 'class="row-form-errors"' in html and "errorlist" in html
    assert _normalized(html) == _normalized(_as_django_renders(client, "post", url(pk), data))
