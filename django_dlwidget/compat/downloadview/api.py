"""``django_downloadview.api``: every public name, as the package root re-exports them."""

from __future__ import annotations

from .files import HTTPFile, StorageFile, VirtualFile
from .io import BytesIteratorIO, TextIteratorIO
from .response import DownloadResponse, ProxiedDownloadResponse
from .shortcuts import sendfile
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
    "BaseDownloadView",
    "BytesIteratorIO",
    "DownloadMixin",
    "DownloadResponse",
    "HTTPDownloadView",
    "HTTPFile",
    "ObjectDownloadView",
    "PathDownloadView",
    "ProxiedDownloadResponse",
    "StorageDownloadView",
    "StorageFile",
    "StringIteratorIO",
    "TextIteratorIO",
    "VirtualDownloadView",
    "VirtualFile",
    "sendfile",
)
