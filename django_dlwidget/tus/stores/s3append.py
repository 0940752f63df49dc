"""The S3 store's appender: a body spooled part by part, full parts sent while the next fills.

Receiving the client's body and sending parts to S3 both wait on the network (and S3 takes a
while with each part once it has it), so full parts are sent by background threads while the
writer's thread spools the next: at most ``IN_FLIGHT`` parts are being sent and one filled, each
in a temporary file of its own (never memory). Parts in flight are settled, oldest first, before
anything is made durable and before the appender is let go, so no part reaches S3 after its
writer has moved on (or released its lease). The lease guard runs in the writer's thread, just
before each part starts.

Parts may land out of order, so a writer that dies can leave a full part past a missing one.
What is stored is still the run of full parts from part 1 (:mod:`.s3state`); such a stray part
is emptied before the part in front of it is sent again, so that it can never join the run with
bytes of an earlier body. A part that failed takes the place of the one being filled (later ones
are dropped: they were never durable, and the client sends them again from the offset it is
given), so that ``flush`` keeps its bytes as a tail, as before a part is sent.
"""

from __future__ import annotations

import collections
import contextlib
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO, TYPE_CHECKING, Any, Final, NamedTuple

from .base import Appender

if TYPE_CHECKING:
    from .s3parts import MultipartData

IN_FLIGHT: Final = 2


def _spool() -> IO[bytes]:
    return tempfile.TemporaryFile(prefix="dlwidget-part-")


class _Flight(NamedTuple):
    number: int
    length: int
    spool: IO[bytes]
    sent: Future[Any]


class PartAppender(Appender):
    """Spools up to one part, sends each full part, keeps the rest as the next tail."""

    # Sending a part blocks on the network: the ASGI wrapper must not pour into it from the
    # event loop; the view's thread reads the body instead.
    pourable = False

    def __init__(self, data: MultipartData) -> None:
        self.data, state = data, data.state
        # Closed by close() (MultipartData.close(), or a cut that drops this appender).
        self.spool = _spool()
        self.number = state.full + 1
        self.filled = 0
        self._durable = data.size()
        self._spares: list[IO[bytes]] = []
        self._sender: ThreadPoolExecutor | None = None
        self._flights: collections.deque[_Flight] = collections.deque()
        # Full parts past the next one: strays of a writer that died with parts in flight.
        self._strays = [n for n, part in state.parts.items() if n > self.number and part.size]
        # Tails older than the one folded in now: the one folded in stays until the next body.
        self.stale = [n for n in state.tails if n < self.number]
        if state.tail:
            data.target.download(data.target.tail_key(self.number), self.spool, state.tail)
            self.filled = self.spool.tell()

    @property
    def durable(self) -> int:
        while self._flights and self._flights[0].sent.done():
            if self._flights[0].sent.exception() is not None:
                break  # reported by the next write, flush or finish
            self._settle(keep=len(self._flights) - 1)
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
                self._send_part(background=True)

    def _upload(self, spool: IO[bytes], number: int, length: int) -> Any:
        target, state = self.data.target, self.data.state
        spool.seek(0)
        return target.client.upload_part(
            Bucket=target.bucket,
            Key=target.key,
            UploadId=state.upload_id,
            PartNumber=number,
            Body=spool,
            ContentLength=length,
            **state.part_args(),
        )

    def _send_part(self, *, background: bool) -> None:
        self._settle(keep=IN_FLIGHT - 1 if background else 0)
        if self.guard is not None:
            self.guard()
        if self._strays:
            self.data.empty_parts(self._strays)
            self._strays = []
        number, length, spool = self.number, self.filled, self.spool
        if background:
            if self._sender is None:
                self._sender = ThreadPoolExecutor(IN_FLIGHT, thread_name_prefix="dlwidget-s3")
            sent = self._sender.submit(self._upload, spool, number, length)
            self._flights.append(_Flight(number, length, spool, sent))
            self.spool = self._spares.pop() if self._spares else _spool()
        else:
            self._sent(number, length, self._upload(spool, number, length))
        self.spool.seek(0)
        self.spool.truncate()
        self.number, self.filled = number + 1, 0

    def _sent(self, number: int, length: int, response: Any) -> None:
        target, state = self.data.target, self.data.state
        state.record(number, length, response)
        if length == target.part_size:
            state.full, state.tail = number, 0
            self._durable = state.full * target.part_size

    def _settle(self, *, keep: int = 0) -> None:
        """Wait for parts in flight, oldest first, until ``keep`` are left, recording each;
        if one failed, wait for all, go back to before it was sent and re-raise its error."""
        while len(self._flights) > keep:
            flight = self._flights.popleft()
            try:
                response = flight.sent.result()
            except BaseException:
                for later in self._flights:
                    with contextlib.suppress(BaseException):
                        later.sent.result()
                    self._spares.append(later.spool)
                self._flights.clear()
                self._spares.append(self.spool)
                self.spool, self.number, self.filled = flight.spool, flight.number, flight.length
                self.spool.seek(0, 2)
                raise
            self._sent(flight.number, flight.length, response)
            self._spares.append(flight.spool)

    def flush(self) -> None:
        self._settle()
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
        self._settle()
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
                self._send_part(background=False)
            target.client.complete_multipart_upload(
                Bucket=target.bucket,
                Key=target.key,
                UploadId=state.upload_id,
                MultipartUpload=state.completion(self.number - 1),
            )
        for number in list(state.tails):
            data.delete_tail(number)
        data.sealed, data.sealed_size = True, size
        self._durable = size

    def close(self) -> None:
        """Wait for the parts in flight (whatever became of them), then drop the spools."""
        try:
            with contextlib.suppress(Exception):  # the writer saw it, or needs it no more
                self._settle()
        finally:
            if self._sender is not None:
                self._sender.shutdown(wait=True)
                self._sender = None
            for spool in (self.spool, *self._spares, *(f.spool for f in self._flights)):
                spool.close()
            self._spares.clear()
