"""tus upload throughput and memory against the official Node tus server, with the same clients.

The demo site under uvicorn (a host wired as the README says: session auth, CSRF,
``TusUploadMiddleware``, httptools/uvloop) on the filesystem store, and @tus/server with
@tus/file-store in node (``bench/peers/tus_file_server.mjs``), each receive the same file from
the same clients: tuspy in 8 MiB PATCHes, and tus-js-client with its default (the whole file in
one PATCH). Rounds interleave the two servers (ours first in even rounds, the peer first in odd
ones) ``BENCH_RUNS`` times, so that noise on a busy machine falls on both; each pair gives one
ratio, and the median per client and database is recorded against the target (>= 1.0x). It
runs on the embedded default database (SQLite) and on a throwaway PostgreSQL cluster
(``BENCH_UPLOAD_DBS``: ``sqlite,postgres``), through psycopg's connection pool there
(``BENCH_PG_POOL=0``: without). Our server's peak RSS growth during any upload is
recorded against its target (< 16 MiB); the peer's, and a plain streaming PUT view in our
server (SQLite, 8 MiB PUTs), for information. Exits non-zero when a target is missed.
``BENCH_UPLOAD_MIB`` sets the file size (1024). Run from the repository root: ``make bench``.
"""

from __future__ import annotations

import http.client
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "example")]

from bench.results import record  # noqa: E402
from bench.tus_peers import (  # noqa: E402
    NodeTusServer,
    PeakGrowth,
    make_source,
    rss_kib,
    tus_js_upload,
    tuspy_upload,
)
from tests.harness.demo_server import DemoServer  # noqa: E402
from tests.harness.postgres import PostgresCluster  # noqa: E402
from tests.tus.live import TUS, Session, login, partial_file, request  # noqa: E402

__all__ = ["report", "rss_kib", "send"]  # rss_kib, send and report: bench/s3_uploads.py

BENCH = "uploads"
MIB = 1024 * 1024
TOTAL = int(os.environ.get("BENCH_UPLOAD_MIB", "1024")) * MIB
RUNS = max(1, int(os.environ.get("BENCH_RUNS", "5")))
POOL = os.environ.get("BENCH_PG_POOL", "1") == "1"  # 0: a new connection per request
DATABASES = [d for d in os.environ.get("BENCH_UPLOAD_DBS", "sqlite,postgres").split(",") if d]
CHUNK = 8 * MIB
THROUGHPUT_TARGET = 1.0
RSS_TARGET_MIB = 16

Upload = Callable[[str, dict[str, str], Path], tuple[str, float]]
CLIENTS: dict[str, Upload] = {
    "tuspy 8 MiB": lambda endpoint, headers, source: tuspy_upload(endpoint, headers, source, CHUNK),
    "tus-js-client": tus_js_upload,
}


def send(
    conn: http.client.HTTPConnection, method: str, path: str, body: bytes, headers: dict[str, str]
) -> int:
    conn.request(method, path, body=body, headers={**headers, "Content-Length": str(len(body))})
    response = conn.getresponse()
    response.read()
    return response.status


def ours(server: DemoServer, session: Session, upload: Upload, source: Path) -> float:
    url, seconds = upload(session.endpoint, session.headers, source)
    assert partial_file(server, url).stat().st_size == TOTAL
    assert request(session, "DELETE", url, headers=TUS).status == 204  # frees the quota too
    return seconds


def peer(node: NodeTusServer, upload: Upload, source: Path) -> float:
    url, seconds = upload(node.endpoint, {}, source)
    assert node.stored(url).stat().st_size == TOTAL
    node.forget(url)
    return seconds


