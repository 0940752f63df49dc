"""The baselines of bench/websocket.py: raw Redis pub/sub with redis-py, no Django, no sockets.

``raw_redis_latency``: one subscriber, PUBLISH of a timestamp -> receipt. :class:`RawSubscribers`:
``count`` subscriber connections held open across rounds; each round is one PUBLISH and the time
until the last subscriber has it, so rounds can interleave with the socket rounds of the same run.
"""

from __future__ import annotations

import asyncio
import resource
import threading
import time
from pathlib import Path
from typing import Any

import redis
import redis.asyncio as aioredis

UPDATE_GAP = 0.002  # seconds between two publishes (and two set_percentage calls)
CONNECT_BATCH = 50
WAIT = 120.0  # seconds: the bound on every phase
FANOUT_CHANNEL = "bench-fanout"


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
    subscriber = redis.Redis.from_url(url).pubsub()  # type: ignore[no-untyped-call, unused-ignore]
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


class RawSubscribers:
    """``count`` raw subscriber connections to one channel, and a publisher."""

    def __init__(self, url: str, count: int) -> None:
        self.url = url
        self.count = count
        self.clients: list[Any] = []
        self.pubsubs: list[Any] = []
        self.publisher: Any = None

    async def open(self) -> None:
        self.clients = [aioredis.Redis.from_url(self.url) for _ in range(self.count)]
        self.pubsubs = [client.pubsub() for client in self.clients]
        for start in range(0, self.count, CONNECT_BATCH):
            batch = self.pubsubs[start : start + CONNECT_BATCH]
            await asyncio.gather(*(p.subscribe(FANOUT_CHANNEL) for p in batch))
        for pubsub in self.pubsubs:  # consume the subscribe confirmations
            await asyncio.wait_for(pubsub.get_message(timeout=5), WAIT)
        self.publisher = aioredis.Redis.from_url(self.url)

    async def round(self) -> float:
        """One PUBLISH: ms until the last subscriber has it."""

        async def receive(pubsub: Any) -> float:
            while True:
                message = await pubsub.get_message(timeout=WAIT)
                if message and message["type"] == "message":
                    return time.time()

        waiting = [asyncio.create_task(receive(p)) for p in self.pubsubs]
        await asyncio.sleep(0.2)
        sent = time.time()
        await self.publisher.publish(FANOUT_CHANNEL, b"x")
        received = await asyncio.wait_for(asyncio.gather(*waiting), WAIT)
        return (max(received) - sent) * 1000

    async def close(self) -> None:
        if self.publisher is not None:
            await self.publisher.aclose()
        for pubsub in self.pubsubs:
            await pubsub.aclose()
        for client in self.clients:
            await client.aclose()
