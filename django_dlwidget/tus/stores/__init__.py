"""Where partial upload bytes live: the store interface and the built-in stores.

``DLWIDGET["UPLOAD_STORE"]`` names one: ``django_dlwidget.tus.stores.FileSystemStore`` (the
default) or ``django_dlwidget.tus.stores.S3Store``. The store classes are imported on first use
(the S3 one needs boto3, an optional dependency).
"""

from __future__ import annotations

from typing import Any

from .base import Appender, Claim, Locked, PartialData, UploadStore, UploadUnavailable
from .config import build_store, get_store

__all__ = [
    "Appender",
    "Claim",
    "FileSystemStore",
    "Locked",
    "PartialData",
    "UploadStore",
    "UploadUnavailable",
    "build_store",
    "get_store",
]


def __getattr__(name: str) -> Any:
    if name == "FileSystemStore":
        from .filesystem import FileSystemStore

        return FileSystemStore
    raise AttributeError(name)
