"""System checks of the catalog: what would otherwise fail on every request.

Outside DEBUG the static files are served by name from the manifest that
``collectstatic`` writes (``CompressedManifestStaticFilesStorage``).  Without
it every page that names a static file answered 500 ("Missing staticfiles
manifest entry").  :func:`static_manifest` is a deployment check
(``manage.py check --deploy``), and :func:`require_static_manifest` stops the
web server at start-up with the same message (``catalog/wsgi.py``).  It is not
an always-on check: ``migrate`` and ``collectstatic`` itself run the checks,
and must work before the manifest exists.
"""

from __future__ import annotations

from typing import Any

from django.conf import STATICFILES_STORAGE_ALIAS, settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

__all__ = ["require_static_manifest", "static_manifest"]


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
