"""A deferred-length upload's body, within its owner's quota.

Such an upload reserved nothing when it was made (its length was unknown), so every body that
reaches it reserves its room first (:func:`~.quota.reserve_until`), for as long as the request
runs: a body that says how long it is, or one that declares the upload's length, is refused
before a byte is written when it does not fit; one of unknown length (chunked, or streamed by
the ASGI wrapper) reserves all the room left, is let through up to it, and the byte after that
ends the request with 413. What was written up to the limit is kept, as for any cut body. The
writer sees an ordinary body: the stream is wrapped, keeping the ASGI wrapper's ``pour`` where
it has one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from ..models import Upload
from .auth import Principal
from .bridge import Sink
from .errors import TusError
from .messages import Body, Readable
from .quota import give_back, reserve_until


class Pourable(Readable, Protocol):
    def pour(self, sink: Sink, *, tick: Callable[[int], None], every: float) -> int: ...


@contextmanager
def within_quota(
    principal: Principal, upload: Upload, body: Body, *, declared: int | None = None
) -> Iterator[Body]:
    """``body`` as the writer may take it into the deferred-length ``upload`` (413 when it
    cannot fit), its room reserved for the block; ``declared``: the length this request
    declares. Any other upload's body unchanged (its length was reserved at creation)."""
    if upload.length is not None or upload.complete:
        yield body
        return
    if declared is not None:
        end: int | None = declared  # the writer stops the body there
    elif body.length is not None:
        end = upload.offset + body.length
    else:
        end = None
    reserved, budget = reserve_until(principal, upload, end)
    writer_elsewhere = False
    try:
        if end is None:
            left = max(0, reserved - upload.offset)
            if hasattr(body.stream, "pour"):
                stream: CappedStream = CappedPour(body.stream, left, budget.over_quota)  # type: ignore[arg-type]
            else:
                stream = CappedStream(body.stream, left, budget.over_quota)
            body = Body(stream, None)
        yield body
    except TusError as error:
        # 423: another request holds the lease and is writing, so the room is its reservation;
        # 429 may come before the lease too. Either way this request wrote nothing and is
        # retried, and whichever PATCH writes next gives the room back.
        writer_elsewhere = error.status in (423, 429)
        raise
    finally:
        if not writer_elsewhere:
            give_back(upload)


class CappedStream:
    """Reads at most ``left`` bytes from ``inner``; raises ``refusal()`` if more follow."""

    def __init__(self, inner: Readable, left: int, refusal: Callable[[], TusError]) -> None:
        self.inner, self.left, self.refusal = inner, left, refusal
        self.full = False

    @property
    def aborted(self) -> bool:
        return bool(getattr(self.inner, "aborted", False))

    def read(self, size: int, /) -> bytes:
        if self.full:
            raise self.refusal()
        data = self.inner.read(min(size, self.left + 1))
        if len(data) > self.left:
            # Hand over what fits (kept, as a cut body's bytes are); refuse at the next read.
            data, self.full = data[: self.left], True
            if not data:
                raise self.refusal()
        self.left -= len(data)
        return data


class _CappedSink:
    def __init__(self, sink: Sink, owner: CappedPour) -> None:
        self.sink, self.owner = sink, owner

    def write(self, data: bytes, /) -> None:
        owner = self.owner
        if len(data) > owner.left:
            if owner.left:
                self.sink.write(data[: owner.left])  # keep what fits, as a cut body
                owner.left = 0
            raise owner.refusal()
        self.sink.write(data)
        owner.left -= len(data)


class CappedPour(CappedStream):
    """:class:`CappedStream` over the ASGI wrapper's stream, whose event loop pours the body."""

    inner: Pourable

    def __init__(self, inner: Pourable, left: int, refusal: Callable[[], TusError]) -> None:
        super().__init__(inner, left, refusal)

    def pour(self, sink: Sink, *, tick: Callable[[int], None], every: float) -> int:
        return self.inner.pour(_CappedSink(sink, self), tick=tick, every=every)
