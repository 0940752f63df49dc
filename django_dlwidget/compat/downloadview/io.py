"""``django_downloadview.io``: read-only file objects over an iterator of chunks.

``BytesIteratorIO`` and ``TextIteratorIO`` let generated content (a generator of CSV rows, a
remote body) be handed to anything that reads a file. Chunks are pulled only as reads need them,
never all at once. Neither seeks nor tells, so ``File.size`` cannot mistake one for an empty
file, and ``serve_file()`` streams it as content of unknown size (chunked, no
``Content-Length``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.encoding import force_bytes, force_str

__all__ = ("BytesIteratorIO", "TextIteratorIO")


class _Chunks:
    """The shared reader: a buffer in front of an iterator, of ``bytes`` or ``str``."""

    def __init__(self, iterator: Iterable[Any], empty: Any, convert: Any, newline: Any) -> None:
        self._source = iterator
        self._chunks: Iterator[Any] = iter(iterator)
        self._buffer = empty
        self._empty, self._convert, self._newline = empty, convert, newline

    def _fill(self) -> bool:
        """Put the next non-empty chunk in the buffer; False at the end."""
        while not self._buffer:
            try:
                self._buffer = self._convert(next(self._chunks))
            except StopIteration:
                return False
        return True

    def _take(self, count: int) -> Any:
        taken, self._buffer = self._buffer[:count], self._buffer[count:]
        return taken

    def read(self, size: int | None = -1) -> Any:
        parts = []
        remaining = -1 if size is None or size < 0 else size
        while remaining and self._fill():
            part = self._take(len(self._buffer) if remaining < 0 else remaining)
            parts.append(part)
            if remaining > 0:
                remaining -= len(part)
        return self._empty.join(parts)

    def readline(self, size: int | None = -1) -> Any:
        parts = []
        remaining = -1 if size is None or size < 0 else size
        while remaining and self._fill():
            end = self._buffer.find(self._newline)
            count = len(self._buffer) if end < 0 else end + 1
            part = self._take(count if remaining < 0 else min(count, remaining))
            parts.append(part)
            if remaining > 0:
                remaining -= len(part)
            if part.endswith(self._newline):
                break
        return self._empty.join(parts)

    def close(self) -> None:
        close = getattr(self._source, "close", None)
        if callable(close):
            close()


class TextIteratorIO(io.TextIOBase):
    """A text file read from an iterator of ``str`` (``bytes`` chunks are decoded as UTF-8)."""

    def __init__(self, iterator: Iterable[str | bytes]) -> None:
        super().__init__()
        self._reader = _Chunks(iterator, "", force_str, "\n")

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def read(self, size: int | None = -1, /) -> str:
        text: str = self._reader.read(size)
        return text

    def readline(self, size: int | None = -1, /) -> str:  # type: ignore[override]
        line: str = self._reader.readline(size)
        return line

    def close(self) -> None:
        if not self.closed:
            self._reader.close()
        super().close()


class BytesIteratorIO(io.BytesIO):
    """A binary file read from an iterator of ``bytes`` (``str`` chunks are encoded as UTF-8)."""

    def __init__(self, iterator: Iterable[bytes | str]) -> None:
        super().__init__()
        self._reader = _Chunks(iterator, b"", force_bytes, b"\n")

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def read(self, size: int | None = -1, /) -> bytes:
        data: bytes = self._reader.read(size)
        return data

    def seek(self, offset: int, whence: int = io.SEEK_SET, /) -> int:
        raise io.UnsupportedOperation("A BytesIteratorIO is read once, from its start.")

    def tell(self) -> int:
        raise io.UnsupportedOperation("A BytesIteratorIO is read once, from its start.")

    def read1(self, size: int | None = -1, /) -> bytes:
        return self.read(size)

    def readline(self, size: int | None = -1, /) -> bytes:
        line: bytes = self._reader.readline(size)
        return line

    def close(self) -> None:
        if not self.closed:
            self._reader.close()
        super().close()
