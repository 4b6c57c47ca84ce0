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


def test_check_deploy_is_clean_with_production_settings(tmp_path) -> None:
    """HTTPS, a real secret key and a host name: no warning at all."""
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
