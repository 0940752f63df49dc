"""One HTTP request through an ASGI application in this process, for tests that need the ASGI
path itself (``TusUploadMiddleware``, the tus handler) rather than Django's test client."""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping
from typing import Any

from django.core import signals
from django.db import close_old_connections

Message = MutableMapping[str, Any]


def http_scope(method: str, path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    """An HTTP/1.1 scope for ``testserver`` with ``headers`` after its Host."""
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 40000),
        "server": ("testserver", 80),
    }


async def run(app: Any, scope: dict[str, Any], messages: list[dict[str, Any]]) -> list[Message]:
    """Feed ``messages`` to ``app`` (then keep the client connected until it has answered);
    return what it sent."""
    pending = list(messages)
    sent: list[Message] = []

    async def receive() -> dict[str, Any]:
        if pending:
            return pending.pop(0)
        await asyncio.Future()  # the client stays connected until the answer has come
        raise AssertionError("unreachable")

    async def send(message: Message) -> None:
        sent.append(message)

    # As Django's own test clients do: the test's transaction (and, on PostgreSQL, its
    # connection) must outlive each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        await asyncio.wait_for(app(scope, receive, send), 30)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return sent
