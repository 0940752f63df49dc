"""Helpers for the live socket tests: the demo's processes on Redis and a socket client."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from tests.harness.demo_server import DemoServer


def socket_url(server: DemoServer) -> str:
    return server.url.replace("http://", "ws://", 1) + "/ws/dlwidget/"


async def open_socket(server: DemoServer, cookie: str) -> ClientConnection:
    """A socket to ``server`` as a page of the site would open it (same Origin, session cookie)."""
    return await connect(
        socket_url(server),
        origin=server.url,  # type: ignore[arg-type]
        additional_headers={"Cookie": cookie},
        proxy=None,
        max_queue=None,
        open_timeout=5,
    )


@dataclass
class Follower:
    """What a client following the socket knows (versions, downloads), as the browser's reducer."""

    version: int | None = None
    downloads: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    connections: int = 0

    def apply(self, event: dict[str, Any]) -> None:
        self.events.append(event)
        if event["type"] == "snapshot":
            if self.version is None or event["version"] >= self.version:
                self.version = event["version"]
                self.downloads = {d["key"]: d for d in event["downloads"]}
            return
        if self.version is not None and event["version"] <= self.version:
            return
        self.version = event["version"]
        if event["type"] == "download":
            self.downloads[event["download"]["key"]] = event["download"]
        else:
            self.downloads.pop(event["key"], None)

    def status(self, key: str) -> str | None:
        download = self.downloads.get(key)
        return None if download is None else str(download["status"])


async def follow(
    server: DemoServer, cookie: str, follower: Follower, until: Any, timeout: float
) -> None:
    """Keep a socket open (reconnecting after any failure) until ``until(follower)`` holds."""
    deadline = time.monotonic() + timeout
    while not until(follower):
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up; last state: {follower.downloads}")
        try:
            async with await open_socket(server, cookie) as socket:
                follower.connections += 1
                while not until(follower) and time.monotonic() < deadline:
                    try:
                        raw = await asyncio.wait_for(socket.recv(), 0.2)
                    except TimeoutError:
                        continue  # nothing yet: look at the condition again
                    follower.apply(json.loads(raw))
        except (OSError, ConnectionClosed, InvalidHandshake):
            await asyncio.sleep(0.2)


async def wait_for(condition: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.02)
