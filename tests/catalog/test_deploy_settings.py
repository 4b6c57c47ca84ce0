"""Production settings pass Django's deployment checklist."""

from __future__ import annotations

import os
import subprocess
import sys

from archive.config import PROJECT_ROOT


def check_deploy(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def collectstatic(data_dir) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=PROJECT_ROOT, env={**environment, "ARCHIVE_DATA_DIR": str(data_dir)},
        check=True, timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path) -> None:
    """HTTPS, a real secret key, a host name and the collected static files: no warning."""
    collectstatic(tmp_path)
    result = check_deploy(
        DJANGO_SECURE="1",
        DJANGO_SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-0123456789",
        DJANGO_ALLOWED_HOSTS="archive.example.org",
        ARCHIVE_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_a_development_setup(tmp_path) -> None:
    """Without HTTPS settings the checklist complains (the check above is not vacuous)."""
    result = check_deploy(DJANGO_DEBUG="1", ARCHIVE_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS


def test_without_collectstatic_the_server_does_not_start(tmp_path) -> None:
    """No manifest: check --deploy names collectstatic, and the WSGI app refuses to load
    (instead of answering 500 to every request)."""
    result = check_deploy(
        DJANGO_SECURE="1",
        DJANGO_SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-0123456789",
        DJANGO_ALLOWED_HOSTS="archive.example.org",
        ARCHIVE_DATA_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "catalog.E001" in result.stdout + result.stderr
    assert "collectstatic" in result.stdout + result.stderr
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    started = subprocess.run(
        [sys.executable, "-c", "import catalog.wsgi"],
        cwd=PROJECT_ROOT, env={**environment, "ARCHIVE_DATA_DIR": str(tmp_path)},
        capture_output=True, text=True, timeout=120,
    )
    assert started.returncode != 0
    assert "Run `python manage.py collectstatic` first" in started.stderr
    collectstatic(tmp_path)
    (tmp_path / "secret_key").write_text("a-lasting-key-" + "k" * 50)
    started = subprocess.run(
        [sys.executable, "-c", "import catalog.wsgi"],
        cwd=PROJECT_ROOT, env={**environment, "ARCHIVE_DATA_DIR": str(tmp_path)},
        capture_output=True, text=True, timeout=120,
    )
    assert started.returncode == 0, started.stderr


def test_settings_write_nothing_and_the_server_needs_a_lasting_key(tmp_path) -> None:
    """Importing the settings creates no folder and no key file; without a key the
    commands run on a throw-away one, `check --deploy` names it, and the WSGI app
    refuses it. `make secret-key`'s file (or DJANGO_SECRET_KEY) is then used as is."""
    data_dir = tmp_path / "fresh-clone-data"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment["ARCHIVE_DATA_DIR"] = str(data_dir)
    imported = subprocess.run(
        [sys.executable, "-c",
         "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'catalog.settings'; "
         "django.setup(); from django.conf import settings; "
         "print(settings.SECRET_KEY_IS_TEMPORARY)"],
        cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "True"
    assert not data_dir.exists()

    result = check_deploy(
        DJANGO_SECURE="1", DJANGO_ALLOWED_HOSTS="archive.example.org",
        ARCHIVE_DATA_DIR=str(data_dir),
    )
    assert result.returncode != 0
    assert "catalog.E002" in result.stdout + result.stderr

    collectstatic(data_dir)
    started = subprocess.run(
        [sys.executable, "-c", "import catalog.wsgi"],
        cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )
    assert started.returncode != 0
    assert "make secret-key" in started.stderr

    key = "a-lasting-key-" + "k" * 50
    (data_dir / "secret_key").write_text(key + "\n")
    read = subprocess.run(
        [sys.executable, "-c",
         "import catalog.wsgi; from django.conf import settings; "
         "print(settings.SECRET_KEY, settings.SECRET_KEY_IS_TEMPORARY)"],
        cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )
    assert read.returncode == 0, read.stderr
    assert read.stdout.split() == [key, "False"]
