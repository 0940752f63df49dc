"""A deferred-length body cut where the quota ends: read in blocks, or poured by the ASGI
wrapper's event loop (the bridge), what fits is written and the next byte is refused."""

from __future__ import annotations

import asyncio
import io

import pytest

from django_dlwidget.tus.bridge import BodyBridge
from django_dlwidget.tus.errors import TusError
from django_dlwidget.tus.quotabody import CappedPour, CappedStream

from .test_bridge import Recorder, run_loop


def refusal() -> TusError:
    return TusError(413, "quota_exceeded", "full")


def test_a_read_body_stops_at_the_room_left() -> None:
    stream = CappedStream(io.BytesIO(b"abcdefgh"), 5, refusal)
    assert stream.read(3) == b"abc"
    assert stream.read(100) == b"de"  # what fits is handed over
    with pytest.raises(TusError):
        stream.read(100)
    assert CappedStream(io.BytesIO(b"abc"), 5, refusal).read(100) == b"abc"


@pytest.mark.parametrize("before_pour", [0, 2, 4])
def test_a_poured_body_stops_at_the_room_left(before_pour: int) -> None:
    messages = [bytes([65 + n]) * 3 for n in range(4)]  # AAA BBB CCC DDD
    sink = Recorder()

    async def main() -> int | BaseException:
        bridge = BodyBridge(asyncio.get_running_loop())
        for message in messages[:before_pour]:
            await bridge.feed(message)
        capped = CappedPour(bridge, 7, refusal)

        def pour() -> int | BaseException:
            try:
                return capped.pour(sink, tick=lambda poured: None, every=5.0)
            except TusError as exc:
                return exc

        poured = asyncio.ensure_future(asyncio.to_thread(pour))
        early = min(7, 3 * before_pour)  # the worker has taken over what came before
        while bridge._poured < early and not poured.done():
            await asyncio.sleep(0.001)
        for message in messages[before_pour:]:
            await bridge.feed(message)
        bridge.end()
        return await poured

    result = run_loop(main)
    assert isinstance(result, TusError)
    assert result.status == 413
    assert b"".join(sink.parts) == b"AAABBBC"  # seven bytes, then the refusal
