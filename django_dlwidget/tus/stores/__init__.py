"""Where partial upload bytes live: the store interface and the built-in stores.

``DLWIDGET["UPLOAD_STORE"]`` names one: ``django_dlwidget.tus.stores.FileSystemStore`` (the
default), ``django_dlwidget.tus.stores.S3Store`` or ``django_dlwidget.tus.stores.StorageStore``
(any Django storage). The store classes are imported on first use (the S3 one needs boto3, an
optional dependency).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Appender, Claim, Locked, PartialData, UploadStore, UploadUnavailable
from .config import build_store, get_store

if TYPE_CHECKING:
    from .filesystem import FileSystemStore
    from .s3 import S3Store
    from .storage import StorageStore

__all__ = [
    "Appender",
    "Claim",
    "FileSystemStore",
    "Locked",
    "PartialData",
    "S3Store",
    "StorageStore",
    "UploadStore",
    "UploadUnavailable",
    "build_store",
    "get_store",
]


def __getattr__(name: str) -> Any:
    if name == "FileSystemStore":
        from .filesystem import FileSystemStore

        return FileSystemStore
    if name == "S3Store":
        from .s3 import S3Store

        return S3Store
    if name == "StorageStore":
        from .storage import StorageStore

        return StorageStore
    raise AttributeError(name)
