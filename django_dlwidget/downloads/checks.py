"""System checks that relate the download settings to the rest of the project.

Where generated files are kept (E009, W003), how they are served (W002, W020, E022), whether the
ready e-mail has a site to link to (E021), and what runs the jobs: a tasks framework at all
(E060), and, under ``check --deploy``, a backend that runs them inside the web process (W060).
The values themselves are checked in ``..checks``.

``tasks_elsewhere`` tells the live checks which task backends run their jobs in another process:
what a job publishes from there must reach the web processes through a shared cache and layer.
"""

from __future__ import annotations

import contextlib
import importlib.util
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.module_loading import import_string

from ..checks import unreadable
from ..conf import get

GZIP_MIDDLEWARE = "django.middleware.gzip.GZipMiddleware"


@register(Tags.compatibility)
def check_storage_alias(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    alias = None if unreadable() else get("STORAGE")
    configured: Mapping[str, Any] = getattr(settings, "STORAGES", {})
    if not isinstance(alias, str) or alias in configured:
        return []  # a non-string is E001's or E013's
    return [
        Error(
            f"DLWIDGET['STORAGE'] is {alias!r}, which is not an alias in STORAGES.",
            hint=f"Add {alias!r} to STORAGES or point DLWIDGET['STORAGE'] at an existing alias.",
            id="django_dlwidget.E009",
        )
    ]


@register(Tags.compatibility)
def check_gzip(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if unreadable() or GZIP_MIDDLEWARE not in getattr(settings, "MIDDLEWARE", []):
        return []
    return [
        Warning(
            "GZipMiddleware would compress ranged download responses.",
            hint="Byte ranges then refer to compressed bytes and resumed downloads break; "
            "remove GZipMiddleware and compress at the web server instead.",
            id="django_dlwidget.W002",
        )
    ]


@register(Tags.compatibility)
def check_email_site(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if (
        unreadable()
        or not get("NOTIFY_EMAIL")
        or get("SITE_URL") is not None
        or apps.is_installed("django.contrib.sites")
    ):
        return []
    return [
        Error(
            "DLWIDGET['NOTIFY_EMAIL'] is on but e-mailed links have no site to point at.",
            hint="Set DLWIDGET['SITE_URL'] to the site's origin (for example "
            "'https://example.com'), or install django.contrib.sites.",
            id="django_dlwidget.E021",
        )
    ]


@register(Tags.compatibility)
def check_offload(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The ``SENDFILE`` backend against the kind of storage the files are in: the global one, or
    the one a ``SENDFILE_RULES`` entry gives every file of that storage (a rule without ``PREFIX``);
    a rule's ``XSENDFILE_ROOT`` maps names onto the web server's disk, so X-Sendfile then works."""
    if unreadable():
        return []
    alias = get("STORAGE")
    rule = _storage_rule(alias)
    sendfile = rule.get("SENDFILE") or get("SENDFILE")
    if sendfile not in ("redirect", "xsendfile"):
        return []
    if sendfile == "xsendfile" and rule.get("XSENDFILE_ROOT"):
        return []
    storage = None
    with contextlib.suppress(Exception):  # an unknown alias is E009's
        storage = storages[alias]
    if sendfile == "redirect" and isinstance(storage, FileSystemStorage):
        return [
            Warning(
                f"DLWIDGET['SENDFILE'] is 'redirect' but the {alias!r} storage is a "
                "FileSystemStorage: its URLs are public MEDIA_URL paths.",
                hint="Anyone with the URL could fetch the file without the owner check. Use "
                "'nginx' or 'xsendfile' for local files; 'redirect' is for storages with "
                "signed URLs (S3).",
                id="django_dlwidget.W020",
            )
        ]
    if sendfile == "xsendfile" and storage is not None and not _has_local_paths(storage):
        return [
            Error(
                f"DLWIDGET['SENDFILE'] is 'xsendfile' but the {alias!r} storage "
                f"({type(storage).__name__}) has no local file paths.",
                hint="X-Sendfile needs files on the web server's disk (FileSystemStorage). "
                "Use 'redirect' for remote storages, or 'django'.",
                id="django_dlwidget.E022",
            )
        ]
    return []


@register(Tags.compatibility)
def check_media_root(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A relative MEDIA_ROOT is read from each process's own working folder."""
    root = str(getattr(settings, "MEDIA_ROOT", "") or "")
    if Path(root).is_absolute() or unreadable():
        return []
    users = []
    alias = get("STORAGE")
    storage_setting = (
        getattr(settings, "STORAGES", {}).get(alias, {}) if isinstance(alias, str) else {}
    )
    backend = storage_setting.get("BACKEND", "") if isinstance(storage_setting, Mapping) else ""
    options = storage_setting.get("OPTIONS", {}) if isinstance(storage_setting, Mapping) else {}
    if backend.endswith("FileSystemStorage") and not (
        isinstance(options, Mapping) and options.get("location")
    ):
        users.append("generated files")
    dlwidget = getattr(settings, "DLWIDGET", {})
    if not (
        isinstance(dlwidget, Mapping)
        and (dlwidget.get("UPLOAD_TEMP_DIR") or dlwidget.get("UPLOAD_STORE"))
    ):
        users.append("partial uploads")
    if not users:
        return []
    return [
        Warning(
            f"MEDIA_ROOT is {root!r}, not an absolute path: {' and '.join(users)} are kept "
            "relative to the folder each process was started in, so a worker or server started "
            "elsewhere cannot find them.",
            hint="Set MEDIA_ROOT to an absolute path, e.g. MEDIA_ROOT = BASE_DIR / 'media'.",
            id="django_dlwidget.W003",
        )
    ]


def _storage_rule(alias: object) -> Mapping[str, Any]:
    """The first ``SENDFILE_RULES`` entry for every file of the storage ``alias``, or ``{}``."""
    rules = get("SENDFILE_RULES")
    if not isinstance(rules, list | tuple):
        return {}  # its own check reports the value
    for rule in rules:
        if (
            isinstance(rule, Mapping)
            and "PREFIX" not in rule
            and rule.get("STORAGE", alias) == alias
        ):
            return rule
    return {}


def _has_local_paths(storage: Storage) -> bool:
    try:
        storage.path("dlwidget-check")
    except NotImplementedError:
        return False
    except Exception:
        return True
    return True


#: Django's tasks framework (Django 6) and its backport (Django 5.2), in the order
#: ``task_backends`` imports them.
TASKS_FRAMEWORKS = ("django.tasks", "django_tasks")


def importable(name: str) -> bool:
    """Whether the module ``name`` can be imported, without importing it."""
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:  # a parent package is missing
        return False


def tasks_framework() -> str | None:
    """The tasks framework's package that ``task_backends`` would import, or None."""
    return next((name for name in TASKS_FRAMEWORKS if importable(name)), None)


def task_backends_configured() -> dict[str, str]:
    """``{alias: backend path}`` of ``TASKS`` (empty: the framework's default, in-process)."""
    tasks = getattr(settings, "TASKS", None)
    if not isinstance(tasks, Mapping):
        return {}
    return {
        str(alias): str(config.get("BACKEND", ""))
        for alias, config in tasks.items()
        if isinstance(config, Mapping)
    }


def runs_in_process(path: str) -> bool | None:
    """Whether the task backend at ``path`` runs tasks in the process that enqueues them (the
    immediate backend, ``ThreadPoolBackend``, the dummy one that never runs them); None when it
    cannot be imported (the framework's own checks report that)."""
    framework = tasks_framework()
    if framework is None:
        return None
    try:
        backend = import_string(path)
        local = (
            import_string(f"{framework}.backends.immediate.ImmediateBackend"),
            import_string(f"{framework}.backends.dummy.DummyBackend"),
        )
    except ImportError:
        return None
    return isinstance(backend, type) and issubclass(backend, local)


def tasks_elsewhere() -> dict[str, str]:
    """``{alias: backend path}`` of each task backend that runs its jobs in another process."""
    return {
        alias: path
        for alias, path in task_backends_configured().items()
        if runs_in_process(path) is False
    }


@register(Tags.compatibility)
def check_tasks_framework(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if tasks_framework() is not None:
        return []
    return [
        Error(
            "No tasks framework can be imported: neither django.tasks (Django 6) nor the "
            "django_tasks backport (Django 5.2); starting an export would fail.",
            hint="On Django 5.2, install the backport: pip install "
            "'django-dlwidget[tasks-backport]' (or django-tasks); or upgrade to Django 6.",
            id="django_dlwidget.E060",
        )
    ]


@register(Tags.compatibility, deploy=True)
def check_in_process_tasks(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [
        Warning(
            f"TASKS[{alias!r}] ({path}) runs tasks inside the web process: a development setup.",
            hint="Its jobs take the web server's threads and are lost when the process restarts. "
            "Run them in a worker process: django-tasks-db (pip install 'django-dlwidget[db]', "
            "then manage.py db_worker), RQ or Celery.",
            id="django_dlwidget.W060",
        )
        for alias, path in task_backends_configured().items()
        if runs_in_process(path)
    ]
