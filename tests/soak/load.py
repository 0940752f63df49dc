"""The soak's load, all of it through nginx: download-centre sockets and pollers held for a
while as exports run, each failure counted.

- A socket opens ``ws/dlwidget/`` with a user's session, must get its snapshot, stay open for the
  whole run (the client pings as a browser's does, so idle proxies see traffic) and receive the
  ``ready`` event of each export its user owns.
- A poller sends ``GET dlwidget/downloads/`` with ``If-None-Match`` about once a second on a
  keep-alive connection, as the centre's polling transport does; every answer must be 200 or 304.
- The app servers' resident memory is sampled throughout: start, peak and end per server.

:func:`run` drives it on a started :class:`tests.harness.stack.Stack`; tests/soak/test_soak.py
runs it briefly in ``make test`` and ``python -m tests.soak`` (``make soak``) at full size.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from websockets.asyncio.client import ClientConnection, connect

WAIT = 60.0  # seconds any one open, snapshot or answer may take on a loaded machine


@dataclass
class Load:
    sockets: int
    pollers: int
    seconds: float
    exports: int


@dataclass
class Result:
    errors: list[str] = field(default_factory=list)
    sockets_open: int = 0
    events: int = 0
    gaps: int = 0  # an event's version more than one past the socket's last
    polls: dict[int, int] = field(default_factory=dict)  # status -> count
    ready: int = 0  # exports seen ready by every socket of their owner
    rss_kib: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # start, peak, end
    phases: dict[str, float] = field(default_factory=dict)  # seconds since the start of each

    def error(self, text: str) -> None:
        if len(self.errors) < 1000:
            self.errors.append(text)


def rss_kib(pid: int | None) -> int:
    if pid is None:
        return 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Memory:
    """Start, peak and end resident memory of each app server (by name), sampled."""

    def __init__(self, pids: dict[str, int | None]) -> None:
        self.pids = pids
        self.start = {name: rss_kib(pid) for name, pid in pids.items()}
        self.peak = dict(self.start)

    def sample(self) -> None:
        for name, pid in self.pids.items():
            self.peak[name] = max(self.peak[name], rss_kib(pid))

    def figures(self) -> dict[str, tuple[int, int, int]]:
        self.sample()
        end = {name: rss_kib(pid) for name, pid in self.pids.items()}
        return {name: (self.start[name], self.peak[name], end[name]) for name in self.pids}


class Socket:
    """One download-centre socket: the keys it saw ready, and whether it stayed open."""

    def __init__(self, number: int, cookie: str) -> None:
        self.number, self.cookie = number, cookie
        self.ready: set[str] = set()
        self.connection: ClientConnection | None = None
        self.version = 0  # the user's list version last seen: each event carries the next one

    async def open(self, base: str) -> None:
        self.connection = await connect(
            base.replace("http://", "ws://", 1) + "/ws/dlwidget/",
            origin=base,  # type: ignore[arg-type]
            additional_headers={"Cookie": self.cookie},
            proxy=None,
            max_queue=None,
            open_timeout=WAIT,
            ping_interval=20,
            ping_timeout=WAIT,
        )
        first = json.loads(await asyncio.wait_for(self.connection.recv(), WAIT))
        if first.get("type") != "snapshot":
            raise RuntimeError(f"expected a snapshot first, got {first.get('type')!r}")
        self.version = int(first["version"])

    async def listen(self, result: Result, closing: asyncio.Event) -> None:
        assert self.connection is not None
        try:
            async for raw in self.connection:
                message = json.loads(raw)
                result.events += 1
                version = int(message.get("version", 0))
                if version > self.version + 1:
                    result.gaps += 1  # events were lost: a browser would fetch a snapshot
                self.version = max(self.version, version)
                download = message.get("download") or {}
                if message.get("type") == "download" and download.get("status") == "ready":
                    self.ready.add(str(download["key"]))
        except Exception as exc:  # any way of dying is one error, reported
            if not closing.is_set():
                result.error(f"socket {self.number}: {type(exc).__name__}: {exc}")
            return
        if not closing.is_set():
            code = self.connection.close_code
            result.error(f"socket {self.number} closed by the server (code {code})")


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed before an answer")
    headers: dict[str, str] = {}
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    body = b""
    if "chunked" in headers.get("transfer-encoding", ""):
        while size := int((await reader.readline()).split(b";")[0], 16):
            body += (await reader.readexactly(size + 2))[:-2]
        await reader.readline()
    else:
        body = await reader.readexactly(int(headers.get("content-length", "0")))
    return int(status_line.split()[1]), headers, body


async def poller(
    number: int, base: str, cookie: str, result: Result, until: float, interval: float = 1.0
) -> None:
    """Poll until ``until`` (monotonic), reconnecting only when nginx ends a keep-alive."""
    parts = urlsplit(base)
    host, port = parts.hostname or "", parts.port or 80
    etag = ""
    streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    await asyncio.sleep(random.uniform(0, interval))  # spread the first polls
    while time.monotonic() < until:
        request = (
            f"GET /dlwidget/downloads/ HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookie}\r\n"
            + (f"If-None-Match: {etag}\r\n" if etag else "")
            + "\r\n"
        ).encode("latin-1")
        for attempt in (1, 2):
            try:
                if streams is None:
                    streams = await asyncio.open_connection(host, port)
                reader, writer = streams
                writer.write(request)
                await writer.drain()
                status, headers, body = await asyncio.wait_for(_read_answer(reader), WAIT)
                break
            except (ConnectionError, asyncio.IncompleteReadError) as exc:
                streams = None
                if attempt == 2:
                    result.error(f"poller {number}: {type(exc).__name__}: {exc}")
                    status, headers, body = 0, {}, b""
            except TimeoutError:
                streams = None
                result.error(f"poller {number}: no answer in {WAIT:.0f} s")
                status, headers, body = 0, {}, b""
                break
        result.polls[status] = result.polls.get(status, 0) + 1
        if status not in (200, 304, 0):
            result.error(f"poller {number}: HTTP {status} {body[:300]!r}")
        etag = headers.get("etag", etag)
        if headers.get("connection", "").lower() == "close":
            streams = None
        await asyncio.sleep(interval * random.uniform(0.8, 1.2))
    if streams is not None:
        streams[1].close()
