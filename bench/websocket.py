"""WebSocket mode across processes over Redis, beside raw Redis pub/sub in the same run.

1. Latency: a worker process (the demo's ``demo_job``) calls ``set_percentage`` 1,000 times; a
   socket held by a uvicorn process of the demo receives each event through channels_redis.
   p50/p99 of receipt minus the moment before the call (both ``time.time()``, one machine), beside
   raw Redis PUBLISH -> subscriber latency. Targets: p99 < 50 ms and <= 20x the raw p99 on the
   embedded database (SQLite); p99 <= 5 ms on PostgreSQL (skipped when PostgreSQL is not installed).
   Polling's delay at the default interval is computed, not measured (see ``polling_delays``).
2. Fan-out: 1,000 sockets of one user on one server process and 1,000 raw Redis subscribers, all
   held open; ``BENCH_RUNS`` rounds alternate one event to the sockets (from before the worker's
   ``set_percentage`` until the last socket has it) with one PUBLISH to the raw subscribers (until
   the last one has it). Target: the median of the per-round ratios <= 3x. And the server's peak
   RSS per socket (its peak RSS minus its RSS before the sockets, over 1,000).

Everything runs on loopback with throwaway redis-servers, an SQLite file and (for the PostgreSQL
figure) a throwaway cluster; every wait is bounded. Knobs: ``BENCH_RUNS`` (fan-out rounds, 5),
``BENCH_WS_SOCKETS`` (1000), ``BENCH_WS_UPDATES`` (1000), ``BENCH_WS_POSTGRES=0`` (skip PostgreSQL).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.results import record  # noqa: E402
from bench.websocket_raw import (  # noqa: E402
    RawSubscribers,
    percentile,
    raise_open_files,
    raw_redis_latency,
)
from bench.websocket_sockets import SocketFanout, socket_latency  # noqa: E402
from tests.harness.demo_server import PASSWORD, USERNAME, DemoServer  # noqa: E402
from tests.harness.redis import RedisServer  # noqa: E402
from tests.harness.sessions import login_cookie  # noqa: E402

BENCH = "websocket"
UPDATES = int(os.environ.get("BENCH_WS_UPDATES", "1000"))
JOBS = 10  # 10 jobs x 100 distinct percentages = 1,000 published updates
SOCKETS = int(os.environ.get("BENCH_WS_SOCKETS", "1000"))
ROUNDS = max(1, int(os.environ.get("BENCH_RUNS", "5")))
WITH_POSTGRES = os.environ.get("BENCH_WS_POSTGRES", "1") != "0"
LATENCY_P99_TARGET_MS = 50.0
POSTGRES_P99_TARGET_MS = 5.0
RAW_RATIO_TARGET = 20.0
FANOUT_RATIO_TARGET = 3.0
DEFAULT_POLL_INTERVAL_MS = 5000
ACTIVE_POLL_INTERVAL_MS = 1000


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


class Site:
    """A demo site in ws mode on a Redis of its own (and PostgreSQL when given a port)."""

    def __init__(self, workdir: Path, postgres_port: int | None = None) -> None:
        workdir.mkdir()
        self.redis = RedisServer(workdir / "redis")
        self.redis.start()
        self.server = DemoServer(
            workdir / "demo",
            extra_env={
                "DEMO_REDIS_URL": self.redis.url,
                "DEMO_MODE": "ws",
                # One user holds every socket here: the cap (20 by default) must let them in.
                "DEMO_WS_MAX_SOCKETS": str(SOCKETS + 10),
            },
            postgres_port=postgres_port,
        )
        self.server.workdir.mkdir()
        self.workdir = workdir

    def __enter__(self) -> Site:
        try:
            self.server.start()
            self.cookie = login_cookie(self.server.url, USERNAME, PASSWORD)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stop()
        self.redis.stop()


def latency(
    site: Site, label: str, *, below: float | None = None, at_most: float | None = None
) -> bool:
    """Raw Redis latency, then set_percentage -> socket on ``site``; recorded."""
    raw = raw_redis_latency(site.redis.url, UPDATES)
    socket, calls = asyncio.run(
        socket_latency(site.server, site.cookie, site.workdir, UPDATES, JOBS)
    )
    raw_p99, p99 = percentile(raw, 0.99), percentile(socket, 0.99)
    print(
        f"websocket ({label}): {UPDATES} updates, worker -> Redis -> uvicorn -> socket: p50 "
        f"{percentile(socket, 0.5):.1f} ms, mean {statistics.fmean(socket):.1f} ms; the "
        f"set_percentage call itself (database write + publish) p50 "
        f"{percentile(calls, 0.5):.1f} ms, p99 {percentile(calls, 0.99):.1f} ms; raw Redis "
        f"PUBLISH -> subscriber p50 {percentile(raw, 0.5):.2f} ms, p99 {raw_p99:.2f} ms"
    )
    name = f"set_percentage -> socket p99 ({label})"
    ok = record(BENCH, name, p99, unit="ms", below=below, at_most=at_most)
    if label == "SQLite":
        ok &= record(BENCH, "socket p99 / raw Redis p99", p99 / raw_p99, at_most=RAW_RATIO_TARGET)
    return ok


async def fanout(site: Site) -> tuple[list[tuple[float, float]], float]:
    """Interleaved rounds: [(socket ms, raw ms)], and the server's peak RSS KiB per socket."""
    raw = RawSubscribers(site.redis.url, SOCKETS)
    sockets = SocketFanout(site.server, site.cookie, site.workdir, SOCKETS)
    try:
        await raw.open()
        await sockets.open()
        pairs = []
        for number in range(ROUNDS):
            if number % 2:
                pairs.append((await sockets.round(), await raw.round()))
            else:
                raw_ms = await raw.round()
                pairs.append((await sockets.round(), raw_ms))
        return pairs, sockets.rss_per_socket()
    finally:
        await sockets.close()
        await raw.close()


