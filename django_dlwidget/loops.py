"""The ASGI server's event loop, remembered so that worker threads can publish on it.

With the in-memory channel layer, a job running on a thread of the server process must send its
events on the server's loop (where the consumers wait), not on a private loop made by
``async_to_sync``. The loop is recorded on first async use: a ``request_started`` receiver runs
inside ``sync_to_async`` under ASGI, where asgiref knows the server loop, and async callers of
``publish`` record the running loop.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from asgiref.sync import SyncToAsync

_server_loop: asyncio.AbstractEventLoop | None = None


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


def on_request_started(sender: Any, **kwargs: Any) -> None:
    """``request_started`` receiver: cheap once the loop is known, a no-op under WSGI."""
    if "scope" in kwargs and server_loop() is None:
        remember_loop()
