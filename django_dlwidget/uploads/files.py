"""A finished resumable upload as a Django ``File``, moved into a storage exactly once.

Before a storage sees the data it is *claimed* from the upload store
(:meth:`~django_dlwidget.tus.stores.UploadStore.claim`): only one claim of an upload can succeed,
so a token posted twice (two tabs, a double submit) stores the data once. Once stored, the upload
row is deleted; should the storage fail, the claim is undone and the token still works.

With the filesystem store the claimed data is a local file (``temporary_file_path()``), which
``FileSystemStorage`` moves with a rename on the same filesystem; other storages read it in
chunks. With the S3 store and a django-storages ``S3Storage`` on the same service the object is
copied server-side; otherwise it is streamed. The bytes are never read into memory.

Every name it is stored under ends in an extension served as its sniffed type (:mod:`.names`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from django.core.files.base import File

from ..models import Upload
from ..tus import partial
from ..tus.stores import Claim, UploadUnavailable, get_store
from .names import stored_name

if TYPE_CHECKING:
    from django.core.files.storage import Storage

__all__ = ["ResumableUploadedFile", "UploadUnavailable"]


class ResumableUploadedFile(File):  # type: ignore[type-arg]
    """The data of a finished upload; ``cleaned_data`` holds one after a valid token."""

    def __init__(self, upload: Upload, content_type: str, token: str = "") -> None:
        self.upload = upload
        self.upload_id = upload.id
        self.token = token
        self.content_type = content_type
        self.charset = None
        self._claim: Claim | None = None
        self._file: IO[bytes] | None = None
        # The client's name, its extension made to say what the content was sniffed as.
        self.original_name = Path(upload.filename).name or f"upload-{upload.id.hex}"
        super().__init__(None, stored_name(self.original_name, content_type))
        self.size = upload.length or 0

    @property
    def temporary_file_path(self) -> Callable[[], str]:
        """The local file holding the data; only with the filesystem store (storages test for
        this attribute to move a file instead of copying it)."""
        if self._claim is not None:
            path = self._claim.path
        elif get_store().locks:
            path = str(partial.path_for(self.upload_id))
        else:
            path = None
        if path is None:
            raise AttributeError("temporary_file_path")
        return lambda: str(path)

    def _open_data(self) -> IO[bytes]:
        if self._claim is not None:
            return self._claim.open()
        return get_store().stream(self.upload_id)

    def open(self, mode: str | None = None, *args: object, **kw: object) -> ResumableUploadedFile:
        if self._file is None or not self._file.seekable():
            self.close()
            self._file = self._open_data()
        else:
            self._file.seek(0)
        return self

    # Opened on first use: a cleaned form holds no file descriptor until something reads.
    @property
    def file(self) -> IO[bytes]:
        if self._file is None:
            self._file = self._open_data()
        return self._file

    @file.setter
    def file(self, value: IO[bytes] | None) -> None:
        self._file = value

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    @contextlib.contextmanager
    def claimed(self) -> Iterator[ResumableUploadedFile]:
        """Own the data for the block; on success the upload is consumed, else given back."""
        if self._claim is not None:
            yield self
            return
        self.close()
        with get_store().claim(self.upload_id, self.size) as claim:
            self._claim = claim
            try:
                yield self
            finally:
                self.close()
                self._claim = None
        Upload.objects.filter(pk=self.upload_id).delete()

    def copy_into(self, storage: Storage, name: str, max_length: int | None = None) -> str | None:
        """Store the claimed data server-side as (an available variant of) ``name`` and return
        the stored name; None when the store and ``storage`` cannot copy between them."""
        assert self._claim is not None, "claim the upload first"
        return self._claim.copy_to(storage, stored_name(name, self.content_type), max_length)

    def save_to(self, storage: Storage, name: str | None = None) -> str:
        """Store the data under ``name`` (default: the uploaded name); return the stored name."""
        with self.claimed():
            target = stored_name(name or self.name or "upload", self.content_type)
            return self.copy_into(storage, target) or storage.save(target, self)
