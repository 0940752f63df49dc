"""``django_downloadview.nginx.settings``: the ``NGINX_DOWNLOAD_MIDDLEWARE_*`` settings, deprecated
since django-downloadview 1.3 in favour of ``DOWNLOADVIEW_BACKEND`` and ``DOWNLOADVIEW_RULES``.

As before, importing this module warns (``DeprecationWarning``) for each of them that is set, and
refuses a ``MIDDLEWARE`` that names ``XAccelRedirectMiddleware`` itself (the class that took
its place is ``SingleXAccelRedirectMiddleware``). Unlike before, it does not write defaults into
``django.conf.settings``: ``value()`` reads each setting, or its default, when it is used.
"""

from __future__ import annotations

import warnings
from typing import Any, Final

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = (
    "DEFAULT_DESTINATION_URL",
    "DEFAULT_EXPIRES",
    "DEFAULT_LIMIT_RATE",
    "DEFAULT_WITH_BUFFERING",
    "PREFIX",
    "value",
)

PREFIX: Final = "NGINX_DOWNLOAD_MIDDLEWARE_"
DEFAULT_WITH_BUFFERING: Final = None
DEFAULT_LIMIT_RATE: Final = None
DEFAULT_EXPIRES: Final = None
DEFAULT_DESTINATION_URL: Final = None
"""None for each: no ``X-Accel-*`` header, so nginx's own configuration applies."""

deprecated_middleware: Final = "django_downloadview.nginx.XAccelRedirectMiddleware"
_RENAMED_MIDDLEWARES: Final = (
    deprecated_middleware,
    "django_dlwidget.compat.downloadview.nginx.XAccelRedirectMiddleware",
)
# Each name, then the deprecated name it falls back to.
_NAMES: Final = {
    "WITH_BUFFERING": None,
    "LIMIT_RATE": None,
    "EXPIRES": None,
    "SOURCE_DIR": "MEDIA_ROOT",
    "SOURCE_URL": None,
    "DESTINATION_URL": "MEDIA_URL",
}


def _default(name: str) -> Any:
    if name == "SOURCE_DIR":
        return str(settings.MEDIA_ROOT)
    if name == "SOURCE_URL":
        return settings.MEDIA_URL
    return None


def value(name: str) -> Any:
    """``NGINX_DOWNLOAD_MIDDLEWARE_<name>``, else its deprecated older name, else its default
    (``SOURCE_DIR``: ``MEDIA_ROOT``; ``SOURCE_URL``: ``MEDIA_URL``; the others: None)."""
    older = _NAMES[name]
    if hasattr(settings, PREFIX + name):
        return getattr(settings, PREFIX + name)
    if older is not None and hasattr(settings, PREFIX + older):
        return getattr(settings, PREFIX + older)
    return _default(name)


def __getattr__(name: str) -> Any:
    if name in ("DEFAULT_SOURCE_DIR", "DEFAULT_SOURCE_URL"):
        return _default(name.removeprefix("DEFAULT_"))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _check_on_import() -> None:
    named = [m for m in _RENAMED_MIDDLEWARES if m in settings.MIDDLEWARE]
    if named:
        raise ImproperlyConfigured(
            f"{named[0]} was renamed in django-downloadview 1.3: use "
            "SingleXAccelRedirectMiddleware instead, or SmartDownloadMiddleware with "
            "DOWNLOADVIEW_BACKEND and DOWNLOADVIEW_RULES."
        )
    for name in [*_NAMES, *(older for older in _NAMES.values() if older)]:
        if hasattr(settings, PREFIX + name):
            warnings.warn(
                f"settings.{PREFIX}{name} is deprecated: use SmartDownloadMiddleware with "
                "DOWNLOADVIEW_BACKEND and DOWNLOADVIEW_RULES instead.",
                DeprecationWarning,
                stacklevel=3,  # the module that imports this one
            )


_check_on_import()
