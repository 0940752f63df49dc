"""``django_downloadview.storage``: storages whose ``url()`` is signed (``X-Signature``), for
files served by a view wrapped in ``decorators.signature_required``.

The signature is ``serving.signatures.sign_url``'s: it covers the URL's path, and expires after
``DOWNLOADVIEW_URL_EXPIRATION`` seconds (default ``DLWIDGET["LINK_MAX_AGE"]``).
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import FileSystemStorage

from ...serving.signatures import sign_url

__all__ = ("SignedFileSystemStorage", "SignedURLMixin")


class SignedURLMixin:
    """Put before a storage class: its ``url(name)`` gets an ``X-Signature`` parameter."""

    def url(self, name: str | None, *args: Any, **kwargs: Any) -> str:
        url: str = super().url(name, *args, **kwargs)  # type: ignore[misc]
        return sign_url(url)


class SignedFileSystemStorage(SignedURLMixin, FileSystemStorage):
    """A ``FileSystemStorage`` whose URLs are signed."""
