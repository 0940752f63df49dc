"""tus upload throughput and memory against a minimal streaming PUT view, in one server.

A 1 GiB upload in 8 MiB PATCHes over loopback to the demo site under uvicorn (with the ASGI
wrapper), and the same bytes in 8 MiB PUTs to a plain Django view in the same server process.
The two alternate (tus, PUT, tus, PUT, ...) ``BENCH_RUNS`` times, so that noise from a busy
machine falls on both; each pair gives one ratio and the median of those is reported against
the target (>= 0.8x). The server's peak RSS growth during any tus upload is reported against
its target (< 32 MiB). Exits non-zero when a target is missed. Run from the repository root:
``make bench``.
"""

from __future__ import annotations

import http.client
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "example")]

from tests.harness.demo_server import DemoServer  # noqa: E402
from tests.tus.live import OCTET, TUS, Session, create, login, partial_file  # noqa: E402

MIB = 1024 * 1024
TOTAL = int(os.environ.get("BENCH_UPLOAD_MIB", "1024")) * MIB
RUNS = max(1, int(os.environ.get("BENCH_RUNS", "5")))
CHUNK = 8 * MIB
THROUGHPUT_TARGET = 0.8
RSS_TARGET_MIB = 32


def rss_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not found")


def reset_peak(pid: int) -> None:
    # Writing 5 resets the peak RSS (VmHWM) to the current RSS (Linux 4.0+).
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def send(
    conn: http.client.HTTPConnection, method: str, path: str, body: bytes, headers: dict[str, str]
) -> int:
    conn.request(method, path, body=body, headers={**headers, "Content-Length": str(len(body))})
    response = conn.getresponse()
    response.read()
    return response.status


def run_tus(server: DemoServer, session: Session, block: bytes) -> float:
    url = create(session, TOTAL)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    headers = {**session.headers, **TUS, "Content-Type": OCTET}
    started = time.perf_counter()
    for offset in range(0, TOTAL, CHUNK):
        status = send(conn, "PATCH", url, block, {**headers, "Upload-Offset": str(offset)})
        assert status == 204, status
    elapsed = time.perf_counter() - started
    conn.close()
    assert partial_file(server, url).stat().st_size == TOTAL
    partial_file(server, url).unlink()
    return elapsed


def run_put(server: DemoServer, block: bytes) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    started = time.perf_counter()
    for _ in range(0, TOTAL, CHUNK):
        assert send(conn, "PUT", "/bench/put/", block, {}) == 204
    elapsed = time.perf_counter() - started
    conn.close()
    target = server.workdir / "media" / "bench-put.bin"
    assert target.stat().st_size == TOTAL
    target.unlink()
    return elapsed


def rate(seconds: float) -> float:
    return TOTAL / MIB / seconds


def main() -> int:
    block = os.urandom(CHUNK)
    tus_rates: list[float] = []
    put_rates: list[float] = []
    growth_mib = 0.0
    with tempfile.TemporaryDirectory(prefix="dlw-bench-") as workdir:
        server = DemoServer(Path(workdir), extra_env={"DEMO_BENCH": "1"})
        server.start()
        try:
            pid = server.process.proc.pid if server.process.proc else 0
            session = login(server.url)
            run_tus(server, session, block)  # warm-up: imports, DB, caches
            run_put(server, block)
            for _ in range(RUNS):
                before = rss_kib(pid, "VmRSS")
                reset_peak(pid)
                tus_rates.append(rate(run_tus(server, session, block)))
                growth_mib = max(growth_mib, (rss_kib(pid, "VmHWM") - before) / 1024)
                put_rates.append(rate(run_put(server, block)))
        finally:
            server.stop()
    title = f"tus upload: {TOTAL // MIB} MiB in {CHUNK // MIB} MiB PATCHes over loopback"
    rates = {"tus PATCH": tus_rates, "plain PUT view": put_rates}
    return report(title, rates, growth_mib, THROUGHPUT_TARGET, RSS_TARGET_MIB)


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
