"""Exports beside CSV through ``save_download``: peak RSS growth (target < 32 MiB each) and time
against the raw library writing the same bytes to a file, measured in the same run.

- XLSX: 1,000,000 rows; baseline xlsxwriter in constant-memory mode straight to a file (target:
  ours >= 0.9x its speed, with a progress call per row). ``BENCH_RUNS`` rounds (default 5), raw
  and ours in turn (which goes first alternates), each round's ratio raw time over ours; the
  figure is the median, in wall-clock time (the target) and in CPU time.
- JSON Lines: 1,000,000 rows; baseline ``json.dumps`` of each row to a file.
- ZIP: three generated 300 MB members, streamed; baseline zipstream-ng straight to a file.

Each measurement runs in a fresh process, after a small warm-up export so that imports and
caches do not count as growth; the kernel's high-water mark (``VmHWM``) is reset just before the
export starts, so its growth over the RSS of that moment is the export's own peak. Ours goes the
whole way, on a file SQLite database: the rows, the writer, the spooled file, the storage, and
(for rows) a progress call per row, as a job makes them (``silent`` as the child's first argument
leaves the calls out, to tell the throttle's cost from the writer's).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.memory import reset_peak_rss, status_mib  # noqa: E402
from bench.results import record  # noqa: E402
from bench.setup import setup_django  # noqa: E402

BENCH = "exports"
ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
TARGET_RATIO = 0.9
# BENCH_CASES=xlsx for a quicker run (the JSON Lines and ZIP exports are measured once each).
CASES = os.environ.get("BENCH_CASES", "xlsx,jsonl,zip").split(",")
MEMBERS = 3
MEMBER_BYTES = 300 * 1000 * 1000
BLOCK = 1024 * 1024
TARGET_MIB = 32
HEADER = ["id", "email", "note", "amount", "date"]


def rows(
    count: int, progress: Callable[[Any, int, int], None] | None = None, key: Any = None
) -> Iterator[tuple[Any, ...]]:
    for i in range(count):
        if progress is not None:
            progress(key, count, i)
        yield (i, f"user-{i}@example.com", "=not a formula", i * 3.25, "2026-01-01")


def member(index: int, size: int) -> Iterator[bytes]:
    """Generated content: random bytes as hex text (it deflates to about half), a block at a
    time, made in C so that generating it costs little beside compressing it."""
    noise = random.Random(index)
    for _ in range(size // BLOCK):
        yield noise.randbytes(BLOCK // 2).hex().encode()


def run_ours(case: str, workdir: Path, *, silent: bool = False) -> tuple[float, float, float, int]:
    """``save_download`` as a job calls it: a progress call per row (none when ``silent``)."""
    user = setup_django(workdir)
    from django_dlwidget import init_download, save_download, update_percentage

    def save(count: int, size: int) -> int:
        key = init_download(user, f"export.{case}").key
        if case == "zip":
            members = [(f"part-{i}.log", member(i, size)) for i in range(MEMBERS)]
            download = save_download(key, members, format="zip")
        else:
            progress = None if silent else update_percentage
            download = save_download(key, rows(count, progress, key), header=HEADER, format=case)
        return download.size or 0

    save(10, BLOCK)  # warm-up
    return measure(lambda: save(ROWS, MEMBER_BYTES))


def run_raw(case: str, workdir: Path) -> tuple[float, float, float, int]:
    import xlsxwriter
    from zipstream import ZipStream

    target = workdir / f"raw.{case}"

    def xlsx(count: int) -> None:
        book = xlsxwriter.Workbook(str(target), {"constant_memory": True, "tmpdir": str(workdir)})
        sheet = book.add_worksheet()
        for column, name in enumerate(HEADER):
            sheet.write_string(0, column, name)
        for number, row in enumerate(rows(count), 1):
            sheet.write_number(number, 0, row[0])
            sheet.write_string(number, 1, row[1])
            sheet.write_string(number, 2, row[2])
            sheet.write_number(number, 3, row[3])
            sheet.write_string(number, 4, row[4])
        book.close()

    def jsonl(count: int) -> None:
        with target.open("w", encoding="utf-8") as out:
            for row in rows(count):
                out.write(json.dumps(dict(zip(HEADER, row, strict=True))) + "\n")

    def zipped(size: int) -> None:
        stream = ZipStream(compress_type=8)  # deflated, as ours
        for i in range(MEMBERS):
            stream.add(member(i, size), f"part-{i}.log")
        with target.open("wb") as out:
            for chunk in stream:
                out.write(chunk)

    def write(count: int, size: int) -> int:
        if case == "zip":
            zipped(size)
        else:
            (xlsx if case == "xlsx" else jsonl)(count)
        return target.stat().st_size

    write(10, BLOCK)  # warm-up
    return measure(lambda: write(ROWS, MEMBER_BYTES))


def measure(run: Callable[[], int]) -> tuple[float, float, float, int]:
    before = reset_peak_rss()
    start, cpu = time.perf_counter(), time.process_time()
    size = run()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return status_mib("VmHWM") - before, seconds, cpu, size


def child(which: str, case: str) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="dlwidget-bench-"))
    try:
        if which == "raw":
            growth, seconds, cpu, size = run_raw(case, workdir)
        else:
            growth, seconds, cpu, size = run_ours(case, workdir, silent=which == "silent")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps({"growth": growth, "seconds": seconds, "cpu": cpu, "size": size}))
    return 0


def run_child(which: str, case: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, which, case], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    ok = xlsx_rounds() if "xlsx" in CASES else True
    for case in [case for case in ("jsonl", "zip") if case in CASES]:
        raw, ours = run_child("raw", case), run_child("ours", case)
        what = f"{ROWS:,} rows" if case != "zip" else f"{MEMBERS} x {MEMBER_BYTES // 10**6} MB"
        ok &= record(
            BENCH,
            f"{case} save_download ({what}) peak RSS growth",
            ours["growth"],
            unit="MiB",
            below=TARGET_MIB,
        )
        record(BENCH, f"{case} save_download vs the raw writer", raw["seconds"] / ours["seconds"])
    return 0 if ok else 1


def xlsx_rounds() -> bool:
    """XLSX: ours (a progress call per row) and raw xlsxwriter in turn, ``RUNS`` rounds."""
    wall: list[float] = []
    cpu: list[float] = []
    growth: list[float] = []
    for run in range(RUNS):
        order = ["raw", "ours"] if run % 2 == 0 else ["ours", "raw"]
        got = {which: run_child(which, "xlsx") for which in order}
        wall.append(got["raw"]["seconds"] / got["ours"]["seconds"])
        cpu.append(got["raw"]["cpu"] / got["ours"]["cpu"])
        growth.append(got["ours"]["growth"])
        print(
            f"  round {run + 1}: raw xlsxwriter {got['raw']['seconds']:.2f} s, "
            f"save_download {got['ours']['seconds']:.2f} s (wall clock)"
        )
    ok = record(
        BENCH,
        f"XLSX save_download, {ROWS:,} rows, a progress call per row, vs raw xlsxwriter",
        statistics.median(wall),
        at_least=TARGET_RATIO,
    )
    record(BENCH, "the same in CPU time", statistics.median(cpu))
    ok &= record(
        BENCH, "XLSX save_download peak RSS growth", max(growth), unit="MiB", below=TARGET_MIB
    )
    return ok


if __name__ == "__main__":
    if len(sys.argv) == 3:
        sys.exit(child(sys.argv[1], sys.argv[2]))
    sys.exit(main())
