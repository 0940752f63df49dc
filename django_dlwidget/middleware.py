"""``django_dlwidget.middleware.CurrentRequestMiddleware``: lets upload fields check tokens."""

from __future__ import annotations

from .uploads.request import CurrentRequestMiddleware

__all__ = ["CurrentRequestMiddleware"]