def run_put(server: DemoServer, block: bytes) -> float:
    """The same bytes in 8 MiB PUTs to a plain streaming Django view in our server."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    started = time.perf_counter()
    for offset in range(0, TOTAL, CHUNK):
        size = min(CHUNK, TOTAL - offset)
        assert send(conn, "PUT", "/bench/put/", block[:size], {}) == 204
    elapsed = time.perf_counter() - started
    conn.close()
    target = server.workdir / "media" / "bench-put.bin"
    assert target.stat().st_size == TOTAL
    target.unlink()
    return elapsed


@dataclass
class Round:
    """One client's round: each server's wall-clock seconds and CPU seconds for the file."""

    ours: float
    peer: float
    ours_cpu: float = 0.0
    peer_cpu: float = 0.0


def measure(
    database: str, workdir: Path, source: Path, node: NodeTusServer, growth: dict[str, PeakGrowth]
) -> dict[str, list[Round]]:
    """Each client's rounds, and the PUT view's (SQLite only, ``ours`` alone)."""
    pg = PostgresCluster() if database == "postgres" else None
    if pg is not None:
        pg.start()
    server = DemoServer(
        workdir / database,
        # On PostgreSQL through a connection pool, as docs/settings.md says for ASGI.
        extra_env={"DEMO_BENCH": "1", **({"DEMO_PG_POOL": "1"} if pg is not None and POOL else {})},
        postgres_port=None if pg is None else pg.port,
    )
    (workdir / database).mkdir()
    rounds: dict[str, list[Round]] = defaultdict(list)
    try:
        server.start()
        assert server.process.proc is not None
        mine = growth.setdefault("ours", PeakGrowth(server.process.proc.pid))
        mine.pid = server.process.proc.pid
        theirs = growth.setdefault("peer", PeakGrowth(node.pid))
        session = login(server.url)
        for upload in CLIENTS.values():  # warm-up: imports, connections, caches
            ours(server, session, upload, source)
            peer(node, upload, source)
        block = source.read_bytes()[:CHUNK] if database == "sqlite" else b""
        for number in range(RUNS):
            for client, upload in CLIENTS.items():
                found = Round(0.0, 0.0)
                for side in ("ours", "peer") if number % 2 == 0 else ("peer", "ours"):
                    if side == "ours":
                        with mine:
                            found.ours = ours(server, session, upload, source)
                        found.ours_cpu = mine.cpu[-1]
                    else:
                        with theirs:
                            found.peer = peer(node, upload, source)
                        found.peer_cpu = theirs.cpu[-1]
                rounds[client].append(found)
            if block:
                rounds["plain PUT view"].append(Round(run_put(server, block), 0.0))
    finally:
        server.stop()
        if pg is not None:
            pg.stop()
    return rounds


def rate(seconds: float) -> float:
    return TOTAL / MIB / seconds


def main() -> int:
    ok = True
    growth: dict[str, PeakGrowth] = {}
    with tempfile.TemporaryDirectory(prefix="dlw-bench-") as folder:
        workdir = Path(folder)
        source = make_source(workdir / "source.bin", TOTAL)
        node = NodeTusServer(workdir)
        node.start()
        try:
            results = {db: measure(db, workdir, source, node, growth) for db in DATABASES}
        finally:
            node.stop()
    print(f"tus upload: {TOTAL // MIB} MiB, ours vs @tus/server + @tus/file-store, {RUNS} rounds")
    for database, found in results.items():
        for client, rounds in found.items():
            ok &= summarise(database, client, rounds, found["tuspy 8 MiB"])
    ok &= record(
        BENCH, "server peak RSS growth", growth["ours"].mib, unit="MiB", below=RSS_TARGET_MIB
    )
    record(BENCH, "@tus/server peak RSS growth", growth["peer"].mib, unit="MiB")
    return 0 if ok else 1


def summarise(database: str, client: str, rounds: list[Round], tuspy: list[Round]) -> bool:
    """Record one client's figures on one database; False when its target is missed."""
    median = statistics.median
    if client == "plain PUT view":
        put = median(rate(r.ours) for r in rounds)
        record(BENCH, f"{database}: plain PUT view", put, unit="MiB/s")
        record(
            BENCH,
            f"{database}: tuspy 8 MiB vs plain PUT view",
            median(rate(r.ours) for r in tuspy) / put,
        )
        return True
    ratios = [r.peer / r.ours for r in rounds]
    print(f"  {database}, {client}: ratios per round {' '.join(f'{x:.2f}' for x in ratios)}")
    record(BENCH, f"{database}: {client}, ours", median(rate(r.ours) for r in rounds), unit="MiB/s")
    record(
        BENCH,
        f"{database}: {client}, @tus/server",
        median(rate(r.peer) for r in rounds),
        unit="MiB/s",
    )
    # CPU seconds per GiB: what each server spends, much less stretched by a busy machine.
    gib = TOTAL / (1024 * MIB)
    record(
        BENCH,
        f"{database}: {client}, ours CPU",
        median(r.ours_cpu for r in rounds) / gib,
        unit="s/GiB",
    )
    record(
        BENCH,
        f"{database}: {client}, @tus/server CPU",
        median(r.peer_cpu for r in rounds) / gib,
        unit="s/GiB",
    )
    return record(
        BENCH, f"{database}: {client} vs @tus/server", median(ratios), at_least=THROUGHPUT_TARGET
    )


def report(
    title: str,
    rates: dict[str, list[float]],
    growth_mib: float,
    throughput_target: float,
    rss_target_mib: float,
    *,
    others: dict[str, list[float]] | None = None,
) -> int:
    """Print interleaved runs of a path and its baseline (``rates``: the path's first) against
    the targets; 0 when both are met, else 1. ``others``: more paths measured in the same runs,
    shown with their own ratios to the baseline, for comparison only."""
    (path, path_rates), (baseline, base_rates) = rates.items()
    ratios = [a / b for a, b in zip(path_rates, base_rates, strict=True)]
    ratio = statistics.median(ratios)
    ok_ratio = ratio >= throughput_target
    ok_rss = growth_mib < rss_target_mib
    extra = others or {}
    width = max(len(name) for name in [path, baseline, *extra])
    print(title)
    print(f"  {len(ratios)} interleaved runs (path, baseline, path, baseline, ...); medians:")
    print(f"  {path:<{width}} {statistics.median(path_rates):8.1f} MiB/s")
    print(f"  {baseline:<{width}} {statistics.median(base_rates):8.1f} MiB/s")
    for name, other in extra.items():
        versus = statistics.median(a / b for a, b in zip(other, base_rates, strict=True))
        print(f"  {name:<{width}} {statistics.median(other):8.1f} MiB/s ({versus:.2f}x)")
    print(f"  ratios per run {' '.join(f'{r:.2f}' for r in ratios)}")
    print(
        f"  throughput ratio {ratio:.2f}x median (target >= {throughput_target}x): "
        f"{'ok' if ok_ratio else 'MISSED'}"
    )
    print(
        f"  server peak RSS growth {growth_mib:.1f} MiB (target < {rss_target_mib} MiB): "
        f"{'ok' if ok_rss else 'MISSED'}"
    )
    return 0 if ok_ratio and ok_rss else 1


if __name__ == "__main__":
    sys.exit(main())
