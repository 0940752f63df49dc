"""``django_downloadview.nginx.decorators``: ``x_accel_redirect``, X-Accel for one view."""

from __future__ import annotations

from typing import Any

from ..decorators import DownloadDecorator
from .middlewares import XAccelRedirectMiddleware

__all__ = ("x_accel_redirect",)


def x_accel_redirect(view_func: Any, *args: Any, **kwargs: Any) -> Any:
    """``view_func`` whose download responses go through an ``XAccelRedirectMiddleware`` built
    with ``*args`` and ``**kwargs`` (``source_url``, ``destination_url``, ``expires``...)."""
    return DownloadDecorator(XAccelRedirectMiddleware)(view_func, *args, **kwargs)
