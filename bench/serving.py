"""Serving a 1 GiB file through a real uvicorn process: our ``serve_file`` against Django's
``FileResponse`` in the same server and run, in full and by ranges, with the server's peak RSS.

Targets: throughput >= 0.9x FileResponse (the median of the runs' ratios; the two alternate
within each run); peak RSS growth while serving ours < 32 MiB. Every figure is recorded through
``bench/results.py``. Knobs: ``BENCH_SERVE_MIB`` (the file's size, 1024) and ``BENCH_SERVE_RUNS``
(3). Run with ``make bench BENCH=serving`` (or
``.venv/bin/python bench/serving.py``).
"""

from __future__ import annotations

import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import record  # noqa: E402
from tests.harness.processes import LOOPBACK, ServerProcess, free_port  # noqa: E402

BENCH = "serving"
MIB = 1024**2
SIZE = int(os.environ.get("BENCH_SERVE_MIB", "1024")) * MIB
RANGE_SIZE = min(64 * MIB, SIZE)
RUNS = int(os.environ.get("BENCH_SERVE_RUNS", "3"))


def fetch(port: int, path: str, range_header: str | None = None) -> int:
    """GET ``path`` and drain the body into a reusable buffer; returns the body size."""
    headers = f"GET {path} HTTP/1.1\r\nHost: {LOOPBACK}\r\nConnection: close\r\n"
    if range_header:
        headers += f"Range: {range_header}\r\n"
    buffer = bytearray(4 * MIB)
    view = memoryview(buffer)
    with socket.create_connection((LOOPBACK, port)) as sock:
        sock.sendall((headers + "\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(65536)
            if not chunk:
                raise RuntimeError("connection closed before the headers")
            head += chunk
        raw_headers, _, rest = head.partition(b"\r\n\r\n")
        status = raw_headers.split(b" ", 2)[1]
        if status not in (b"200", b"206"):
            raise RuntimeError(f"unexpected status {status!r}")
        length = next(
            int(line.split(b":", 1)[1])
            for line in raw_headers.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        received = len(rest)
        while received < length:
            count = sock.recv_into(view)
            if not count:
                raise RuntimeError(f"short body: {received} of {length} bytes")
            received += count
    return received


def status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


class RssSampler:
    """Peak VmRSS of a process, sampled every 5 ms (VmHWM cannot be reset everywhere)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, status_kib(self.pid, "VmRSS"))
            time.sleep(0.005)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def rate(work: Callable[[], int]) -> float:
    start = time.perf_counter()
    sent = work()
    return sent / (time.perf_counter() - start) / MIB


def measured(pid: int, work: Callable[[], int]) -> tuple[float, float]:
    """MiB/s of ``work`` and the server's peak RSS growth over its RSS just before, in MiB."""
    before = status_kib(pid, "VmRSS")
    with RssSampler(pid) as rss:
        speed = rate(work)
    return speed, max(0, rss.peak - before) / 1024


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="dlw-bench-") as tmp:
        big = Path(tmp) / "big.bin"
        with big.open("wb") as handle:
            handle.truncate(SIZE)  # sparse: instant, and reads never touch a disk
        port = free_port()
        server = ServerProcess(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "serving_site:application",
                "--host",
                LOOPBACK,
                "--port",
                str(port),
                "--no-access-log",
                "--log-level",
                "warning",
                "--lifespan",
                "off",
            ],
            env={"BENCH_MEDIA": tmp, "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}"},
            cwd=ROOT / "bench",
            log=Path(tmp) / "server.log",
            port=port,
        )
        server.start()
        try:
            assert server.proc is not None
            pid = server.proc.pid
            fetch(port, "/ours/", "bytes=0-1048575")  # warm up imports and the URLconf
            base = status_kib(pid, "VmRSS")
            print(
                f"Serving a {SIZE // MIB} MiB file through uvicorn (server RSS {base // 1024} MiB)"
            )
            ranges = [
                f"bytes={start}-{start + RANGE_SIZE - 1}" for start in range(0, SIZE, RANGE_SIZE)
            ]
            full, by_ranges, growth, django_growth = [], [], [], []
            for run in range(RUNS):  # ours and Django's alternate; each run gives its ratios
                ours, ours_rss = measured(pid, lambda: fetch(port, "/ours/"))
                parts, parts_rss = measured(
                    pid, lambda: sum(fetch(port, "/ours/", r) for r in ranges)
                )
                django, rss = measured(pid, lambda: fetch(port, "/django/"))
                full.append(ours / django)
                by_ranges.append(parts / django)
                growth.append(max(ours_rss, parts_rss))
                django_growth.append(rss)
                print(
                    f"  run {run + 1}: serve_file {ours:.0f} MiB/s, {len(ranges)} ranges of "
                    f"{RANGE_SIZE // MIB} MiB {parts:.0f} MiB/s; FileResponse {django:.0f} MiB/s"
                )
        finally:
            server.stop()
    results = [
        record(BENCH, "serve_file vs FileResponse, whole file", statistics.median(full),
               at_least=0.9),
        record(BENCH, "serve_file by ranges vs FileResponse, whole file",
               statistics.median(by_ranges), at_least=0.9),
        record(BENCH, "peak RSS growth, serve_file", max(growth), unit="MiB", below=32),
    ]  # fmt: skip
    record(BENCH, "peak RSS growth, FileResponse", max(django_growth), unit="MiB")
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
