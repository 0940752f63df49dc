"""Serving files: HTTP Range, validators, safe ``Content-Disposition``, streaming that stays
asynchronous under ASGI, and offloading to nginx, Apache or a remote storage's URL.

For the download centre and for a project's own files::

    from . import FileDownloadView, serve_file
"""

from __future__ import annotations

from ..http import content_disposition, safe_filename
from .ranges import ByteRange, parse_range
from .response import serve_file
from .source import Content, StoredFile
from .streams import BLOCK_SIZE, AsyncFileStream, SyncFileStream
from .views import FileDownloadView, ObjectFileDownloadView

__all__ = [
    "BLOCK_SIZE",
    "AsyncFileStream",
    "ByteRange",
    "Content",
    "FileDownloadView",
    "ObjectFileDownloadView",
    "StoredFile",
    "SyncFileStream",
    "content_disposition",
    "parse_range",
    "safe_filename",
    "serve_file",
]
