"""``django_downloadview`` (django-downloadview 2.x) over django-dlwidget's ``serve_file()``.

Import from ``django_dlwidget.compat.downloadview`` (and its submodules: ``views``,
``response``, ``files``, ``io``, ``utils``, ``exceptions``, ``shortcuts``...) instead of
``django_downloadview``. Every view answers Range and conditional requests through the native
serving code; docs/migrating.md maps every name and lists the deliberate differences.
"""

from __future__ import annotations

from .api import (
    BaseDownloadMiddleware,
    BaseDownloadView,
    BytesIteratorIO,
    DownloadDispatcherMiddleware,
    DownloadMixin,
    DownloadResponse,
    HTTPDownloadView,
    HTTPFile,
    ObjectDownloadView,
    PathDownloadView,
    ProxiedDownloadResponse,
    SmartDownloadMiddleware,
    StorageDownloadView,
    StorageFile,
    StringIteratorIO,
    TextIteratorIO,
    VirtualDownloadView,
    VirtualFile,
    assert_download_response,
    sendfile,
    setup_view,
    temporary_media_root,
)

__version__ = "2.5.0"
"""The django-downloadview release whose API this mirrors (not django-dlwidget's version)."""

__all__ = (
    "BaseDownloadMiddleware",
    "BaseDownloadView",
    "BytesIteratorIO",
    "DownloadDispatcherMiddleware",
    "DownloadMixin",
    "DownloadResponse",
    "HTTPDownloadView",
    "HTTPFile",
    "ObjectDownloadView",
    "PathDownloadView",
    "ProxiedDownloadResponse",
    "SmartDownloadMiddleware",
    "StorageDownloadView",
    "StorageFile",
    "StringIteratorIO",
    "TextIteratorIO",
    "VirtualDownloadView",
    "VirtualFile",
    "assert_download_response",
    "sendfile",
    "setup_view",
    "temporary_media_root",
)
