"""``async_downloads.settings``: the ``ASYNC_DOWNLOADS_*`` settings under their old names.

The predecessor read them once, at import; here each name is read from ``django.conf.settings``
on every access, so ``override_settings`` works. Five of them change what django-dlwidget does:
``COLLECTION_KEY_FORMAT`` (the collection keys ``cache`` hands out and takes back), ``TIMEOUT``
(each download's lifetime after it ends: :func:`lifetime`), ``PATH_PREFIX`` (the folder its file
goes to, and the cleanup sweeps: :func:`path_prefix`), ``WS_MODE`` and ``CSS_CLASS`` (the live
mode and the class of the ``async_downloads/download_centre.html`` include). The others have no
per-call equivalent in the native API: they are readable here for code that imports them, and
docs/migrating.md names the ``DLWIDGET`` key that replaces each. ``TIMEOUT`` and ``PATH_PREFIX``
count only when the project sets them; unset, ``DLWIDGET["EXPIRY"]`` and
``DLWIDGET["PATH_PREFIX"]`` apply.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Final

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, BaseCache, caches

from ...downloads.expiry import MAX_LIFETIME

DEFAULT_TIMEOUT: Final = 60 * 60 * 24
DEFAULT_DOWNLOAD_TEMPLATE: Final = "async_downloads/downloads.html"
DEFAULT_PATH_PREFIX: Final = "downloads"
DEFAULT_COLLECTION_KEY_FORMAT: Final = "async_downloads/{}"
DEFAULT_IN_MEMORY_MAX_SIZE_BYTES: Final = 5 * 1e6
DEFAULT_WS_MODE: Final = False
DEFAULT_CACHE_NAME: Final = ""
DEFAULT_CSS_CLASS: Final = None
DEFAULT_WS_CHANNEL_NAME: Final = "downloads"

# The predecessor's WebSocket event names (its JavaScript's; the native socket sends others).
EVENT_TYPE_REFRESH_DOWNLOADS: Final = "refreshDownloads"
EVENT_TYPE_UPDATE_DOWNLOAD: Final = "updateDownload"
EVENT_TYPE_INIT_DOWNLOAD: Final = "initDownload"
EVENT_TYPE_REMOVE_DOWNLOAD: Final = "removeDownload"
EVENT_TYPE_INIT_ALL_DOWNLOADS: Final = "initAllDownloads"

PREFIX: Final = "ASYNC_DOWNLOADS_"
DEFAULTS: Final[dict[str, Any]] = {
    "TIMEOUT": DEFAULT_TIMEOUT,
    "DOWNLOAD_TEMPLATE": DEFAULT_DOWNLOAD_TEMPLATE,
    "PATH_PREFIX": DEFAULT_PATH_PREFIX,
    "COLLECTION_KEY_FORMAT": DEFAULT_COLLECTION_KEY_FORMAT,
    "IN_MEMORY_MAX_SIZE_BYTES": DEFAULT_IN_MEMORY_MAX_SIZE_BYTES,
    "WS_MODE": DEFAULT_WS_MODE,
    "CACHE_NAME": DEFAULT_CACHE_NAME,
    "CSS_CLASS": DEFAULT_CSS_CLASS,
    "WS_CHANNEL_NAME": DEFAULT_WS_CHANNEL_NAME,
}


def is_set(name: str) -> bool:
    """True when the project sets ``ASYNC_DOWNLOADS_<name>`` itself."""
    return hasattr(settings, PREFIX + name)


def value(name: str) -> Any:
    """``ASYNC_DOWNLOADS_<name>`` as the project set it, or the predecessor's default."""
    return getattr(settings, PREFIX + name, DEFAULTS[name])


def __getattr__(name: str) -> Any:
    if name in DEFAULTS:
        return value(name)
    if name == "USE_WS":
        return bool(value("WS_MODE"))
    if name == "cache":
        return selected_cache()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def lifetime() -> timedelta | None:
    """``TIMEOUT`` as ``init_download(expires=...)``: seconds after the download ends (the
    predecessor's cache timeout, renewed by its last write); ``0`` or less ends it at once,
    ``None`` (a cache's "forever") is the longest lifetime there is; unset, None (``EXPIRY``)."""
    if not is_set("TIMEOUT"):
        return None
    seconds = value("TIMEOUT")
    if seconds is None:
        return MAX_LIFETIME
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise TypeError(f"ASYNC_DOWNLOADS_TIMEOUT must be seconds or None, not {seconds!r}")
    return min(timedelta(seconds=max(0, seconds)), MAX_LIFETIME)


def path_prefix() -> str | None:
    """``PATH_PREFIX`` as ``save_download(path_prefix=...)``; unset, None (``PATH_PREFIX``)."""
    return str(value("PATH_PREFIX")) if is_set("PATH_PREFIX") else None


def selected_cache() -> BaseCache:
    """The cache ``ASYNC_DOWNLOADS_CACHE_NAME`` names (the default cache when it is empty)."""
    alias = value("CACHE_NAME")
    return caches[alias or DEFAULT_CACHE_ALIAS]
