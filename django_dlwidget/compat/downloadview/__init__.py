"""``django_downloadview`` (django-downloadview 2.x) over django-dlwidget's ``serve_file()``.

Import from ``django_dlwidget.compat.downloadview`` (and its submodules) instead of
``django_downloadview``. Every view answers Range and conditional requests through the native
serving code; docs/migrating.md maps every name and lists the deliberate differences.
"""

from __future__ import annotations

from .api import (
    BaseDownloadMiddleware,
    BytesIteratorIO,
    DownloadDispatcherMiddleware,
    DownloadResponse,
    HTTPFile,
    ProxiedDownloadResponse,
    SmartDownloadMiddleware,
    StorageFile,
    StringIteratorIO,
    TextIteratorIO,
    VirtualFile,
    assert_download_response,
    setup_view,
    temporary_media_root,
)

__all__ = (
    "BaseDownloadMiddleware",
    "BytesIteratorIO",
    "DownloadDispatcherMiddleware",
    "DownloadResponse",
    "HTTPFile",
    "ProxiedDownloadResponse",
    "SmartDownloadMiddleware",
    "StorageFile",
    "StringIteratorIO",
    "TextIteratorIO",
    "VirtualFile",
    "assert_download_response",
    "setup_view",
    "temporary_media_root",
)
