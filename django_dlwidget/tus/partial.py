"""The filesystem store's files: one per upload in its ``location``, written in place.

The location is ``DLWIDGET["UPLOAD_STORE"]["OPTIONS"]["location"]`` when the store is the
filesystem one, else ``UPLOAD_TEMP_DIR``. :mod:`.stores.filesystem` puts these primitives behind
the store interface.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from django.utils.translation import gettext as _

from ..conf import dlwidget_settings
from .errors import TusError
from .stores.base import Locked

BLOCK_SIZE: Final = 1024 * 1024
SUFFIX: Final = ".part"


FILESYSTEM_STORE: Final = "django_dlwidget.tus.stores.FileSystemStore"


def temp_dir() -> Path:
    store = dlwidget_settings.UPLOAD_STORE
    location = None
    if store.get("BACKEND") == FILESYSTEM_STORE:
        location = store.get("OPTIONS", {}).get("location")
    path = Path(location or dlwidget_settings.UPLOAD_TEMP_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_for(upload_id: uuid.UUID) -> Path:
    return temp_dir() / f"{upload_id.hex}{SUFFIX}"


def disk_full() -> TusError:
    return TusError(507, "disk_full", _("The server has no room left for this upload."))


def create(upload_id: uuid.UUID) -> None:
    try:
        fd = os.open(path_for(upload_id), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise disk_full() from exc
        raise
    os.close(fd)


def remove(upload_id: uuid.UUID) -> None:
    with contextlib.suppress(FileNotFoundError):
        path_for(upload_id).unlink()


class PartialFile:
    """The partial file opened for writing under an exclusive, non-blocking ``flock``.

    The OS lock is taken before the database lease and dropped after it, so whoever holds it
    knows that no live process is between taking and releasing a lease for this upload.
    """

    def __init__(self, upload_id: uuid.UUID, *, create: bool = True) -> None:
        """Open (``create``: or create) and lock; ``FileNotFoundError`` when it is gone."""
        self.path = path_for(upload_id)
        try:
            self.fd = os.open(self.path, os.O_RDWR | (os.O_CREAT if create else 0), 0o600)
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise disk_full() from exc
            raise
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            raise Locked from None

    def size(self) -> int:
        return os.fstat(self.fd).st_size

    def truncate(self, length: int) -> None:
        os.ftruncate(self.fd, length)

    def write_at(self, offset: int, data: bytes | memoryview) -> int:
        """Write all of ``data`` at ``offset``; on ENOSPC keep what fitted and raise 507."""
        view = memoryview(data)
        written = 0
        while written < len(view):
            try:
                written += os.pwrite(self.fd, view[written:], offset + written)
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                    raise disk_full() from exc
                raise
        return written

    def close(self) -> None:
        if self.fd >= 0:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> PartialFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def concatenate(sources: Sequence[uuid.UUID], target: PartialFile) -> int:
    """Append the sources' data to ``target`` (kernel-side copy where the OS allows)."""
    offset = 0
    target.truncate(0)
    for source in sources:
        with path_for(source).open("rb") as src:
            remaining = os.fstat(src.fileno()).st_size
            while remaining:
                try:
                    copied = _copy(src.fileno(), target, offset, remaining)
                except OSError as exc:
                    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                        raise disk_full() from exc
                    raise
                if copied == 0:
                    break
                offset += copied
                remaining -= copied
    return offset


def _copy(src: int, target: PartialFile, offset: int, remaining: int) -> int:
    count = min(remaining, 64 * BLOCK_SIZE)
    if hasattr(os, "copy_file_range"):
        try:
            return os.copy_file_range(src, target.fd, count, None, offset)
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
                raise
    data = os.read(src, min(count, BLOCK_SIZE))
    return target.write_at(offset, data) if data else 0
