"""The ``DLWIDGET`` settings dict over documented defaults.

Values are read from ``django.conf.settings`` on every access, never cached at import, so
``override_settings(DLWIDGET=...)`` works in tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

from django.conf import settings

GIB: Final = 1024**3

DEFAULTS: Final[Mapping[str, Any]] = {
    "MODE": "auto",
    "POLL_INTERVAL": 5000,
    "WS_PATH": "/ws/dlwidget/",
    "CACHE": "default",
    "STORAGE": "default",
    "PATH_PREFIX": "dlwidget/downloads",
    "EXPIRY": timedelta(days=1),
    "STALE_AFTER": timedelta(minutes=10),
    "LIST_LIMIT": 50,
    "SENDFILE": "django",
    "NGINX_PREFIX": "/protected/",
    "LINK_MAX_AGE": timedelta(days=1),
    "NOTIFY_EMAIL": False,
    "SITE_URL": None,  # None: https:// + the django.contrib.sites domain, when installed
    "CSS_CLASSES": {},
    "UPLOAD_TEMP_DIR": None,  # None: "dlwidget/uploads" under MEDIA_ROOT
    "UPLOAD_MAX_SIZE": 10 * GIB,
    "UPLOAD_QUOTA": 20 * GIB,
    "UPLOAD_EXPIRY": timedelta(days=1),
    "UPLOAD_PERMISSION": "django_dlwidget.permissions.is_authenticated",
}

MODES: Final = ("poll", "ws", "auto")
SENDFILE_BACKENDS: Final = ("django", "nginx", "xsendfile", "redirect")
DURATION_KEYS: Final = ("EXPIRY", "STALE_AFTER", "LINK_MAX_AGE", "UPLOAD_EXPIRY")


def user_settings() -> Mapping[str, Any]:
    """The project's raw ``DLWIDGET`` value (validated by the system checks, not here)."""
    value = getattr(settings, "DLWIDGET", None)
    return value if isinstance(value, Mapping) else {}


def get(key: str) -> Any:
    """One setting: the project's value, or the documented default."""
    if key not in DEFAULTS:
        raise KeyError(f"Unknown DLWIDGET setting {key!r}")
    return user_settings().get(key, DEFAULTS[key])


def as_timedelta(value: object) -> timedelta:
    """Durations may be given as a ``timedelta`` or as a number of seconds."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return timedelta(seconds=value)
    raise TypeError(f"Expected a timedelta or seconds, got {value!r}")


class DlwidgetSettings:
    """Typed, lazy accessors for every ``DLWIDGET`` key."""

    @property
    def MODE(self) -> str:
        return str(get("MODE"))

    @property
    def POLL_INTERVAL(self) -> int:
        return int(get("POLL_INTERVAL"))

    @property
    def WS_PATH(self) -> str:
        return str(get("WS_PATH"))

    @property
    def CACHE(self) -> str:
        return str(get("CACHE"))

    @property
    def STORAGE(self) -> str:
        return str(get("STORAGE"))

    @property
    def PATH_PREFIX(self) -> str:
        return str(get("PATH_PREFIX")).strip("/")

    @property
    def EXPIRY(self) -> timedelta:
        return as_timedelta(get("EXPIRY"))

    @property
    def STALE_AFTER(self) -> timedelta:
        return as_timedelta(get("STALE_AFTER"))

    @property
    def LIST_LIMIT(self) -> int:
        return int(get("LIST_LIMIT"))

    @property
    def SENDFILE(self) -> str:
        return str(get("SENDFILE"))

    @property
    def NGINX_PREFIX(self) -> str:
        return str(get("NGINX_PREFIX"))

    @property
    def LINK_MAX_AGE(self) -> timedelta:
        return as_timedelta(get("LINK_MAX_AGE"))

    @property
    def NOTIFY_EMAIL(self) -> bool:
        return bool(get("NOTIFY_EMAIL"))

    @property
    def SITE_URL(self) -> str | None:
        value = get("SITE_URL")
        return str(value).rstrip("/") if value else None

    @property
    def CSS_CLASSES(self) -> Mapping[str, str]:
        value = get("CSS_CLASSES")
        return value if isinstance(value, Mapping) else {}

    @property
    def UPLOAD_TEMP_DIR(self) -> str:
        value = get("UPLOAD_TEMP_DIR")
        if value:
            return str(value)
        return str(settings.MEDIA_ROOT).rstrip("/") + "/dlwidget/uploads"

    @property
    def UPLOAD_MAX_SIZE(self) -> int:
        return int(get("UPLOAD_MAX_SIZE"))

    @property
    def UPLOAD_QUOTA(self) -> int:
        return int(get("UPLOAD_QUOTA"))

    @property
    def UPLOAD_EXPIRY(self) -> timedelta:
        return as_timedelta(get("UPLOAD_EXPIRY"))

    @property
    def UPLOAD_PERMISSION(self) -> str:
        return str(get("UPLOAD_PERMISSION"))


dlwidget_settings: Final = DlwidgetSettings()
