"""``django_downloadview.api``: every public name, as the package root re-exports them."""

from __future__ import annotations

from .files import HTTPFile, StorageFile, VirtualFile
from .io import BytesIteratorIO, TextIteratorIO
from .response import DownloadResponse, ProxiedDownloadResponse

StringIteratorIO = TextIteratorIO
"""The predecessor's old name for ``TextIteratorIO``."""

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
