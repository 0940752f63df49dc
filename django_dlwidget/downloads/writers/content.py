"""What ``save_download`` was given, checked at once and then made into one complete file.

Rows (CSV, XLSX, JSON Lines), ZIP members, an iterator of bytes and a file that cannot seek are
all written into a local spooled or temporary file first, and the storage only ever sees that
finished file: when the rows raise half-way, there is nothing in the storage to take back, and
storages that must seek or need a size (S3) get a file that can. Bytes and a seekable binary file
go to the storage as they are (the caller's file is not closed).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import IO, Any

from django.core.files import File
from django.core.files.base import ContentFile

from .archive import checked_chunks, zip_chunks
from .formats import CONTENT_TYPES, check_encoding_for, check_format, check_rows, write_rows
from .spool import Cadence, Check, file_blocks, spool_chunks

BYTES_LIKE = bytes | bytearray | memoryview


class Content:
    """``save_download``'s ``iterable``/``file``/``header``/``format``/``encoding``, checked on
    creation: ``TypeError`` or ``ValueError`` before anything is written."""

    def __init__(
        self,
        iterable: Iterable[Any] | Mapping[str, Any] | None,
        file: Any,
        *,
        header: Sequence[Any] | None = None,
        format: str = "csv",
        encoding: str | None = None,
    ) -> None:
        if (iterable is None) == (file is None):
            raise TypeError("save_download() takes either an iterable of rows or a file")
        check_format(format)
        if file is not None and encoding is not None:
            raise TypeError("encoding= is for rows; file= is stored as it is.")
        check_encoding_for(format, encoding)
        if iterable is not None and format == "zip":
            if header is not None:
                raise TypeError("A ZIP member's header goes into its Rows(..., header=...).")
            check_rows(iterable)
        elif iterable is not None:
            check_rows(iterable)
        else:
            if header is not None:
                raise TypeError("header= is for rows; file= is stored as it is.")
            _check_file(file)
        self.iterable = iterable
        self.file = file
        self.header = header
        self.format = format
        self.encoding = encoding

    @property
    def content_type(self) -> str | None:
        """The format's content type for rows and members; None for a file (unknown)."""
        return CONTENT_TYPES[self.format] if self.iterable is not None else None

    @contextmanager
    def open(self, check: Check | None = None) -> Iterator[File[Any]]:
        """The finished content as a ``File`` for ``Storage.save``; ``check`` (which raises to
        stop) runs every two seconds while it is written. Temporary files go on exit."""
        if self.iterable is not None:
            spool = self.write(check)
        elif isinstance(self.file, BYTES_LIKE):
            yield ContentFile(bytes(self.file))
            return
        elif hasattr(self.file, "read"):
            if _seekable(self.file):
                yield File(self.file)
                return
            spool = spool_chunks(file_blocks(self.file, close=False), Cadence(check, every=1))
        else:
            chunks = checked_chunks(self.file, "file=")
            spool = spool_chunks(chunks, Cadence(check, every=1))
        with spool:
            yield File(spool)

    def write(self, check: Check | None = None) -> IO[bytes]:
        """Rows or members as a new finished file at position 0 (the caller closes it)."""
        if self.iterable is None:
            raise TypeError("Only rows and ZIP members are written; a file is stored as it is.")
        if self.format == "zip":
            return spool_chunks(zip_chunks(self.iterable, Cadence(check, every=1)))
        return write_rows(
            self.format, self.iterable, header=self.header, check=check, encoding=self.encoding
        )


def _check_file(file: Any) -> None:
    if isinstance(file, BYTES_LIKE):
        return
    if isinstance(file, str | io.TextIOBase):
        raise TypeError("file= takes bytes or a binary file, not text: encode it, or open 'rb'.")
    if not hasattr(file, "read") and not isinstance(file, Iterable):
        raise TypeError(
            f"file= takes bytes, a binary file or an iterable of bytes, not {type(file).__name__}."
        )


def _seekable(file: IO[bytes]) -> bool:
    try:
        return bool(file.seekable())
    except (AttributeError, OSError, ValueError):
        return False
