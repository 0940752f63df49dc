"""``django_downloadview`` (django-downloadview 2.x) over django-dlwidget's ``serve_file()``.

Import from ``django_dlwidget.compat.downloadview`` (and its submodules) instead of
``django_downloadview``. Every view answers Range and conditional requests through the native
serving code; docs/migrating.md maps every name and lists the deliberate differences.
"""

from __future__ import annotations

from .api import (
    BytesIteratorIO,
    DownloadResponse,
    HTTPFile,
    ProxiedDownloadResponse,
    StorageFile,
    StringIteratorIO,
    TextIteratorIO,
    VirtualFile,
)

__all__ = (
    "BytesIteratorIO",
    "DownloadResponse",
    "HTTPFile",
    "ProxiedDownloadResponse",
    "StorageFile",
    "StringIteratorIO",
    "TextIteratorIO",
    "VirtualFile",
)
