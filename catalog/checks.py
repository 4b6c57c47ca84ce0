"""System checks of the catalog: what would otherwise fail on every request.

Outside DEBUG the static files are served by name from the manifest that
``collectstatic`` writes (``CompressedManifestStaticFilesStorage``).  Without
it every page that names a static file answered 500 ("Missing staticfiles
manifest entry").  :func:`static_manifest` is a deployment check
(``manage.py check --deploy``), and :func:`require_static_manifest` stops the
web server at start-up with the same message (``catalog/wsgi.py``).  It is not
an always-on check: ``migrate`` and ``collectstatic`` itself run the checks,
and must work before the manifest exists.

The same holds for the secret key: without ``DJANGO_SECRET_KEY`` or the
machine's key file, the settings use a throw-away key (importing them writes
nothing).  Commands and tests may; a server may not, since its sessions and
CSRF tokens would die with the process and two workers would not agree
(:func:`lasting_secret_key`, :func:`require_lasting_secret_key`).
"""

from __future__ import annotations

from typing import Any

from django.conf import STATICFILES_STORAGE_ALIAS, settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

__all__ = [
    "lasting_secret_key",
    "require_lasting_secret_key",
    "require_static_manifest",
    "static_manifest",
]


def _missing_manifest() -> str | None:
    storage = storages[STATICFILES_STORAGE_ALIAS]
    if settings.DEBUG or not isinstance(storage, ManifestFilesMixin):
        return None
    if storage.manifest_storage.exists(storage.manifest_name):
        return None
    return (
        f"no static files manifest in {settings.STATIC_ROOT}: every page would fail "
        "(Missing staticfiles manifest entry). Run `python manage.py collectstatic` first."
    )


@checks.register(checks.Tags.staticfiles, deploy=True)
def static_manifest(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    message = _missing_manifest()
    return [checks.Error(message, id="catalog.E001")] if message else []


def require_static_manifest() -> None:
    """Raise :class:`ImproperlyConfigured` when pages would fail for want of ``collectstatic``."""
    if message := _missing_manifest():
        raise ImproperlyConfigured(message)


def _temporary_secret_key() -> str | None:
    if not getattr(settings, "SECRET_KEY_IS_TEMPORARY", False):
        return None
    return (
        f"no secret key: set DJANGO_SECRET_KEY or write one into {settings.SECRET_KEY_FILE} "
        "(`make secret-key`); a key made up for this process would log everyone out "
        "at each restart and differ between workers."
    )


@checks.register(checks.Tags.security, deploy=True)
def lasting_secret_key(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    message = _temporary_secret_key()
    return [checks.Error(message, id="catalog.E002")] if message else []


def require_lasting_secret_key() -> None:
    """Raise :class:`ImproperlyConfigured` when the server would run on a throw-away key."""
    if message := _temporary_secret_key():
        raise ImproperlyConfigured(message)
