"""``django_downloadview.lighttpd.decorators``: ``x_sendfile``, lighttpd's X-Sendfile for one
view."""

from __future__ import annotations

from typing import Any

from ..decorators import DownloadDecorator
from .middlewares import XSendfileMiddleware

__all__ = ("x_sendfile",)


def x_sendfile(view_func: Any, *args: Any, **kwargs: Any) -> Any:
    """``view_func`` whose download responses go through lighttpd's ``XSendfileMiddleware``
    built with ``*args`` and ``**kwargs``."""
    return DownloadDecorator(XSendfileMiddleware)(view_func, *args, **kwargs)
