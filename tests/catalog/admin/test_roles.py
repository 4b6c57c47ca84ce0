"""Roles (librarian, viewer), the account commands, and throttled staff logins."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.test import Client

from archive.config import PROJECT_ROOT
from catalog.roles import ensure_roles


@pytest.mark.django_db
def test_setup_roles_is_idempotent() -> None:
    """Running setup_roles twice gives the same two groups with the same permissions."""
    call_command("setup_roles", stdout=io.StringIO())
    first = {
        group.name: set(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    }
    counts = ensure_roles()
    assert set(first) == {"librarian", "viewer"}
    assert counts == {name: len(perms) for name, perms in first.items()}
    librarian, viewer = first["librarian"], first["viewer"]
    assert {"change_document", "add_footnote", "publish_document", "view_history"} <= librarian
    assert not any(code.startswith("delete_") for code in librarian)
    assert not {"change_user", "add_user", "change_group"} & librarian
    assert "change_history" not in librarian and "change_sourcefile" not in librarian
    assert viewer == {code for code in librarian if code.startswith("view_")}


@pytest.mark.django_db
def test_create_librarian_command(monkeypatch) -> None:
    """create_librarian makes a staff account in the librarian group, not a superuser."""
    monkeypatch.setenv("ARCHIVE_LIBRARIAN_PASSWORD", "a-long-test-password-7")
    call_command("create_librarian", "lin", "--no-input", stdout=io.StringIO())
    user = User.objects.get(username="lin")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["librarian"]
    assert user.has_perm("catalog.publish_document")


@pytest.mark.django_db
def test_create_librarian_refuses_weak_passwords(monkeypatch) -> None:
    """The password validators apply to librarian accounts."""
    monkeypatch.setenv("ARCHIVE_LIBRARIAN_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("create_librarian", "lin", "--no-input")
    assert not User.objects.filter(username="lin").exists()


def test_librarian_cannot_manage_users(librarian_client: Client) -> None:
    """A librarian has no access to users and groups."""
    assert librarian_client.get("/admin/auth/user/").status_code == 403
    assert librarian_client.get("/admin/auth/group/").status_code == 403


def test_viewer_can_read_but_not_change(make_document, viewer, edit_form) -> None:
    """A viewer opens the change form read-only; a forged POST changes nothing."""
    pk = make_document()
    client = Client()
    client.force_login(viewer)
    url = f"/admin/catalog/document/{pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    assert client.post(url, {"title": "Hacked"}).status_code == 403


def test_staff_login_is_throttled(librarian) -> None:
    """After five wrong passwords the account is locked out, even with the right password."""
    client = Client()
    for _ in range(5):
        response = client.post(
            "/admin/login/", {"username": "ann", "password": "wrong-guess"}, REMOTE_ADDR="10.0.0.9"
        )
        assert response.status_code in (200, 429)
    locked = client.post(
        "/admin/login/",
        {"username": "ann", "password": "a-long-test-password-7"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def _manage(engine, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    url = engine.url
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql")
    environment = {**os.environ, "DATABASE_URL": url.render_as_string(hide_password=False), **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT_ROOT, env=environment,
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120,
    )


def test_create_librarian_errors_are_one_clear_line(engine) -> None:
    """An existing name, or no terminal to ask for a password: a message, no traceback."""
    password = {"ARCHIVE_LIBRARIAN_PASSWORD": "a long and careful passphrase"}
    first = _manage(engine, "create_librarian", "lin", "--no-input", **password)
    assert first.returncode == 0, first.stderr
    again = _manage(engine, "create_librarian", "lin", "--no-input", **password)
    assert again.returncode == 1
    assert again.stderr.strip() == (
        "CommandError: a user named 'lin' already exists: choose another name"
    )
    no_terminal = _manage(engine, "create_librarian", "ann")
    assert no_terminal.returncode == 1
    assert "Traceback" not in no_terminal.stderr and "EOFError" not in no_terminal.stderr
    assert "no password given (no terminal to ask on)" in no_terminal.stderr
    assert list(User.objects.values_list("username", flat=True)) == ["lin"]
