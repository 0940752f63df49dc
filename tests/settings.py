"""Settings for the Python unit tests (the live and browser tests run the example site instead)."""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "tests-only-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
USE_TZ = True
TIME_ZONE = "UTC"

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
    "django_dlwidget.compat.bgfiles",
    "tests.testapp",
    "tests.forms.apps.FormsTestConfig",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_dlwidget.middleware.CurrentRequestMiddleware",
]
ROOT_URLCONF = "tests.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
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

# DLW_TEST_DATABASE_URL (set by the PostgreSQL fixture) switches the suite to a real server.
_pg = os.environ.get("DLW_TEST_PG_PORT")
DATABASES = {
    "default": (
        {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "dlwidget",
            "USER": "postgres",
            "HOST": "127.0.0.1",
            "PORT": _pg,
        }
        if _pg
        else {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    )
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
try:
    import django.tasks  # noqa: F401
except ImportError:  # Django 5.2 with the backport
    INSTALLED_APPS.append("django_tasks")
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

SILENCED_SYSTEM_CHECKS = ["django_dlwidget.W001"]
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / ".media"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "/accounts/login/"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Django 6.1's mail configuration (older versions ignore it; the test runner makes it locmem).
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
