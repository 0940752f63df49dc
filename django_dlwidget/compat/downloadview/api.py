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
from .test import assert_download_response, setup_view, temporary_media_root

StringIteratorIO = TextIteratorIO
"""The predecessor's old name for ``TextIteratorIO``."""

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
