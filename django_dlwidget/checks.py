"""System checks for the ``DLWIDGET`` settings.

Ids are stable and documented in the README; every message names the setting and the fix.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.module_loading import import_string

from .conf import DEFAULTS, DURATION_KEYS, MODES, SENDFILE_BACKENDS

POSITIVE_INT_KEYS = ("POLL_INTERVAL", "LIST_LIMIT", "UPLOAD_MAX_SIZE", "UPLOAD_QUOTA")
STRING_KEYS = ("PATH_PREFIX", "NGINX_PREFIX", "CACHE", "STORAGE")
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


def _error(id_: int, msg: str, hint: str) -> Error:
    return Error(msg, hint=hint, id=f"django_dlwidget.E{id_:03d}")


def _warning(id_: int, msg: str, hint: str) -> Warning:
    return Warning(msg, hint=hint, id=f"django_dlwidget.W{id_:03d}")


@register(Tags.compatibility)
def check_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    raw = getattr(settings, "DLWIDGET", {})
    if not isinstance(raw, Mapping):
        return [
            _error(
                1,
                f"DLWIDGET must be a dict, not {type(raw).__name__}.",
                'Set DLWIDGET = {"MODE": "auto", ...} or remove the setting.',
            )
        ]
    errors: list[CheckMessage] = []
    for key in raw:
        if key not in DEFAULTS:
            errors.append(
                _error(
                    2,
                    f"DLWIDGET[{key!r}] is not a known setting.",
                    f"Remove it; known keys are: {', '.join(sorted(DEFAULTS))}.",
                )
            )
    errors += _check_choices(raw)
    errors += _check_values(raw)
    errors += _check_aliases(raw)
    errors += _check_permission(raw)
    errors += _check_serving(raw)
    return errors


def _check_choices(raw: Mapping[str, Any]) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    mode = raw.get("MODE", DEFAULTS["MODE"])
    if mode not in MODES:
        errors.append(
            _error(
                3,
                f"DLWIDGET['MODE'] is {mode!r}, which is not a mode.",
                f"Set DLWIDGET['MODE'] to one of {', '.join(map(repr, MODES))}.",
            )
        )
    elif mode == "ws" and not getattr(settings, "CHANNEL_LAYERS", None):
        errors.append(
            _error(
                4,
                "DLWIDGET['MODE'] is 'ws' but no channel layer is configured.",
                "Configure CHANNEL_LAYERS (channels_redis for several processes), "
                "or set DLWIDGET['MODE'] to 'auto' or 'poll'.",
            )
        )
    sendfile = raw.get("SENDFILE", DEFAULTS["SENDFILE"])
    if sendfile not in SENDFILE_BACKENDS:
        errors.append(
            _error(
                5,
                f"DLWIDGET['SENDFILE'] is {sendfile!r}, which is not a backend.",
                f"Set DLWIDGET['SENDFILE'] to one of {', '.join(map(repr, SENDFILE_BACKENDS))}.",
            )
        )
    return errors


def _check_values(raw: Mapping[str, Any]) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for key in POSITIVE_INT_KEYS:
        value = raw.get(key, DEFAULTS[key])
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            errors.append(
                _error(
                    6,
                    f"DLWIDGET[{key!r}] is {value!r}; it must be a positive integer.",
                    f"Set DLWIDGET[{key!r}] to a whole number above zero, or remove it "
                    f"to use the default ({DEFAULTS[key]}).",
                )
            )
    for key in DURATION_KEYS:
        value = raw.get(key, DEFAULTS[key])
        seconds = (
            value.total_seconds()
            if isinstance(value, timedelta)
            else value
            if isinstance(value, int | float) and not isinstance(value, bool)
            else None
        )
        if seconds is None or seconds <= 0:
            errors.append(
                _error(
                    7,
                    f"DLWIDGET[{key!r}] is {value!r}; it must be a positive duration.",
                    f"Set DLWIDGET[{key!r}] to a datetime.timedelta or a number of seconds.",
                )
            )
    for key in STRING_KEYS:
        value = raw.get(key, DEFAULTS[key])
        if not isinstance(value, str) or not value:
            errors.append(
                _error(
                    13,
                    f"DLWIDGET[{key!r}] is {value!r}; it must be a non-empty string.",
                    f"Set DLWIDGET[{key!r}] to a string, or remove it to use the default.",
                )
            )
    classes = raw.get("CSS_CLASSES", {})
    if not isinstance(classes, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in classes.items()
    ):
        errors.append(
            _error(
                10,
                "DLWIDGET['CSS_CLASSES'] must map element roles (str) to class names (str).",
                'For example {"toggle": "btn btn-outline-secondary"}.',
            )
        )
    ws_path = raw.get("WS_PATH", DEFAULTS["WS_PATH"])
    if not isinstance(ws_path, str) or not ws_path.startswith(("/", "ws://", "wss://")):
        errors.append(
            _error(
                12,
                f"DLWIDGET['WS_PATH'] is {ws_path!r}; it must be a path or a ws(s):// URL.",
                "Use a path such as '/ws/dlwidget/' (the browser adds the scheme and host), "
                "or an absolute 'wss://host/ws/dlwidget/'.",
            )
        )
    temp_dir = raw.get("UPLOAD_TEMP_DIR")
    if temp_dir is not None and (not isinstance(temp_dir, str) or not temp_dir):
        errors.append(
            _error(
                13,
                f"DLWIDGET['UPLOAD_TEMP_DIR'] is {temp_dir!r}; it must be a directory path.",
                "Set it to a directory every server process shares, or remove it "
                "to use MEDIA_ROOT/dlwidget/uploads.",
            )
        )
    return errors


def _check_aliases(raw: Mapping[str, Any]) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    cache_alias = raw.get("CACHE", DEFAULTS["CACHE"])
    caches: Mapping[str, Mapping[str, Any]] = getattr(settings, "CACHES", {})
    if isinstance(cache_alias, str) and cache_alias not in caches:
        errors.append(
            _error(
                8,
                f"DLWIDGET['CACHE'] is {cache_alias!r}, which is not an alias in CACHES.",
                f"Add {cache_alias!r} to CACHES or point DLWIDGET['CACHE'] at an existing alias.",
            )
        )
    elif isinstance(cache_alias, str) and caches[cache_alias].get("BACKEND") in PER_PROCESS_CACHES:
        errors.append(
            _warning(
                1,
                f"DLWIDGET['CACHE'] ({cache_alias!r}) is a per-process cache.",
                "Progress versions must be shared when jobs run in other processes: use Redis, "
                "Memcached, the database or file cache. Silence this warning if the site runs "
                "a single process with an in-process worker.",
            )
        )
    storage_alias = raw.get("STORAGE", DEFAULTS["STORAGE"])
    storages: Mapping[str, Any] = getattr(settings, "STORAGES", {})
    if isinstance(storage_alias, str) and storage_alias not in storages:
        errors.append(
            _error(
                9,
                f"DLWIDGET['STORAGE'] is {storage_alias!r}, which is not an alias in STORAGES.",
                f"Add {storage_alias!r} to STORAGES or point DLWIDGET['STORAGE'] at an "
                "existing alias.",
            )
        )
    if "django.middleware.gzip.GZipMiddleware" in getattr(settings, "MIDDLEWARE", []):
        errors.append(
            _warning(
                2,
                "GZipMiddleware would compress ranged download responses.",
                "Byte ranges then refer to compressed bytes and resumed downloads break; "
                "remove GZipMiddleware and compress at the web server instead.",
            )
        )
    return errors


def _check_permission(raw: Mapping[str, Any]) -> list[CheckMessage]:
    path = raw.get("UPLOAD_PERMISSION", DEFAULTS["UPLOAD_PERMISSION"])
    try:
        func = import_string(path) if isinstance(path, str) else None
    except ImportError:
        func = None
    if callable(func):
        return []
    return [
        _error(
            11,
            f"DLWIDGET['UPLOAD_PERMISSION'] is {path!r}, which is not an importable callable.",
            "Give the dotted path of a function (request) -> bool, for example "
            "'django_dlwidget.permissions.allow_anonymous'.",
        )
    ]


def _check_serving(raw: Mapping[str, Any]) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    site_url = raw.get("SITE_URL")
    if site_url is not None and (
        not isinstance(site_url, str) or not site_url.startswith(("http://", "https://"))
    ):
        errors.append(
            _error(
                20,
                f"DLWIDGET['SITE_URL'] is {site_url!r}; it must be an absolute http(s) URL.",
                "Set it to the site's origin, for example 'https://example.com', "
                "or remove it to use django.contrib.sites.",
            )
        )
    elif (
        raw.get("NOTIFY_EMAIL")
        and site_url is None
        and not apps.is_installed("django.contrib.sites")
    ):
        errors.append(
            _error(
                21,
                "DLWIDGET['NOTIFY_EMAIL'] is on but e-mailed links have no site to point at.",
                "Set DLWIDGET['SITE_URL'] to the site's origin (for example "
                "'https://example.com'), or install django.contrib.sites.",
            )
        )
    alias = raw.get("STORAGE", DEFAULTS["STORAGE"])
    storage = None
    with contextlib.suppress(Exception):
        storage = storages[alias]
    if raw.get("SENDFILE") == "redirect" and isinstance(storage, FileSystemStorage):
        errors.append(
            _warning(
                20,
                f"DLWIDGET['SENDFILE'] is 'redirect' but the {alias!r} storage is a "
                "FileSystemStorage: its URLs are public MEDIA_URL paths.",
                "Anyone with the URL could fetch the file without the owner check. Use "
                "'nginx' or 'xsendfile' for local files; 'redirect' is for storages with "
                "signed URLs (S3).",
            )
        )
    local = storage is None or _has_local_paths(storage)
    if raw.get("SENDFILE") == "xsendfile" and not local:
        errors.append(
            _error(
                22,
                f"DLWIDGET['SENDFILE'] is 'xsendfile' but the {alias!r} storage "
                f"({type(storage).__name__}) has no local file paths.",
                "X-Sendfile needs files on the web server's disk (FileSystemStorage). "
                "Use 'redirect' for remote storages, or 'django'.",
            )
        )
    return errors


def _has_local_paths(storage: Storage) -> bool:
    try:
        storage.path("dlwidget-check")
    except NotImplementedError:
        return False
    except Exception:
        return True
    return True
