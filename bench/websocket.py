"""WebSocket mode across processes over Redis, beside raw Redis pub/sub in the same run.

1. Latency: a worker process (the demo's ``demo_job``) calls ``set_percentage`` 1,000 times; a
   socket held by a uvicorn process of the demo receives each event through channels_redis.
   p50/p99 of receipt minus the moment before the call (both ``time.time()``, one machine), beside
   raw Redis PUBLISH -> subscriber latency. Targets: p99 < 50 ms and <= 20x the raw p99.
   Polling's delay at the default interval is computed, not measured (see ``polling_delays``).
2. Fan-out: 1,000 sockets of one user on one server process receive one event: the time until
   the last one has it, beside one PUBLISH to 1,000 raw Redis subscribers; and the server's peak
   RSS per socket (its peak RSS minus its RSS before the sockets, over 1,000).

Everything runs on loopback with a throwaway redis-server and SQLite file; every wait is bounded.
"""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402
import redis.asyncio as aioredis  # noqa: E402
from websockets.asyncio.client import ClientConnection, connect  # noqa: E402

from tests.harness.demo_server import PASSWORD, USERNAME, DemoServer  # noqa: E402
from tests.harness.redis import RedisServer  # noqa: E402
from tests.harness.sessions import login_cookie  # noqa: E402

UPDATES = 1000
JOBS = 10  # 10 jobs x 100 distinct percentages = 1,000 published updates
UPDATE_GAP = 0.002  # seconds between two set_percentage calls
SOCKETS = 1000
CONNECT_BATCH = 50
LATENCY_P99_TARGET_MS = 50.0
RAW_RATIO_TARGET = 20.0
DEFAULT_POLL_INTERVAL_MS = 5000
ACTIVE_POLL_INTERVAL_MS = 1000
WAIT = 120.0  # seconds: the bound on every phase


def raise_open_files(wanted: int = 8192) -> int:
    """Raise the soft RLIMIT_NOFILE (children inherit it: the server and redis-server)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for {pid}")


def raw_redis_latency(url: str, count: int) -> list[float]:
    """PUBLISH a timestamp ``count`` times; the subscriber's receipt minus it, in ms."""
    subscriber = redis.Redis.from_url(url).pubsub()  # type: ignore[no-untyped-call]
    subscriber.subscribe("bench-latency")
    subscriber.get_message(timeout=5)  # the subscribe confirmation
    received: list[float] = []

    def listen() -> None:
        deadline = time.monotonic() + WAIT
        while len(received) < count and time.monotonic() < deadline:
            message = subscriber.get_message(timeout=1)
            if message and message["type"] == "message":
                received.append((time.time() - float(message["data"])) * 1000)

    thread = threading.Thread(target=listen)
    thread.start()
    publisher = redis.Redis.from_url(url)
    for _ in range(count):
        publisher.publish("bench-latency", repr(time.time()))
        time.sleep(UPDATE_GAP)
    thread.join(WAIT)
    subscriber.close()
    publisher.close()
    if len(received) != count:
        raise RuntimeError(f"raw Redis: {len(received)} of {count} messages arrived")
    return received


async def raw_redis_fanout(url: str, count: int) -> float:
    """One PUBLISH to ``count`` subscriber connections: ms until the last one has it."""
    clients = [aioredis.Redis.from_url(url) for _ in range(count)]
    pubsubs = [client.pubsub() for client in clients]
    try:
        for start in range(0, count, CONNECT_BATCH):
            batch = pubsubs[start : start + CONNECT_BATCH]
            await asyncio.gather(*(p.subscribe("bench-fanout") for p in batch))
        for pubsub in pubsubs:  # consume the subscribe confirmations
            await asyncio.wait_for(pubsub.get_message(timeout=5), WAIT)

        async def receive(pubsub: Any) -> float:
            while True:
                message = await pubsub.get_message(timeout=WAIT)
                if message and message["type"] == "message":
                    return time.time()

        waiting = [asyncio.create_task(receive(p)) for p in pubsubs]
        await asyncio.sleep(0.2)
        publisher = aioredis.Redis.from_url(url)
        sent = time.time()
        await publisher.publish("bench-fanout", b"x")
        received = await asyncio.wait_for(asyncio.gather(*waiting), WAIT)
        await publisher.aclose()
        return (max(received) - sent) * 1000
    finally:
        for pubsub in pubsubs:
            await pubsub.aclose()  # type: ignore[no-untyped-call]
        for client in clients:
            await client.aclose()


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
    server: DemoServer, cookie: str, workdir: Path
) -> tuple[list[float], list[float]]:
    """ms from before each set_percentage (worker process) to receipt on the socket, and the
    duration of the calls themselves (a database write and the publish)."""
    socket = await open_socket(server, cookie)
    stamps = workdir / "stamps.jsonl"
    worker = server.start_job_worker(
        "--jobs", str(JOBS), "--steps", str(UPDATES // JOBS),
        "--delay", str(UPDATE_GAP), "--timestamps", str(stamps),
    )  # fmt: skip
    received: dict[tuple[str, int], float] = {}
    ready = 0
    deadline = time.monotonic() + WAIT
    while ready < JOBS and time.monotonic() < deadline:
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
    if len(latencies) != UPDATES:
        raise RuntimeError(f"{len(latencies)} updates measured, not {UPDATES}")
    return latencies, calls


async def socket_fanout(server: DemoServer, cookie: str, workdir: Path) -> tuple[float, float, int]:
    """1,000 sockets, one event: (ms until the last has it, KiB of peak RSS per socket, sockets)."""
    assert server.process.proc is not None
    pid = server.process.proc.pid
    before = rss_kib(pid)
    sockets: list[ClientConnection] = []
    try:
        for start in range(0, SOCKETS, CONNECT_BATCH):
            batch = min(CONNECT_BATCH, SOCKETS - start)
            sockets += await asyncio.gather(*(open_socket(server, cookie) for _ in range(batch)))
        stamps = workdir / "fanout.jsonl"

        async def receive(socket: ClientConnection) -> float:
            while True:
                event = json.loads(await socket.recv())
                if (event.get("download") or {}).get("status") == "running":
                    return time.time()

        waiting = [asyncio.create_task(receive(s)) for s in sockets]
        worker = server.start_job_worker(
            "--steps", "1", "--delay", "0.5", "--timestamps", str(stamps)
        )
        received = await asyncio.wait_for(asyncio.gather(*waiting), WAIT)
        await asyncio.to_thread(finish, worker)
        sent = json.loads(stamps.read_text().splitlines()[0])["sent"]
        peak = rss_kib(pid, "VmHWM")
        return (max(received) - sent) * 1000, (peak - before) / len(sockets), len(sockets)
    finally:
        await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)


