"""Production serving: gunicorn runs ``catalog.wsgi``; whitenoise serves hashed, gzipped files."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from archive.config import PROJECT_ROOT
from catalog.sa import url_for


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    """The test database, as a ``DATABASE_URL`` the server process reads."""
    url = url_for()
    if url.drivername == "sqlite":
        return f"sqlite:///{url.database}"
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - 127.0.0.1
        return response.status, dict(response.headers), response.read()


@pytest.fixture
def server(archive_db: None, tmp_path: Path) -> Iterator[str]:
    """``gunicorn catalog.wsgi`` with 2 workers on a free port, static files collected."""
    env = os.environ | {
        "ARCHIVE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": _database_url(),
        "DJANGO_SECRET_KEY": "gunicorn-test-secret-key-" + "x" * 40,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    manage = [sys.executable, str(PROJECT_ROOT / "manage.py")]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "catalog.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--chdir",
            str(PROJECT_ROOT),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                _get(f"{base}/healthz")
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(process.stdout.read().decode()) from None  # type: ignore[union-attr]
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_gunicorn_serves_the_catalog_and_static_files(
    create: Callable[..., int], server: str
) -> None:
    """The catalog page comes from gunicorn; its stylesheet has a hashed name and a gzip copy."""
    create("Served by gunicorn")
    status, _, body = _get(f"{server}/")
    html = body.decode()
    assert status == 200 and "Served by gunicorn" in html
    stylesheet = re.search(r'href="(/static/catalog/catalog\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "the stylesheet is served under its hashed name"
    status, headers, css = _get(server + stylesheet.group(1), **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert "immutable" in headers.get("Cache-Control", "")
