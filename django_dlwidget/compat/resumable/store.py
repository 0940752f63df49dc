"""``ResumableStore``: the native storage store, configured by the ``RESUMABLE_*`` settings.

``DLWIDGET["UPLOAD_STORE"] = {"BACKEND": "django_dlwidget.compat.resumable.store.ResumableStore"}``
keeps chunks where django-resumable did: on a ``RESUMABLE_STORAGE`` (default
``FileSystemStorage``, so ``MEDIA_ROOT``) under ``RESUMABLE_SUBDIR``, with PATCHes of
``RESUMABLE_CHUNKSIZE`` bytes. The settings are read on each use; everything else is
:class:`~django_dlwidget.tus.stores.StorageStore`.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django.core.files.storage.handler import StorageHandler

from ...tus.stores.storage import StorageStore
from . import settings

if TYPE_CHECKING:
    from django.core.files.storage import Storage


@functools.cache
def _storage(backend: str) -> Storage:
    """One instance per storage class, built with its own defaults, as the predecessor's were."""
    return StorageHandler().create_storage({"BACKEND": backend})


class ResumableStore(StorageStore):
    """Takes no OPTIONS: the ``RESUMABLE_*`` settings are its options."""

    def __init__(self) -> None:
        # Built once here so that a bad setting is E040 at startup, not an error per upload.
        super().__init__(storage={"BACKEND": settings.storage_class()})
        settings.chunk_size()

    @property
    def storage(self) -> Storage:
        return _storage(settings.storage_class())

    @property
    def location(self) -> str:
        return settings.subdir().strip("/")

    @property
    def chunk_size(self) -> int:
        return settings.chunk_size()
