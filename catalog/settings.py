"""Django settings, read from the environment through typed helpers.

| variable | default | meaning |
| --- | --- | --- |
| ``DATABASE_URL`` | SQLite file under ``data/`` | ``postgresql://user@host/db`` for a server |
| ``DJANGO_SECRET_KEY`` | ``data/secret_key`` (``make secret-key``) | required in production |
| ``DJANGO_DEBUG`` | off | ``1`` for development only |
| ``DJANGO_ALLOWED_HOSTS`` | ``127.0.0.1,localhost`` | comma-separated |
| ``DJANGO_SECURE`` | off | ``1`` behind HTTPS: secure cookies, HSTS, SSL redirect |
| ``ARCHIVE_DATA_DIR`` | ``data/`` | database, secret key, collected static files |
| ``ARCHIVE_OAI_REPOSITORY_IDENTIFIER`` | first domain in ``ALLOWED_HOSTS`` | ``oai:<this>:<id>`` |
| ``ARCHIVE_OAI_REPOSITORY_NAME`` | ``Archive catalog`` | ``Identify``'s repositoryName |
| ``ARCHIVE_OAI_ADMIN_EMAIL`` | ``archive@<identifier>`` | ``Identify``'s adminEmail(s) |
| ``ARCHIVE_OAI_RIGHTS`` | a neutral statement | ``dc:rights``, MODS ``accessCondition`` |
| ``ARCHIVE_OAI_RECORDS_PER_PAGE`` | 50 | ``ListRecords`` page size (``ListIdentifiers``: 5×) |
| ``ARCHIVE_OAI_TOKEN_HOURS`` | 24 | how long a resumption token is accepted |
| ``ARCHIVE_QUEUE_URL`` | ``data/queue.sqlite3`` | ingest queue; ``redis://host:6379/0`` (server) |
| ``ARCHIVE_INGEST_LEASE_SECONDS`` | 900 | a file whose worker stopped is read again after this |
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from huey import Huey, RedisHuey, SqliteHuey

from archive.config import PROJECT_ROOT, data_dir, database_url, env_bool, env_int, env_list
from archive.oai.identifiers import check_repository_identifier, derive_repository_identifier
from catalog.queue_storage import SqliteStorageMadeOnFirstUse

BASE_DIR = PROJECT_ROOT
# Importing the settings writes nothing: the data folder is made by the
# commands that write into it (``migrate`` for the SQLite file, ``collectstatic``,
# ``make secret-key``), so a read-only checkout can still run ``check`` or a test.
DATA_DIR = data_dir()
SECRET_KEY_FILE = DATA_DIR / "secret_key"


def _secret_key() -> tuple[str, bool]:
    """The key and whether it is temporary (lives only as long as this process).

    The environment wins, then the machine's key file (``make secret-key``).
    Without either, management commands and tests get a throw-away key; the web
    server refuses it (``catalog/wsgi.py``), since sessions signed with it would
    not survive a restart and two workers would not share it.
    """
    if key := os.environ.get("DJANGO_SECRET_KEY"):
        return key, False
    try:
        return SECRET_KEY_FILE.read_text().strip(), False
    except FileNotFoundError:
        return secrets.token_urlsafe(64), True


def _database() -> dict[str, object]:
    config = dj_database_url.parse(database_url(), conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        name = Path(str(config["NAME"]))
        # BEGIN IMMEDIATE, a busy timeout and WAL: two writers wait for each
        # other instead of failing with "database is locked" (see archive/db.py).
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        # A file, never ":memory:": the SQLAlchemy engine opens the same test
        # database through its own connection.
        config["TEST"] = {"NAME": str(name.with_name(f"test_{name.stem}.sqlite3"))}
        config["CONN_MAX_AGE"] = 0
    return config


SECRET_KEY, SECRET_KEY_IS_TEMPORARY = _secret_key()
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    # First, so that its ``migrate`` (Django's, then Alembic's) wins.
    "catalog",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "django.contrib.sitemaps",
    "axes",
    # The background ingest's task queue (catalog/tasks.py; worker: manage.py run_huey).
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "catalog.middleware.AttributionMiddleware",
    "catalog.middleware.RevalidateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

# Staff logins are throttled against password guessing (django-axes): after
# AXES_FAILURE_LIMIT failures for one user name from one address, that pair
# is locked out for AXES_COOLOFF_TIME; a successful login resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

ROOT_URLCONF = "catalog.urls"
WSGI_APPLICATION = "catalog.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Production hardening, switched on behind HTTPS (``manage.py check --deploy``).
SECURE = env_bool("DJANGO_SECURE", False)
SECURE_SSL_REDIRECT = SECURE
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = 31_536_000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles, fonts and images from this
# site only, never inline (no template has an inline script or style; JSON-LD is
# data, not run), no plugins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
SESSION_COOKIE_HTTPONLY = True

# The OAI-PMH provider (catalog.oai, /oai).  The repository identifier is part of every
# OAI identifier a harvester stores: derive it once, then set it and never change it.
OAI_REPOSITORY_IDENTIFIER = check_repository_identifier(
    os.environ.get("ARCHIVE_OAI_REPOSITORY_IDENTIFIER")
    or derive_repository_identifier(ALLOWED_HOSTS)
)
OAI_REPOSITORY_NAME = os.environ.get("ARCHIVE_OAI_REPOSITORY_NAME") or "Archive catalog"
OAI_ADMIN_EMAILS = env_list("ARCHIVE_OAI_ADMIN_EMAIL", [f"archive@{OAI_REPOSITORY_IDENTIFIER}"])
OAI_RIGHTS = os.environ.get(
    "ARCHIVE_OAI_RIGHTS",
    "Rights in this document remain with its authors and publisher; "
    "the archive reproduces it as published.",
)
# 50 records a page: a page's cost grows with its records (each built whole, its notes
# included), not with the catalog; measured at 10,000 documents, 100 a page put the
# p95 of a page near 50 ms on PostgreSQL (bench/benchmarks/oai.py).
OAI_RECORDS_PER_PAGE = env_int("ARCHIVE_OAI_RECORDS_PER_PAGE", 50)
OAI_TOKEN_HOURS = env_int("ARCHIVE_OAI_TOKEN_HOURS", 24)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}


def _task_queue(url: str) -> Huey:
    """Huey on Redis for a server (``redis://…``: workers on any machine share it), else on a
    SQLite file: embedded, nothing to install or run besides ``manage.py run_huey``."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey("archive", url=url)
    path = url.removeprefix("sqlite:///") if url else str(DATA_DIR / "queue.sqlite3")
    return SqliteHuey("archive", filename=path, storage_class=SqliteStorageMadeOnFirstUse)


HUEY = _task_queue(os.environ.get("ARCHIVE_QUEUE_URL", ""))
INGEST_LEASE_SECONDS = env_int("ARCHIVE_INGEST_LEASE_SECONDS", 900)
