"""System checks that relate the download settings to the rest of the project.

Where generated files are kept (E009), how they are served (W002, W020, E022) and whether the
ready e-mail has a site to link to (E021). The values themselves are checked in ``..checks``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.files.storage import FileSystemStorage, Storage, storages

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
