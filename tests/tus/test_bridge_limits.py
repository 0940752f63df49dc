"""The body bridge's limits: an idle timeout, a minimum average rate, and the database
connection given back before each wait (issue 13, finding 1)."""

from __future__ import annotations

import asyncio
import threading

from django_dlwidget.tus.bridge import IDLE, SLOW, BodyBridge

from .test_bridge import LOOP_THREAD, Recorder, run_loop


def trickle(
    *, idle_timeout: float, min_rate: int, every: float, count: int, read: bool = False
) -> tuple[BodyBridge, int, list[str]]:
    """Feed one byte every ``every`` s while a worker pours (or reads) the body."""
    waits: list[str] = []

    def on_wait() -> None:
        waits.append(threading.current_thread().name)

    async def main() -> tuple[BodyBridge, int]:
        bridge = BodyBridge(
            asyncio.get_running_loop(),
            idle_timeout=idle_timeout,
            min_rate=min_rate,
            on_wait=on_wait,
        )
        sink = Recorder()

        def worker() -> int:
            if read:
                total = 0
                while block := bridge.read(1024):
                    total += len(block)
                return total
            return bridge.pour(sink, tick=lambda poured: None, every=0.05)

        done = asyncio.ensure_future(asyncio.to_thread(worker))
        for _ in range(count):
            if done.done():
                break
            await bridge.feed(b"x")
            await asyncio.sleep(every)
        if not done.done():
            bridge.end()
        return bridge, await done

    bridge, taken = run_loop(main)
    return bridge, taken, waits


def test_a_trickling_body_is_ended_as_too_slow_and_keeps_its_bytes() -> None:
    bridge, poured, _ = trickle(idle_timeout=0.3, min_rate=1000, every=0.05, count=200)
    assert bridge.cut == SLOW
    assert bridge.aborted
    assert 0 < poured < 200  # what came is kept (written), the rest never waited for


def test_a_body_fast_enough_is_not_cut() -> None:
    bridge, poured, _ = trickle(idle_timeout=0.2, min_rate=10, every=0.01, count=60)
    assert bridge.cut is None
    assert not bridge.aborted
    assert poured == 60


def test_reading_a_trickle_is_cut_too() -> None:
    bridge, taken, _ = trickle(idle_timeout=0.3, min_rate=1000, every=0.05, count=200, read=True)
    assert bridge.cut == SLOW
    assert 0 < taken < 200


def test_the_worker_gives_back_its_connection_before_waiting() -> None:
    _, _, waits = trickle(idle_timeout=0.3, min_rate=1000, every=0.05, count=200)
    assert waits
    assert LOOP_THREAD not in waits  # the worker's connection, in the worker's thread


def test_a_stall_is_reported_as_idle() -> None:
    async def main() -> BodyBridge:
        bridge = BodyBridge(asyncio.get_running_loop(), idle_timeout=0.1)
        await bridge.feed(b"abc")
        await asyncio.to_thread(bridge.pour, Recorder(), tick=lambda poured: None, every=5.0)
        return bridge

    bridge = run_loop(main)
    assert bridge.cut == IDLE
    assert bridge.aborted


def test_a_body_already_in_keeps_the_connection() -> None:
    """Nothing to wait for: giving the connection back would only cost a reconnect."""
    waits: list[int] = []

    async def main() -> int:
        bridge = BodyBridge(asyncio.get_running_loop(), on_wait=lambda: waits.append(1))
        await bridge.feed(b"abc")
        bridge.end()
        return await asyncio.to_thread(bridge.pour, Recorder(), tick=lambda poured: None, every=5.0)

    assert run_loop(main) == 3
    assert waits == []
