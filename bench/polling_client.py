"""The client side of bench/polling.py: a lean keep-alive HTTP/1.1 connection, the idle pollers
(asyncio, one connection each), and the server's CPU time from ``/proc/<pid>/stat``."""

from __future__ import annotations

import asyncio
import os
import socket
from collections import Counter
from pathlib import Path
from typing import Any

from tests.harness.processes import LOOPBACK

LIST = "/dlwidget/downloads/"
TICKS = os.sysconf("SC_CLK_TCK")


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) the process has used, all its threads included."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def request_bytes(path: str, cookie: str, etag: str | None = None) -> bytes:
    head = f"GET {path} HTTP/1.1\r\nHost: {LOOPBACK}\r\nCookie: sessionid={cookie}\r\n"
    if etag:
        head += f"If-None-Match: {etag}\r\n"
    return (head + "\r\n").encode()


def parse_head(head: bytes) -> tuple[int, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split(" ", 2)[1]), headers


class Connection:
    """One keep-alive HTTP/1.1 connection, as little client work per request as possible."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection((LOOPBACK, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def get(self, request: bytes) -> tuple[int, dict[str, str], bytes]:
        self.sock.sendall(request)
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        status, headers = parse_head(head)
        length = int(headers.get("content-length", "0"))
        while len(self.buffer) < length:
            self._fill()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, headers, body

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buffer += chunk


async def poller(
    port: int, cookie: str, first: float, stop: float, interval: float, counts: Counter[str]
) -> None:
    """Fetch the list once, then poll it with its ETag every ``interval`` from ``first`` on."""
    loop = asyncio.get_running_loop()
    reader, writer = await asyncio.open_connection(LOOPBACK, port)
    etag: str | None = None
    at = first
    while True:
        try:
            writer.write(request_bytes(LIST, cookie, etag))
            status, headers = parse_head((await reader.readuntil(b"\r\n\r\n"))[:-4])
            await reader.readexactly(int(headers.get("content-length", "0")))
        except (ConnectionError, asyncio.IncompleteReadError):
            counts["reconnects"] += 1
            writer.close()
            reader, writer = await asyncio.open_connection(LOOPBACK, port)
            continue
        if etag is None:
            etag = headers["etag"]
        else:
            counts[str(status)] += 1
        if at >= stop:
            break
        await asyncio.sleep(max(0.0, at - loop.time()))
        at += interval
    writer.close()


async def idle_pollers(
    port: int, pid: int, cookies: list[str], interval: float, seconds: float
) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    counts: Counter[str] = Counter()
    start = loop.time() + 5.0 + len(cookies) / 200  # every poller has its ETag by then
    stop = start + seconds
    tasks = [
        asyncio.create_task(
            poller(port, c, start + interval * i / len(cookies), stop, interval, counts)
        )
        for i, c in enumerate(cookies)
    ]
    await asyncio.sleep(max(0.0, start - loop.time()))
    cpu = server_cpu(pid)
    await asyncio.sleep(max(0.0, stop - loop.time()))
    used = server_cpu(pid) - cpu
    await asyncio.gather(*tasks)
    statuses = {name: n for name, n in counts.items() if name != "reconnects"}
    return {
        "cpu": used,
        "not_modified": counts["304"],
        "other": sum(statuses.values()) - counts["304"],
        "reconnects": counts["reconnects"],
        "statuses": statuses,
    }
