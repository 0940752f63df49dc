"""``save_download`` of 1,000,000 CSV rows with a progress call per row, against a raw
``csv.writer`` loop writing the same rows into a file, in the same run (targets: >= 0.9x the raw
loop's speed; peak RSS growth < 32 MiB).

Both sides read the same generator of rows (``update_percentage`` per row on our side only) and
write into the same folder, on a file SQLite database. The rounds interleave (raw first in odd
rounds, ours first in even ones) and each round's ratio is raw time over ours, so the machine's
load drifting between rounds moves both; the figure is the median ratio, in wall-clock time (the
target) and in process CPU time. ``write_csv`` alone (no progress, no storage) is timed too, and
the time our side spends in database queries (its progress and final writes: each a commit, which
on SQLite waits for the disk) is printed.
Peak RSS is the kernel's high-water mark (``VmHWM``), reset just before each export of ours.

``BENCH_ROWS`` (default 1,000,000) and ``BENCH_RUNS`` (default 5) make quicker runs.
"""

from __future__ import annotations

import csv
import os
import shutil
import statistics
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

BENCH = "save_rows"
ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
TARGET_RATIO = 0.9
TARGET_MIB = 32
HEADER = ["id", "email", "note", "amount", "date"]


def rows(count: int, key: Any = None) -> Iterator[tuple[Any, ...]]:
    """The export's rows, as a job's queryset iterator would give them; with ``key``, the job's
    progress call before each."""
    from django_dlwidget import update_percentage

    for i in range(count):
        if key is not None:
            update_percentage(key, count, i)
        yield (i, f"user-{i}@example.com", "=not a formula", i * 3.25, "2026-01-01")


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of ``run()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="dlwidget-bench-"))
    try:
        return measure(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def measure(workdir: Path) -> int:
    user = setup_django(workdir)
    from django.db import connection

    from django_dlwidget import init_download, save_download
    from django_dlwidget.downloads.writers import write_csv

    folder = workdir / "media"
    folder.mkdir(exist_ok=True)
    growths: list[float] = []

    def raw(count: int) -> None:
        with (folder / "raw.csv").open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(HEADER)
            for row in rows(count):
                writer.writerow(row)

    database: list[float] = []

    def timed_query(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            database[-1] += time.perf_counter() - start

    def ours(count: int) -> None:
        key = init_download(user, "rows.csv").key
        before = reset_peak_rss()
        database.append(0.0)
        with connection.execute_wrapper(timed_query):
            save_download(key, rows(count, key), header=HEADER)
        growths.append(status_mib("VmHWM") - before)

    def writer_alone(count: int) -> None:
        with (
            write_csv(rows(count), header=HEADER) as spool,
            (folder / "alone.csv").open("wb") as out,
        ):
            shutil.copyfileobj(spool, out)

    for warm in (raw, ours, writer_alone):  # imports and caches do not count
        warm(100)
    growths.clear()
    database.clear()
    ratios: dict[str, list[float]] = {"wall": [], "cpu": [], "alone": [], "no_db": []}
    for run in range(RUNS):
        order = [raw, ours] if run % 2 == 0 else [ours, raw]
        times = {side: timed(lambda side=side: side(ROWS)) for side in order}  # type: ignore[misc]
        alone = timed(lambda: writer_alone(ROWS))
        ratios["wall"].append(times[raw][0] / times[ours][0])
        ratios["no_db"].append(times[raw][0] / (times[ours][0] - database[-1]))
        ratios["cpu"].append(times[raw][1] / times[ours][1])
        ratios["alone"].append(times[raw][0] / alone[0])
        print(
            f"  round {run + 1}: raw {times[raw][0]:.2f} s, save_download {times[ours][0]:.2f} s, "
            f"write_csv alone {alone[0]:.2f} s (wall clock); save_download's database queries "
            f"{database[-1]:.2f} s"
        )
    ok = record(
        BENCH,
        f"CSV save_download, {ROWS:,} rows, a progress call per row, vs raw csv.writer",
        statistics.median(ratios["wall"]),
        at_least=TARGET_RATIO,
    )
    record(BENCH, "the same in CPU time", statistics.median(ratios["cpu"]))
    record(
        BENCH,
        "write_csv alone (no progress, no storage) vs raw",
        statistics.median(ratios["alone"]),
    )
    record(
        BENCH, "CSV save_download's time in database queries", statistics.median(database), unit="s"
    )
    record(
        BENCH,
        "CSV save_download vs raw, its time in database queries left out",
        statistics.median(ratios["no_db"]),
    )
    ok &= record(
        BENCH, "CSV save_download peak RSS growth", max(growths), unit="MiB", below=TARGET_MIB
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
