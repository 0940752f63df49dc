"""A finished resumable upload as a Django ``File``, moved into a storage exactly once.

``FileSystemStorage`` moves a file that has ``temporary_file_path()`` (a rename on the same
filesystem, a copy across filesystems); other storages read it in chunks. Either way the bytes
are never read into memory. Before a storage sees the file it is *claimed*: renamed, under the
upload's lock, to a name that no upload row owns. Only one claim of an upload can succeed, so a
token posted twice (two tabs, a double submit) stores the data once. Once stored, the upload
row is deleted; should the storage fail, the claim is undone and the token still works.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from django.core.files.base import File
from django.utils.translation import gettext as _

from ..models import Upload
from ..tus import partial
from ..tus.partial import SUFFIX, Locked, PartialFile

if TYPE_CHECKING:
    from django.core.files.storage import Storage


class UploadUnavailable(Exception):
    """The upload was stored already, or is busy, or its data has gone."""


class ResumableUploadedFile(File):  # type: ignore[type-arg]
    """The data of a finished upload; ``cleaned_data`` holds one after a valid token."""

    def __init__(self, upload: Upload, content_type: str, token: str = "") -> None:
        self.upload = upload
        self.upload_id = upload.id
        self.token = token
        self.content_type = content_type
        self.charset = None
        self._path = partial.path_for(upload.id)
        self._claimed = False
        self._file: IO[bytes] | None = None
        super().__init__(None, Path(upload.filename).name or f"upload-{upload.id.hex}")
        self.size = upload.length or 0

    def temporary_file_path(self) -> str:
        return str(self._path)

    def open(self, mode: str | None = None, *args: object, **kw: object) -> ResumableUploadedFile:
        if self._file is None:
            self._file = self._path.open("rb")
        else:
            self._file.seek(0)
        return self

    # Opened on first use: a cleaned form holds no file descriptor until something reads.
    @property
    def file(self) -> IO[bytes]:
        if self._file is None:
            self._file = self._path.open("rb")
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
        if self._claimed:
            yield self
            return
        self.close()
        target = partial.temp_dir() / f"{uuid.uuid4().hex}{SUFFIX}"
        source = partial.path_for(self.upload_id)
        if not source.exists():
            raise UploadUnavailable(_("This upload has already been used."))
        try:
            with PartialFile(self.upload_id, create=False) as lock:
                if lock.size() != self.size:
                    raise UploadUnavailable(_("This upload has already been used."))
                source.rename(target)
        except Locked:
            raise UploadUnavailable(_("This upload is busy; try again.")) from None
        except FileNotFoundError:
            raise UploadUnavailable(_("This upload has already been used.")) from None
        self._path, self._claimed = target, True
        try:
            yield self
        except BaseException:
            self.close()
            if target.exists():
                target.replace(source)
            self._path, self._claimed = source, False
            raise
        self.close()
        with contextlib.suppress(FileNotFoundError):
            target.unlink()  # a storage that copied leaves it behind
        Upload.objects.filter(pk=self.upload_id).delete()

    def save_to(self, storage: Storage, name: str | None = None) -> str:
        """Store the data under ``name`` (default: the uploaded name); return the stored name."""
        with self.claimed():
            return storage.save(name or self.name or "upload", self)
