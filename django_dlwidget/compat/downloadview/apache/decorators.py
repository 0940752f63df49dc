"""``django_downloadview.apache.decorators``: ``x_sendfile``, X-Sendfile for one view."""

from __future__ import annotations

from typing import Any

from ..decorators import DownloadDecorator
from .middlewares import XSendfileMiddleware

__all__ = ("x_sendfile",)


def x_sendfile(view_func: Any, *args: Any, **kwargs: Any) -> Any:
    """``view_func`` whose download responses go through an ``XSendfileMiddleware`` built with
    ``*args`` and ``**kwargs`` (``source_url`` or ``source_dir``, ``destination_dir``)."""
    return DownloadDecorator(XSendfileMiddleware)(view_func, *args, **kwargs)
