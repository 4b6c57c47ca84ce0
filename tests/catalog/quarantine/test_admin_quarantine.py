"""The quarantine in the admin: read-only list, detail and download of the kept bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.test import Client

from archive.ingest.quarantine import Refusal, quarantine
from catalog.models import QuarantinedFile
from catalog.roles import VIEWER, create_librarian

PASSWORD = "a-long-test-password-7"


@pytest.fixture(autouse=True)
def _plain_static_storage(settings) -> None:
    """Admin pages without ``collectstatic``: the plain static storage."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def refused(archive_db, sessions) -> QuarantinedFile:
    QuarantinedFile.objects.all().delete()
    quarantine(
        sessions,
        Refusal(
            Path("/in/batch/broken.html"), "ab" * 32, 11, "html", "no body text", b"<html></ht"
        ),
    )
    quarantine(
        sessions,
        Refusal(Path("/in/batch/huge.pdf"), "cd" * 32, 2**31, "pdf", "file is over the limit"),
    )
    yield QuarantinedFile.objects.get(filename="broken.html")
    QuarantinedFile.objects.all().delete()


def _client(role: str | None = None) -> Client:
    user = (
        create_librarian("ann", PASSWORD, role=role) if role else create_librarian("ann", PASSWORD)
    )
    client = Client()
    client.force_login(user)
    return client


def test_list_shows_name_reason_size_format(refused) -> None:
    """The changelist lists every refused file with its reason, size and format."""
    page = _client().get("/admin/catalog/quarantinedfile/").content.decode()
    assert "broken.html" in page and "no body text" in page and "huge.pdf" in page
    assert "2.0\xa0GB" in page and "pdf" in page


def test_detail_is_read_only_and_links_the_bytes(refused) -> None:
    """The detail page has no save button, and a download link when the bytes were kept."""
    client = _client(VIEWER)
    page = client.get(f"/admin/catalog/quarantinedfile/{refused.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    assert f"/admin/catalog/quarantinedfile/{refused.pk}/download/" in page
    huge = QuarantinedFile.objects.get(filename="huge.pdf")
    other = client.get(f"/admin/catalog/quarantinedfile/{huge.pk}/change/").content.decode()
    assert "not kept" in other


def test_download_returns_the_bytes_as_an_attachment(refused) -> None:
    """The kept bytes come back exactly, never rendered inline."""
    response = _client().get(f"/admin/catalog/quarantinedfile/{refused.pk}/download/")
    assert response.status_code == 200
    assert response.content == b"<html></ht"
    assert response["Content-Disposition"].startswith("attachment;")


def test_nobody_adds_or_changes(refused) -> None:
    """Add and change are refused even to a librarian: ingest alone writes the quarantine."""
    client = _client()
    assert client.get("/admin/catalog/quarantinedfile/add/").status_code == 403
    url = f"/admin/catalog/quarantinedfile/{refused.pk}/change/"
    client.post(url, {"reason": "edited"})
    assert QuarantinedFile.objects.get(pk=refused.pk).reason == "no body text"


def test_anonymous_cannot_download(refused) -> None:
    """The download is behind the admin login."""
    response = Client().get(f"/admin/catalog/quarantinedfile/{refused.pk}/download/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.fixture
def inline_queue():
    """The queue runs each task at once, in this process (the workers are tested elsewhere)."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield
    HUEY.immediate = False


def _act(client: Client, action: str, ids: list[int]):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    return client.post(
        "/admin/catalog/quarantinedfile/", {"action": action, ACTION_CHECKBOX_NAME: ids}
    )


def test_read_again_queues_the_kept_bytes_and_forgets_a_file_now_read(
    refused, inline_queue
) -> None:
    """After a fix the file is read again; read whole, it leaves the quarantine."""
    from catalog.models import Document, IngestJob

    text = b"A Readable Title\n\nBy Ada Example\n\nMarch 3, 2021\n\nThe body, readable now.\n"
    # The bytes a reader refused before a fix (the entry names them by their sha256).
    sha256 = hashlib.sha256(text).hexdigest()
    QuarantinedFile.objects.filter(pk=refused.pk).update(
        content=text, filename="fixed.txt", sha256=sha256, size=len(text)
    )
    response = _act(_client(), "read_again", [refused.pk])
    assert response.status_code == 302 and "/upload/" in response["Location"]
    job = IngestJob.objects.get()
    assert (job.filename, job.status) == ("fixed.txt", "done")
    assert Document.objects.get(pk=job.document_id).title == "A Readable Title"
    assert not QuarantinedFile.objects.filter(pk=refused.pk).exists()


def test_read_again_says_when_the_bytes_were_not_kept(refused, inline_queue) -> None:
    """A file refused unread (over the size limit) cannot be read again from here."""
    huge = QuarantinedFile.objects.get(filename="huge.pdf")
    response = _act(_client(), "read_again", [huge.pk])
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        "1 file cannot be read again: its bytes were not kept (over the size limit); "
        "ingest it from where it is."
    ]


def test_dismiss_forgets_entries_for_librarians_only(refused) -> None:
    """Dismiss removes the log entries; a viewer has no such action."""
    assert _act(_client(VIEWER), "dismiss", [refused.pk]).status_code == 200
    assert QuarantinedFile.objects.filter(pk=refused.pk).exists()
    from django.contrib.auth.models import User

    User.objects.all().delete()
    _act(_client(), "dismiss", [refused.pk])
    assert not QuarantinedFile.objects.filter(pk=refused.pk).exists()
