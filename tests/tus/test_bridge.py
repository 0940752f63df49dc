"""The body bridge between the event loop and the view's thread, without a server."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import pytest

from django_dlwidget.tus.bridge import BodyBridge

LOOP_THREAD = "test-event-loop"
T = TypeVar("T")


def run_loop(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """``asyncio.run(main())`` in a thread of its own (another test may own this one's loop)."""
    results: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            results.append(asyncio.run(main()))
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=target, name=LOOP_THREAD)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return results[0]


class Recorder:
    """A sink that records what it got, and in which thread; ``fail_on`` raises."""

    def __init__(self, fail_on: bytes | None = None) -> None:
        self.parts: list[bytes] = []
        self.threads: set[str] = set()
        self.writers: list[str] = []  # the thread of each write
        self.fail_on = fail_on
        self.closed = False

    def write(self, data: bytes, /) -> None:
        assert not self.closed, "written after pour() returned"
        self.threads.add(threading.current_thread().name)
        self.writers.append(threading.current_thread().name)
        if data == self.fail_on:
            raise OSError("disk on fire")
        self.parts.append(data)


def run(
    messages: list[bytes],
    sink: Recorder,
    *,
    before_pour: int,
    aborted: bool = False,
    idle_timeout: float = 60.0,
) -> tuple[int | BaseException, BodyBridge]:
    """Feed ``before_pour`` messages, pour in a worker thread, feed the rest, then end."""

    async def main() -> tuple[int | BaseException, BodyBridge]:
        bridge = BodyBridge(asyncio.get_running_loop(), idle_timeout=idle_timeout)
        for message in messages[:before_pour]:
            await bridge.feed(message)
        poured = asyncio.ensure_future(asyncio.to_thread(pour, bridge, sink))
        early = sum(map(len, messages[:before_pour]))
        while bridge._poured < early and not poured.done():  # the worker has taken over
            await asyncio.sleep(0.001)
        for message in messages[before_pour:]:
            await bridge.feed(message)
        if idle_timeout >= 60:
            bridge.end(aborted=aborted)
        result = await poured
        sink.closed = True
        for message in messages:
            await bridge.feed(message)  # too late: never reaches the sink
        return result, bridge

    return run_loop(main)


def pour(bridge: BodyBridge, sink: Recorder) -> int | BaseException:
    try:
        return bridge.pour(sink, tick=lambda poured: None, every=5.0)
    except OSError as exc:
        return exc


def test_pour_keeps_the_order_of_early_and_late_messages() -> None:
    messages = [bytes([n]) * 1000 for n in range(10)]
    sink = Recorder()
    poured, bridge = run(messages, sink, before_pour=4)
    assert poured == 10_000
    assert sink.parts == messages
    assert not bridge.aborted
    # What came before the pour is written by the pouring thread; what comes after, once it
    # has taken over, by the event loop as it arrives (no hand-off per message).
    assert LOOP_THREAD not in sink.writers[:4]
    assert sink.writers[4:] == [LOOP_THREAD] * 6


def test_a_disconnect_ends_the_pour_as_aborted() -> None:
    sink = Recorder()
    poured, bridge = run([b"a" * 10, b"b" * 10], sink, before_pour=1, aborted=True)
    assert poured == 20
    assert bridge.aborted


def test_a_failing_sink_stops_the_pour_and_raises() -> None:
    sink = Recorder(fail_on=b"bad")
    poured, _ = run([b"ok", b"bad", b"never"], sink, before_pour=1)
    assert isinstance(poured, OSError)  # raised by the event loop's write, re-raised here
    assert sink.parts == [b"ok"]
    assert sink.writers == [sink.writers[0], LOOP_THREAD]


def test_a_stalled_body_counts_as_cut() -> None:
    sink = Recorder()
    poured, bridge = run([b"abc"], sink, before_pour=1, idle_timeout=0.05)
    assert poured == 3
    assert bridge.aborted


def test_the_tick_runs_while_pouring_and_can_stop_it() -> None:
    async def main() -> list[int]:
        bridge = BodyBridge(asyncio.get_running_loop())
        await bridge.feed(b"abcd")
        ticks: list[int] = []

        def tick(poured: int) -> None:
            ticks.append(poured)
            raise PermissionError("lease lost")

        sink = Recorder()
        with pytest.raises(PermissionError):
            await asyncio.to_thread(bridge.pour, sink, tick=tick, every=0.0)
        return ticks

    assert run_loop(main) == [4]


def test_read_still_serves_blocks() -> None:
    async def main() -> list[bytes]:
        bridge = BodyBridge(asyncio.get_running_loop())
        for part in (b"ab", b"cd", b"ef"):
            await bridge.feed(part)
        bridge.end()
        return [bridge.read(4), bridge.read(4), bridge.read(4)]

    assert run_loop(main) == [b"abcd", b"ef", b""]
