"""The socket side of bench/websocket.py: download centre sockets of the demo site, held open.

``socket_latency``: one socket, a worker process calling ``set_percentage`` ``updates`` times.
:class:`SocketFanout`: ``count`` sockets of one user on one server process, held open across
rounds; each round is one worker job, and the time from before its ``set_percentage`` call until the
last socket has the event.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from pathlib import Path

from websockets.asyncio.client import ClientConnection, connect

from bench.websocket_raw import CONNECT_BATCH, UPDATE_GAP, WAIT, rss_kib
from tests.harness.demo_server import DemoServer


def finish(worker: subprocess.Popen[str]) -> None:
    output, _ = worker.communicate(timeout=WAIT)
    if worker.returncode:
        raise RuntimeError(f"worker failed:\n{output}")


async def open_socket(server: DemoServer, cookie: str) -> ClientConnection:
    socket = await connect(
        server.url.replace("http://", "ws://", 1) + "/ws/dlwidget/",
        origin=server.url,  # type: ignore[arg-type]
        additional_headers={"Cookie": cookie},
        proxy=None,
        max_queue=None,
        open_timeout=WAIT,
    )
    first = json.loads(await asyncio.wait_for(socket.recv(), WAIT))
    if first.get("type") != "snapshot":
        raise RuntimeError(f"expected a snapshot first, got {first}")
    return socket


async def socket_latency(
    server: DemoServer, cookie: str, workdir: Path, updates: int, jobs: int
) -> tuple[list[float], list[float]]:
    """ms from before each set_percentage (worker process) to receipt on the socket, and the
    duration of the calls themselves (a database write and the publish)."""
    socket = await open_socket(server, cookie)
    stamps = workdir / f"stamps-{time.time_ns()}.jsonl"
    worker = server.start_job_worker(
        "--jobs", str(jobs), "--steps", str(updates // jobs),
        "--delay", str(UPDATE_GAP), "--timestamps", str(stamps),
    )  # fmt: skip
    received: dict[tuple[str, int], float] = {}
    ready = 0
    deadline = time.monotonic() + WAIT
    while ready < jobs and time.monotonic() < deadline:
        event = json.loads(await asyncio.wait_for(socket.recv(), WAIT))
        now = time.time()
        download = event.get("download") or {}
        if download.get("status") == "running":
            received[(download["key"], download["progress"])] = now
        elif download.get("status") == "ready":
            ready += 1
    await socket.close()
    await asyncio.to_thread(finish, worker)
    latencies, calls = [], []
    for line in stamps.read_text().splitlines():
        sent = json.loads(line)
        at = received.get((sent["key"], sent["progress"]))
        if at is None:
            raise RuntimeError(f"update {sent} never arrived")
        latencies.append((at - sent["sent"]) * 1000)
        calls.append((sent["returned"] - sent["sent"]) * 1000)
    if len(latencies) != updates:
        raise RuntimeError(f"{len(latencies)} updates measured, not {updates}")
    return latencies, calls


class SocketFanout:
    """``count`` sockets of one user on one server process."""

    def __init__(self, server: DemoServer, cookie: str, workdir: Path, count: int) -> None:
        self.server = server
        self.cookie = cookie
        self.workdir = workdir
        self.count = count
        self.sockets: list[ClientConnection] = []
        assert server.process.proc is not None
        self.pid = server.process.proc.pid
        self.rss_before = rss_kib(self.pid)

    async def open(self) -> None:
        for start in range(0, self.count, CONNECT_BATCH):
            batch = min(CONNECT_BATCH, self.count - start)
            self.sockets += await asyncio.gather(
                *(open_socket(self.server, self.cookie) for _ in range(batch))
            )

    def rss_per_socket(self) -> float:
        """KiB of the server's peak RSS per socket, over its RSS before the sockets."""
        return (rss_kib(self.pid, "VmHWM") - self.rss_before) / len(self.sockets)

    async def round(self) -> float:
        """One job's first progress event: ms from before the call until the last socket has
        it (each socket then reads on until that job is ready, so rounds do not overlap)."""
        stamps = self.workdir / f"fanout-{time.time_ns()}.jsonl"
        got_running: list[float] = []

        async def receive(socket: ClientConnection) -> None:
            running_at = None
            while True:
                event = json.loads(await socket.recv())
                status = (event.get("download") or {}).get("status")
                if status == "running" and running_at is None:
                    running_at = time.time()
                    got_running.append(running_at)
                elif status == "ready":
                    return

        waiting = [asyncio.create_task(receive(s)) for s in self.sockets]
        worker = self.server.start_job_worker(
            "--steps", "1", "--delay", "0.5", "--timestamps", str(stamps)
        )
        await asyncio.wait_for(asyncio.gather(*waiting), WAIT)
        await asyncio.to_thread(finish, worker)
        if len(got_running) != len(self.sockets):
            raise RuntimeError(f"{len(got_running)} of {len(self.sockets)} sockets got the event")
        sent = float(json.loads(stamps.read_text().splitlines()[0])["sent"])
        return (max(got_running) - sent) * 1000

    async def close(self) -> None:
        await asyncio.gather(*(s.close() for s in self.sockets), return_exceptions=True)
