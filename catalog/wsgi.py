"""WSGI entry point (``gunicorn catalog.wsgi``)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalog.settings")
application = get_wsgi_application()

# Refuse to start without the static files manifest rather than answer 500 to
# every request (run `manage.py collectstatic`), or on a key that dies with the
# process (run `make secret-key`); see catalog/checks.py.
from catalog.checks import (  # noqa: E402 - needs the settings loaded
    require_lasting_secret_key,
    require_static_manifest,
)

require_static_manifest()
require_lasting_secret_key()

# Everything loaded so far (modules, settings, URL patterns, models) lives as
# long as the process: move it out of the collector's sight, so a full
# collection during a request walks only that request's objects.  Measured on
# the admin change form of a document with 80 notes: the slowest requests'
# collector pauses went from 70-195 ms to about 35 ms.
gc.collect()
gc.freeze()
