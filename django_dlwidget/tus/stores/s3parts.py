"""One unfinished upload on S3: a multipart upload, appended to in whole parts.

S3 parts must be at least 5 MiB (all but the last), tus bodies may be any size. So every part
but the last is exactly ``part_size`` bytes, and bytes that do not fill one yet are kept as a
small object of their own, the *tail* ``<key>.tail.<n>`` of part ``n``; the next body starts by
folding it back into the part it is the start of (tusd's s3store does the same with its ``.part``
object). A writer spools at most two parts, in temporary files: the one it fills and the one
being sent (:mod:`.s3append`).

What is stored is read from S3 itself, never from a local file: the parts ``1..F`` that all have
``part_size`` bytes, plus the tail of part ``F + 1`` if there is one. A writer that dies mid-body
leaves whole parts (kept) and a stale tail (ignored). To cut back to an earlier offset (a
checksummed body that failed) the parts after it are overwritten with empty ones, which breaks
the run of full parts there, and the tail of that offset's part is restored; tails are removed
only by the next writer, so the previous body's one is still there when a cut needs it.
"""

from __future__ import annotations

import tempfile
from typing import Any

from .base import Appender, PartialData
from .s3append import PartAppender
from .s3state import State, Target, load


class MultipartData(PartialData):
    """An unfinished upload's data; sealed once the multipart upload is completed."""

    def __init__(
        self, target: Target, upload_id: str, *, checksummed: bool = False, fresh: bool = False
    ) -> None:
        """``fresh``: the multipart upload was just created, so there is nothing to list."""
        self.target = target
        self.state = (
            State(upload_id, checksummed)
            if fresh
            else load(target, upload_id, checksummed=checksummed)
        )
        self.sealed_size = 0
        self._appender: PartAppender | None = None

    def size(self) -> int:
        if self.sealed:
            return self.sealed_size
        return self.state.full * self.target.part_size + self.state.tail

    def truncate(self, length: int) -> int:
        if self.sealed:
            return self.sealed_size
        self._drop_appender()
        state, target = self.state, self.target
        full, rest = divmod(min(length, self.size()), target.part_size)
        have = state.tails.get(full + 1, 0)
        if rest and have < rest:
            rest = 0  # that tail is gone: keep only the whole parts before it
        if rest and have > rest:
            with tempfile.TemporaryFile(prefix="dlwidget-tail-") as spool:
                target.download(target.tail_key(full + 1), spool, rest)
                spool.seek(0)
                self._put_tail(full + 1, spool, rest)
        self.empty_parts([n for n, part in state.parts.items() if n > full and part.size])
        for number in [n for n in state.tails if n > full + 1 or (n == full + 1 and not rest)]:
            self.delete_tail(number)
        state.full, state.tail = full, rest
        return full * target.part_size + rest

    def appender(self, start: int) -> Appender:
        assert not self.sealed, "a sealed upload takes no more bytes"
        assert start == self.size(), "appends start at the end"
        self._drop_appender()
        self._appender = PartAppender(self)
        return self._appender

    def close(self) -> None:
        self._drop_appender()

    def _drop_appender(self) -> None:
        if self._appender is not None:
            self._appender.close()
            self._appender = None

    def empty_parts(self, numbers: list[int]) -> None:
        """Overwrite parts with empty ones: the run of full parts ends before the first of
        them, and a later body overwrites them in turn."""
        target, state = self.target, self.state
        for number in sorted(numbers):
            response = target.client.upload_part(
                Bucket=target.bucket,
                Key=target.key,
                UploadId=state.upload_id,
                PartNumber=number,
                Body=b"",
                **state.part_args(),
            )
            state.record(number, 0, response)

    def _put_tail(self, number: int, body: Any, length: int) -> None:
        target = self.target
        target.client.put_object(
            Bucket=target.bucket, Key=target.tail_key(number), Body=body, ContentLength=length
        )
        self.state.tails[number] = length

    def delete_tail(self, number: int) -> None:
        self.target.client.delete_object(
            Bucket=self.target.bucket, Key=self.target.tail_key(number)
        )
        self.state.tails.pop(number, None)


class SealedData(PartialData):
    """A completed upload's object: whole, verified, never written again."""

    sealed = True

    def __init__(self, size: int) -> None:
        self.sealed_size = size

    def size(self) -> int:
        return self.sealed_size

    def truncate(self, length: int) -> int:
        return self.sealed_size

    def appender(self, start: int) -> Appender:
        return _NothingMore(start)

    def close(self) -> None:
        pass


class _NothingMore(Appender):
    """What a sealed upload appends: nothing (the writer lets no byte past its end)."""

    def __init__(self, end: int) -> None:
        self.end = end

    @property
    def durable(self) -> int:
        return self.end

    def write(self, data: bytes, /) -> None:
        if data:
            raise ValueError("a sealed upload takes no more bytes")

    def flush(self) -> None:
        pass
