"""``django_downloadview.api``: every public name, as the package root re-exports them."""

from __future__ import annotations

from .files import HTTPFile, StorageFile, VirtualFile
from .io import BytesIteratorIO, TextIteratorIO
from .middlewares import (
    BaseDownloadMiddleware,
    DownloadDispatcherMiddleware,
    SmartDownloadMiddleware,
)
from .response import DownloadResponse, ProxiedDownloadResponse
from .shortcuts import sendfile
from .test import assert_download_response, setup_view, temporary_media_root
from .views import (
    BaseDownloadView,
    DownloadMixin,
    HTTPDownloadView,
    ObjectDownloadView,
    PathDownloadView,
    StorageDownloadView,
    VirtualDownloadView,
)

StringIteratorIO = TextIteratorIO
"""The predecessor's old name for ``TextIteratorIO``."""

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
