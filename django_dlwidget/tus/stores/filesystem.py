"""``FileSystemStore``: partial bytes in one local (or shared) folder, under ``flock``.

Every server process must see the same folder, on a filesystem whose ``flock`` works across
them. The files themselves are :mod:`..partial`'s; this module puts them behind the store
interface. A finished upload is claimed by renaming its file, under its lock, to a name no
upload owns, so a storage on the same filesystem can move it with one more rename.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from .. import partial
from ..partial import SUFFIX, PartialFile
from .base import Appender, Claim, Locked, PartialData, UploadStore, UploadUnavailable


class _FileAppender(Appender):
    def __init__(self, file: PartialFile, start: int) -> None:
        self.file, self.offset = file, start

    @property
    def durable(self) -> int:
        return self.offset  # in the page cache: the next writer sees it, crash or not

    def write(self, data: bytes, /) -> None:
        self.offset += self.file.write_at(self.offset, data)

    def flush(self) -> None:
        pass


class _FileData(PartialData):
    def __init__(self, file: PartialFile) -> None:
        self.file = file

    def size(self) -> int:
        return self.file.size()

    def truncate(self, length: int) -> int:
        self.file.truncate(length)
        return length

    def appender(self, start: int) -> Appender:
        return _FileAppender(self.file, start)

    def close(self) -> None:
        self.file.close()


class _FileClaim(Claim):
    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def open(self) -> IO[bytes]:
        return Path(str(self.path)).open("rb")


class FileSystemStore(UploadStore):
    """OPTIONS: ``location``, the folder (default ``UPLOAD_TEMP_DIR``)."""

    locks = True

    def __init__(self, location: str | None = None) -> None:
        # The folder itself is read through partial.temp_dir(), from the same settings.
        self.location = location

    def create(self, upload_id: uuid.UUID, *, empty: bool = False) -> None:
        partial.create(upload_id)

    def open(self, upload_id: uuid.UUID, *, create: bool = True) -> PartialData:
        return _FileData(PartialFile(upload_id, create=create))

    def remove(self, upload_id: uuid.UUID) -> None:
        partial.remove(upload_id)

    def concatenate(self, sources: Sequence[uuid.UUID], target: PartialData) -> int:
        assert isinstance(target, _FileData)
        return partial.concatenate(sources, target.file)

    def remove_orphans(self, known: Callable[[uuid.UUID], bool], older_than: float) -> int:
        removed = 0
        for path in partial.temp_dir().glob(f"*{SUFFIX}"):
            try:
                upload_id = uuid.UUID(hex=path.name[: -len(SUFFIX)])
            except ValueError:
                continue
            with contextlib.suppress(FileNotFoundError):
                if path.stat().st_mtime >= older_than or known(upload_id):
                    continue
                path.unlink()
                removed += 1
        return removed

    def finished_size(self, upload_id: uuid.UUID) -> int | None:
        try:
            return partial.path_for(upload_id).stat().st_size
        except FileNotFoundError:
            return None

    def read(self, upload_id: uuid.UUID, start: int, length: int) -> bytes:
        with partial.path_for(upload_id).open("rb") as stream:
            stream.seek(start)
            return stream.read(length)

    def stream(self, upload_id: uuid.UUID) -> IO[bytes]:
        return partial.path_for(upload_id).open("rb")

    @contextlib.contextmanager
    def claim(self, upload_id: uuid.UUID, size: int) -> Iterator[Claim]:
        used = _("This upload has already been used.")
        source = partial.path_for(upload_id)
        target = partial.temp_dir() / f"{uuid.uuid4().hex}{SUFFIX}"
        if not source.exists():
            raise UploadUnavailable(used)
        try:
            with PartialFile(upload_id, create=False) as lock:
                if lock.size() != size:
                    raise UploadUnavailable(used)
                source.rename(target)
        except Locked:
            raise UploadUnavailable(_("This upload is busy; try again.")) from None
        except FileNotFoundError:
            raise UploadUnavailable(used) from None
        try:
            yield _FileClaim(target)
        except BaseException:
            if target.exists():
                target.replace(source)
            raise
        with contextlib.suppress(FileNotFoundError):
            target.unlink()  # a storage that copied leaves it behind
