"""tus upload throughput and memory against a minimal streaming PUT view, in one server.

A 1 GiB upload in 8 MiB PATCHes over loopback to the demo site under uvicorn (with the ASGI
wrapper), then the same bytes in 8 MiB PUTs to a plain Django view in the same server process.
Prints the throughput ratio (target >= 0.8x) and the server's peak RSS growth during the tus
upload (target < 32 MiB). Run from the repository root: ``make bench``.
"""

from __future__ import annotations

import http.client
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "example")]

from tests.harness.demo_server import DemoServer  # noqa: E402
from tests.tus.live import OCTET, TUS, create, login, partial_file  # noqa: E402

MIB = 1024 * 1024
TOTAL = int(os.environ.get("BENCH_UPLOAD_MIB", "1024")) * MIB
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


def run_tus(server: DemoServer, block: bytes) -> float:
    session = login(server.url)
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


def main() -> int:
    block = os.urandom(CHUNK)
    with tempfile.TemporaryDirectory(prefix="dlw-bench-") as workdir:
        server = DemoServer(Path(workdir), extra_env={"DEMO_BENCH": "1"})
        server.start()
        try:
            pid = server.process.proc.pid if server.process.proc else 0
            run_tus(server, block[: 1 * MIB] + block[MIB:])  # warm-up: imports, DB, caches
            baseline = rss_kib(pid, "VmRSS")
            reset_peak(pid)
            tus_seconds = run_tus(server, block)
            growth_mib = (rss_kib(pid, "VmHWM") - baseline) / 1024
            put_seconds = run_put(server, block)
        finally:
            server.stop()
    tus_rate = TOTAL / MIB / tus_seconds
    put_rate = TOTAL / MIB / put_seconds
    ratio = tus_rate / put_rate
    ok_ratio = ratio >= THROUGHPUT_TARGET
    ok_rss = growth_mib < RSS_TARGET_MIB
    print(f"tus upload: {TOTAL // MIB} MiB in {CHUNK // MIB} MiB PATCHes over loopback")
    print(f"  tus PATCH      {tus_rate:8.1f} MiB/s")
    print(f"  plain PUT view {put_rate:8.1f} MiB/s")
    print(
        f"  throughput ratio {ratio:.2f}x (target >= {THROUGHPUT_TARGET}x): "
        f"{'ok' if ok_ratio else 'MISSED'}"
    )
    print(
        f"  server peak RSS growth {growth_mib:.1f} MiB (target < {RSS_TARGET_MIB} MiB): "
        f"{'ok' if ok_rss else 'MISSED'}"
    )
    return 0 if ok_ratio and ok_rss else 1


if __name__ == "__main__":
    sys.exit(main())
