"""One unfinished upload on S3: a multipart upload, appended to in whole parts.

S3 parts must be at least 5 MiB (all but the last), tus bodies may be any size. So every part
but the last is exactly ``part_size`` bytes, and bytes that do not fill one yet are kept as a
small object of their own, the *tail* ``<key>.tail.<n>`` of part ``n``; the next body starts by
folding it back into the part it is the start of (tusd's s3store does the same with its ``.part``
object). The data a writer spools before a part is sent is at most one part, in a temporary file.

What is stored is read from S3 itself, never from a local file: the parts ``1..F`` that all have
``part_size`` bytes, plus the tail of part ``F + 1`` if there is one. A writer that dies mid-body
leaves whole parts (kept) and a stale tail (ignored). To cut back to an earlier offset (a
checksummed body that failed) the parts after it are overwritten with empty ones, which breaks
the run of full parts there, and the tail of that offset's part is restored; tails are removed
only by the next writer, so the previous body's one is still there when a cut needs it.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from typing import Any, Final

from .base import Appender, PartialData

MIB: Final = 1024 * 1024
MIN_PART: Final = 5 * MIB
MAX_PART: Final = 5 * 1024 * MIB
BLOCK: Final = MIB


@dataclass
class Target:
    """Where one upload lives: the client, bucket, object key and part size."""

    client: Any
    bucket: str
    key: str
    part_size: int

    def tail_key(self, number: int) -> str:
        return f"{self.key}.tail.{number}"

    def pages(self, operation: str, **kwargs: Any) -> Any:
        return self.client.get_paginator(operation).paginate(Bucket=self.bucket, **kwargs)

    def download(self, key: str, spool: Any, length: int | None = None) -> None:
        """Append (the first ``length`` bytes of) an object to ``spool`` block by block."""
        extra = {} if length is None else {"Range": f"bytes=0-{length - 1}"}
        body = self.client.get_object(Bucket=self.bucket, Key=key, **extra)["Body"]
        for block in body.iter_chunks(BLOCK):
            spool.write(block)
        body.close()


@dataclass
class State:
    """The multipart upload as listed: part number -> (size, ETag); tail number -> size."""

    upload_id: str
    parts: dict[int, tuple[int, str]] = field(default_factory=dict)
    tails: dict[int, int] = field(default_factory=dict)
    full: int = 0  # parts 1..full all have part_size bytes
    tail: int = 0  # bytes in the tail of part full + 1


def load(target: Target, upload_id: str) -> State:
    state = State(upload_id)
    for page in target.pages("list_parts", Key=target.key, UploadId=upload_id):
        for part in page.get("Parts", []):
            state.parts[int(part["PartNumber"])] = (int(part["Size"]), str(part["ETag"]))
    prefix = target.tail_key(0)[:-1]
    for page in target.pages("list_objects_v2", Prefix=prefix):
        for item in page.get("Contents", []):
            suffix = str(item["Key"])[len(prefix) :]
            if suffix.isdigit():
                state.tails[int(suffix)] = int(item["Size"])
    while state.parts.get(state.full + 1, (0, ""))[0] == target.part_size:
        state.full += 1
    state.tail = state.tails.get(state.full + 1, 0)
    return state


class MultipartData(PartialData):
    """An unfinished upload's data; sealed once the multipart upload is completed."""

    def __init__(self, target: Target, upload_id: str) -> None:
        self.target = target
        self.state = load(target, upload_id)
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
        for number, (size, _etag) in sorted(state.parts.items()):
            if number > full and size:
                # An empty part ends the run of full parts here; a later body overwrites it.
                etag = target.client.upload_part(
                    Bucket=target.bucket,
                    Key=target.key,
                    UploadId=state.upload_id,
                    PartNumber=number,
                    Body=b"",
                )["ETag"]
                state.parts[number] = (0, str(etag))
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
            self._appender.spool.close()
            self._appender = None

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


class PartAppender(Appender):
    """Spools up to one part, sends each full part, keeps the rest as the next tail."""

    # Sending a part blocks on the network: the ASGI wrapper must not pour into it from the
    # event loop; the view's thread reads the body instead.
    pourable = False

    def __init__(self, data: MultipartData) -> None:
        self.data, state = data, data.state
        # Closed by MultipartData.close() (or when a cut drops this appender).
        self.spool = tempfile.TemporaryFile(prefix="dlwidget-part-")  # noqa: SIM115
        self.number = state.full + 1
        self.filled = 0
        self._durable = data.size()
        # Tails older than the one folded in now: the one folded in stays until the next body.
        self.stale = [n for n in state.tails if n < self.number]
        if state.tail:
            data.target.download(data.target.tail_key(self.number), self.spool, state.tail)
            self.filled = self.spool.tell()

    @property
    def durable(self) -> int:
        return self._durable

    def write(self, data: bytes, /) -> None:
        view = memoryview(data)
        size = self.data.target.part_size
        while view:
            take = min(len(view), size - self.filled)
            self.spool.write(view[:take])
            self.filled += take
            view = view[take:]
            if self.filled == size:
                self._send_part()

    def _send_part(self) -> None:
        target, state = self.data.target, self.data.state
        if self.guard is not None:
            self.guard()
        self.spool.seek(0)
        etag = target.client.upload_part(
            Bucket=target.bucket,
            Key=target.key,
            UploadId=state.upload_id,
            PartNumber=self.number,
            Body=self.spool,
            ContentLength=self.filled,
        )["ETag"]
        state.parts[self.number] = (self.filled, str(etag))
        if self.filled == target.part_size:
            state.full, state.tail = self.number, 0
            self._durable = state.full * target.part_size
        self.number += 1
        self.spool.seek(0)
        self.spool.truncate()
        self.filled = 0

    def flush(self) -> None:
        if self.filled:
            if self.guard is not None:
                self.guard()
            self.spool.seek(0)
            self.data._put_tail(self.number, self.spool, self.filled)
            self.data.state.tail = self.filled
            self.spool.seek(0, 2)
            self._durable = self.data.size()
        for number in self.stale:
            self.data.delete_tail(number)
        self.stale = []

    def finish(self, *, complete: bool) -> None:
        if not complete:
            self.flush()
            return
        data, target, state = self.data, self.data.target, self.data.state
        size = (self.number - 1) * target.part_size + self.filled
        if size == 0:
            # S3 cannot complete a multipart upload without parts: an empty object instead.
            target.client.abort_multipart_upload(
                Bucket=target.bucket, Key=target.key, UploadId=state.upload_id
            )
            target.client.put_object(Bucket=target.bucket, Key=target.key, Body=b"")
        else:
            if self.filled:
                self._send_part()
            parts = [
                {"PartNumber": number, "ETag": state.parts[number][1]}
                for number in range(1, self.number)
            ]
            target.client.complete_multipart_upload(
                Bucket=target.bucket,
                Key=target.key,
                UploadId=state.upload_id,
                MultipartUpload={"Parts": parts},
            )
        for number in list(state.tails):
            data.delete_tail(number)
        data.sealed, data.sealed_size = True, size
        self._durable = size
