"""The demo site, on the embedded defaults: SQLite, in-memory channel layer, in-process worker.

Paths and a few knobs come from the environment so the test harness can run it on a throwaway
database: DEMO_DB, DEMO_MEDIA, DEMO_DEBUG, DEMO_MODE, DEMO_ARCHIVE, DEMO_SENDFILE. DEMO_PG_PORT
switches the database to PostgreSQL on 127.0.0.1 at that port (user ``postgres``, database
DEMO_PG_NAME or ``dlwidget``; DEMO_PG_POOL=1 through psycopg's connection pool). DEMO_TASKS=db
puts the tasks in the database (django-tasks-db): views only enqueue, a separate ``manage.py
db_worker`` process runs them, and the cache is a file cache both processes share. DEMO_BGFILES=1
installs the dj-bgfiles drop-in (``django_dlwidget.compat.bgfiles``) with a report at
``/bgfiles/export/`` that ``manage.py bgfiles process`` makes, sharing that file cache too. The
production recipe of docs/deployment.md (tests/harness/stack.py, ``make stack``) adds
DEMO_STORAGES, DEMO_CELERY_BROKER, DEMO_STATIC_ROOT and DEMO_HOSTS (see the end of this file).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / "var"
DATA_DIR.mkdir(exist_ok=True)

SECRET_KEY = os.environ.get("DEMO_SECRET_KEY", "demo-only-not-secret-" + "x" * 32)
DEBUG = os.environ.get("DEMO_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", *os.environ.get("DEMO_HOSTS", "").split()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "webpack_loader",
    "django_dlwidget",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Lets upload fields check that a token belongs to the request's user.
    "django_dlwidget.middleware.CurrentRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "demo.urls"
ASGI_APPLICATION = "demo.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The demo's own templates first: its django_dlwidget/page_base.html puts the app's
        # "all downloads" page into the demo's layout.
        "DIRS": [Path(__file__).resolve().parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

_pg_port = os.environ.get("DEMO_PG_PORT")
_pg_pool = os.environ.get("DEMO_PG_POOL") == "1"
DATABASES = {
    "default": (
        {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("DEMO_PG_NAME", "dlwidget"),
            "USER": "postgres",
            "HOST": "127.0.0.1",
            "PORT": _pg_port,
            # DEMO_PG_POOL=1: psycopg's connection pool (`psycopg[pool]`), what an ASGI site on
            # PostgreSQL wants (each request runs in a thread of its own, so CONN_MAX_AGE keeps
            # nothing); off by default, so that the live tests count the connections requests hold.
            **({"OPTIONS": {"pool": {"min_size": 2, "max_size": 20}}} if _pg_pool else {}),
        }
        if _pg_port
        else {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("DEMO_DB", str(DATA_DIR / "db.sqlite3")),
            # Several threads and processes share the file: wait for locks, and use WAL so readers
            # never block the writer (and a commit needs no fsync until the next checkpoint).
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            },
        }
    )
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
TASKS = {"default": {"BACKEND": "django_dlwidget.task_backends.ThreadPoolBackend"}}
if os.environ.get("DEMO_TASKS") == "db":  # the durable backend: `pip install django-dlwidget[db]`
    INSTALLED_APPS.append("django_tasks_db")
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if os.environ.get("DEMO_BGFILES") == "1":  # the dj-bgfiles drop-in, /bgfiles/export/
    INSTALLED_APPS.append("django_dlwidget.compat.bgfiles")
if os.environ.get("DEMO_TASKS") == "db" or os.environ.get("DEMO_BGFILES") == "1":
    # A worker (db_worker, `bgfiles process`) is another process: the list versions go in a
    # cache both processes share.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(Path(os.environ.get("DEMO_DB", DATA_DIR / "db")).parent / "cache"),
        }
    }

DLWIDGET: dict[str, Any] = {
    "MODE": os.environ.get("DEMO_MODE", "auto"),
    # A class added to the toggle button, to show (and test) per-role class overrides.
    "CSS_CLASSES": {"toggle": "demo-centre-toggle"},
}
# DEMO_CSS=bootstrap: the Bootstrap 5 class map (docs/styling.md), for the /bootstrap/ page.
if os.environ.get("DEMO_CSS") == "bootstrap":
    from .bootstrap import BOOTSTRAP_CLASSES

    DLWIDGET["CSS_CLASSES"] = BOOTSTRAP_CLASSES
# DEMO_UPLOAD_STORE: DLWIDGET["UPLOAD_STORE"] as JSON (the S3 store's live tests run two servers
# on one S3 server with no shared folder); DEMO_UPLOAD_CHUNK_SIZE: bytes per PATCH of the widget.
if os.environ.get("DEMO_UPLOAD_STORE"):
    DLWIDGET["UPLOAD_STORE"] = json.loads(os.environ["DEMO_UPLOAD_STORE"])
if os.environ.get("DEMO_UPLOAD_CHUNK_SIZE"):
    DLWIDGET["UPLOAD_CHUNK_SIZE"] = int(os.environ["DEMO_UPLOAD_CHUNK_SIZE"])
# DEMO_WS_MAX_SOCKETS, DEMO_MAX_ACTIVE_DOWNLOADS: small caps for the live limit tests.
if os.environ.get("DEMO_WS_MAX_SOCKETS"):
    DLWIDGET["WS_MAX_SOCKETS_PER_USER"] = int(os.environ["DEMO_WS_MAX_SOCKETS"])
if os.environ.get("DEMO_MAX_ACTIVE_DOWNLOADS"):
    DLWIDGET["MAX_ACTIVE_DOWNLOADS"] = int(os.environ["DEMO_MAX_ACTIVE_DOWNLOADS"])
# DEMO_DLWIDGET: more DLWIDGET keys as JSON (the live tests tighten the upload limits).
if os.environ.get("DEMO_DLWIDGET"):
    DLWIDGET.update(json.loads(os.environ["DEMO_DLWIDGET"]))
# DEMO_ARCHIVE: a second file storage, STORAGES["archive"] in that folder, whose files the
# /stored/<storage>/<name> view serves; DEMO_SENDFILE=nginx: nginx in front sends the files of both
# storages (tests/serving/test_live_nginx.py), each from its own internal location.
DEMO_ARCHIVE = os.environ.get("DEMO_ARCHIVE")
if DEMO_ARCHIVE:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "archive": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": DEMO_ARCHIVE},
        },
    }
if os.environ.get("DEMO_SENDFILE") == "nginx":
    DLWIDGET["SENDFILE"] = "nginx"
    DLWIDGET["SENDFILE_RULES"] = [
        {"STORAGE": "default", "NGINX_PREFIX": "/media-internal/"},
        {"STORAGE": "archive", "NGINX_PREFIX": "/archive-internal/"},
    ]
# Sizes and durations of the demo's exports (the browser tests shrink them).
DEMO_EXPORTS = {
    "QUICK_ROWS": int(os.environ.get("DEMO_QUICK_ROWS", "2000")),
    "SLOW_SECONDS": float(os.environ.get("DEMO_SLOW_SECONDS", "20")),
    "LARGE_BYTES": int(os.environ.get("DEMO_LARGE_MB", "300")) * 1024 * 1024,
}
AUTH_PASSWORD_VALIDATORS: list[dict[str, str]] = []
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DEMO_STATIC_ROOT", str(DATA_DIR / "static")))
# Bootstrap's CSS for the /bootstrap/ page, straight from the npm package (a dev dependency; the
# page says so when it is not installed). Only the demo serves it, never the app's bundle.
BOOTSTRAP_CSS = BASE_DIR.parent / "node_modules" / "bootstrap" / "dist" / "css"
STATICFILES_DIRS = [("vendor/bootstrap", BOOTSTRAP_CSS)] if BOOTSTRAP_CSS.is_dir() else []
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DEMO_MEDIA", str(DATA_DIR / "media")))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django_dlwidget": {"handlers": ["console"], "level": "INFO"}},
}
# E-mails (e.g. DLWIDGET["NOTIFY_EMAIL"]) are printed to the console in the demo.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Several processes (the live tests, bench/websocket.py, or by hand): DEMO_REDIS_URL puts the
# channel layer and the version cache on Redis, so that every server process and worker share them.
DEMO_REDIS_URL = os.environ.get("DEMO_REDIS_URL")
if DEMO_REDIS_URL:
    _redis_layer: dict[str, Any] = {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        # Longer than the layer's 5-second blocking receive (see check django_dlwidget.W050).
        # capacity: the messages a process's inbox holds before channels_redis drops new ones
        # silently; its default, 100, is shared by all the sockets of the process (make soak).
        "CONFIG": {"hosts": [{"address": DEMO_REDIS_URL, "socket_timeout": 15}], "capacity": 1000},
    }
    CHANNEL_LAYERS = {"default": _redis_layer}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEMO_REDIS_URL,
        }
    }

# The production recipe (docs/deployment.md) for tests/harness/stack.py and `make stack`:
# DEMO_STORAGES: entries of STORAGES as JSON, over the defaults (the model fields' "default" on
# S3 with django-storages, the exports in a folder nginx serves); DEMO_CELERY_BROKER: the broker of
# demo/celery.py's app, whose worker runs the "celery" export through the job API.
if os.environ.get("DEMO_STORAGES"):
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        **(STORAGES if DEMO_ARCHIVE else {}),
        **json.loads(os.environ["DEMO_STORAGES"]),
    }
CELERY_BROKER_URL = os.environ.get("DEMO_CELERY_BROKER", "")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