def main() -> int:
    limit = raise_open_files()
    workdir = Path(tempfile.mkdtemp(prefix="dlwidget-bench-ws-"))
    print(f"websocket: open files {limit}; {SOCKETS} sockets, {ROUNDS} fan-out rounds")
    with Site(workdir / "sqlite") as site:
        ok = latency(site, "SQLite", below=LATENCY_P99_TARGET_MS)
        pairs, rss_per_socket = asyncio.run(fanout(site))
    for number, (socket_ms, raw_ms) in enumerate(pairs, 1):
        print(
            f"websocket: fan-out round {number}: {SOCKETS} sockets, last receipt after "
            f"{socket_ms:.0f} ms; one PUBLISH to {SOCKETS} raw subscribers {raw_ms:.0f} ms "
            f"({socket_ms / raw_ms:.1f}x)"
        )
    ratio = statistics.median(socket_ms / raw_ms for socket_ms, raw_ms in pairs)
    ok &= record(
        BENCH, f"fan-out to {SOCKETS} sockets / raw Redis", ratio, at_most=FANOUT_RATIO_TARGET
    )
    record(
        BENCH, "fan-out last receipt (median)", statistics.median(p[0] for p in pairs), unit="ms"
    )
    record(BENCH, "server peak RSS per socket", rss_per_socket, unit="KiB")
    if WITH_POSTGRES:
        from tests.harness.postgres import PostgresCluster

        with PostgresCluster() as cluster, Site(workdir / "postgres", cluster.port) as site:
            ok &= latency(site, "PostgreSQL", at_most=POSTGRES_P99_TARGET_MS)
    active, idle = polling_delays()
    print(
        f"websocket: polling's mean delay (computed): {active:.0f} ms while a job runs "
        f"({ACTIVE_POLL_INTERVAL_MS} ms interval), {idle:.0f} ms idle at the default "
        f"{DEFAULT_POLL_INTERVAL_MS} ms interval (jittered into [I/2, I]), more after idle rounds"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
