"""The event loops that events are published on.

The ASGI server's loop, remembered so that worker threads can publish on it: with the in-memory
channel layer, a job running on a thread of the server process must send its events on the
server's loop (where the consumers wait), not on a private loop made by ``async_to_sync``. The loop
is recorded on first async use: a ``request_started`` receiver runs inside ``sync_to_async`` under
ASGI, where asgiref knows the server loop, a consumer records it on connect, and async callers of
``publish`` record the running loop.

A process without a server loop (a worker process) publishes on one private loop on a daemon
thread, kept for the life of the process: channels_redis keeps its connections per loop, so a new
loop per publish (``async_to_sync``) would open a new Redis connection for every event.
"""

from __future__ import annotations

import asyncio
import os
import threading

from asgiref.sync import SyncToAsync

_server_loop: asyncio.AbstractEventLoop | None = None
_publisher: tuple[int, asyncio.AbstractEventLoop] | None = None
_publisher_lock = threading.Lock()


def remember_loop(loop: asyncio.AbstractEventLoop | None = None) -> None:
    """Record ``loop``, or the loop this code runs under (directly or through sync_to_async)."""
    global _server_loop
    if loop is None:
        loop = _current_loop()
    if loop is not None and not loop.is_closed():
        _server_loop = loop


def forget_loop() -> None:
    global _server_loop
    _server_loop = None


def server_loop() -> asyncio.AbstractEventLoop | None:
    """The recorded loop if it still runs, else None."""
    loop = _server_loop
    if loop is None or loop.is_closed() or not loop.is_running():
        return None
    return loop


def _current_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        pass
    local = SyncToAsync.threadlocal
    if getattr(local, "main_event_loop_pid", None) != os.getpid():
        return None
    loop = getattr(local, "main_event_loop", None)
    return loop if isinstance(loop, asyncio.AbstractEventLoop) else None


def publisher_loop() -> asyncio.AbstractEventLoop:
    """This process's private publishing loop, started on first use (and again after a fork)."""
    global _publisher
    with _publisher_lock:
        if _publisher is not None:
            pid, loop = _publisher
            if pid == os.getpid() and loop.is_running():
                return loop
        loop = asyncio.new_event_loop()
        started = threading.Event()
        thread = threading.Thread(
            target=_run_forever, args=(loop, started), name="dlwidget-publisher", daemon=True
        )
        thread.start()
        started.wait(5)
        _publisher = (os.getpid(), loop)
        return loop


def _run_forever(loop: asyncio.AbstractEventLoop, started: threading.Event) -> None:
    asyncio.set_event_loop(loop)
    loop.call_soon(started.set)
    loop.run_forever()
