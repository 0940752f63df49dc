"""Default callables for ``DLWIDGET["UPLOAD_PERMISSION"]``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest


def is_authenticated(request: HttpRequest) -> bool:
    """Only logged-in users may upload (the default)."""
    return bool(request.user.is_authenticated)


def allow_anonymous(request: HttpRequest) -> bool:
    """Anyone may upload; anonymous uploads are bound to their session."""
    return True