def polling_delays() -> tuple[float, float]:
    """Polling's mean wait from a change to the poll that shows it (ms), computed.

    While a job runs, the client polls every ACTIVE_POLL_INTERVAL_MS: a change lands uniformly
    inside an interval, so it waits half of one on average. Idle at the default POLL_INTERVAL
    (just after a change), each wait d is jittered uniformly into [I/2, I]; a change landing at a
    random moment waits E[d^2] / (2 E[d]) (the residual of a renewal process), plus nothing for
    the request itself. Longer idle periods double d up to a minute, so this is the best idle case.
    """
    active = ACTIVE_POLL_INTERVAL_MS / 2
    low, high = DEFAULT_POLL_INTERVAL_MS / 2, DEFAULT_POLL_INTERVAL_MS
    mean = (low + high) / 2
    mean_square = (low * low + low * high + high * high) / 3
    return active, mean_square / (2 * mean)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED TARGET"


def main() -> int:
    limit = raise_open_files()
    workdir = Path(tempfile.mkdtemp(prefix="dlwidget-bench-ws-"))
    redis_server = RedisServer(workdir / "redis")
    redis_server.start()
    server = DemoServer(
        workdir / "demo", extra_env={"DEMO_REDIS_URL": redis_server.url, "DEMO_MODE": "ws"}
    )
    server.workdir.mkdir()
    try:
        server.start()
        cookie = login_cookie(server.url, USERNAME, PASSWORD)
        raw = raw_redis_latency(redis_server.url, UPDATES)
        socket, calls = asyncio.run(socket_latency(server, cookie, workdir))
        raw_fanout = asyncio.run(raw_redis_fanout(redis_server.url, SOCKETS))
        fanout, rss_per_socket, opened = asyncio.run(socket_fanout(server, cookie, workdir))
    finally:
        server.stop()
        redis_server.stop()
    raw_p50, raw_p99 = percentile(raw, 0.5), percentile(raw, 0.99)
    p50, p99 = percentile(socket, 0.5), percentile(socket, 0.99)
    ratio = p99 / raw_p99
    active, idle = polling_delays()
    print(f"websocket: {UPDATES} updates, worker -> Redis -> uvicorn -> socket; open files {limit}")
    print(
        f"websocket: set_percentage -> socket p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
        f"mean {statistics.fmean(socket):.1f} ms (target p99 < {LATENCY_P99_TARGET_MS:.0f} ms): "
        f"{verdict(p99 < LATENCY_P99_TARGET_MS)}"
    )
    print(
        f"websocket: of which the set_percentage call itself (database write + publish): "
        f"p50 {percentile(calls, 0.5):.1f} ms, p99 {percentile(calls, 0.99):.1f} ms"
    )
    print(
        f"websocket: raw Redis PUBLISH -> subscriber p50 {raw_p50:.2f} ms, p99 {raw_p99:.2f} ms; "
        f"socket p99 = {ratio:.1f}x raw (target <= {RAW_RATIO_TARGET:.0f}x): "
        f"{verdict(ratio <= RAW_RATIO_TARGET)}"
    )
    print(
        f"websocket: polling's mean delay (computed): {active:.0f} ms while a job runs "
        f"({ACTIVE_POLL_INTERVAL_MS} ms interval), {idle:.0f} ms idle at the default "
        f"{DEFAULT_POLL_INTERVAL_MS} ms interval (jittered into [I/2, I]), more after idle rounds"
    )
    print(
        f"websocket: {opened} sockets on one server process, one event: last receipt after "
        f"{fanout:.0f} ms; one PUBLISH to {SOCKETS} raw Redis subscribers: {raw_fanout:.0f} ms "
        f"({fanout / raw_fanout:.1f}x)"
    )
    print(
        f"websocket: server peak RSS {rss_per_socket:.1f} KiB per socket "
        "(permessage-deflate negotiated, as browsers do)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
