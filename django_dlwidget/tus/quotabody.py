"""A deferred-length upload's body, cut where its owner's quota runs out.

Such an upload reserved nothing when it was made (its length was unknown), so every body that
reaches it is checked: one that says how long it is and does not fit is refused before a byte
is written; one of unknown length (chunked, or streamed by the ASGI wrapper) is let through up
to the room left, and the byte after that ends the request with 413. What was written up to the
limit is kept, as for any cut body. The writer sees an ordinary body: the stream is wrapped,
keeping the ASGI wrapper's ``pour`` where it has one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from ..models import Upload
from .auth import Principal
from .bridge import Sink
from .errors import TusError
from .messages import Body, Readable
from .quota import room


class Pourable(Readable, Protocol):
    def pour(self, sink: Sink, *, tick: Callable[[int], None], every: float) -> int: ...


def within_quota(principal: Principal, upload: Upload, body: Body) -> Body:
    """``body`` as the writer may take it into the deferred-length ``upload`` (413 when it
    cannot fit); any other upload's body unchanged (its length was reserved at creation)."""
    if upload.length is not None or upload.complete:
        return body
    left, budget = room(principal)
    if body.length is not None:
        if body.length > left:
            raise budget.over_quota()
        return body
    if hasattr(body.stream, "pour"):
        return Body(CappedPour(body.stream, left, budget.over_quota), body.length)  # type: ignore[arg-type]
    return Body(CappedStream(body.stream, left, budget.over_quota), body.length)


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
