"""``save_download`` of 1,000,000 CSV rows: peak RSS growth of the process (target < 32 MiB).

Runs in a fresh process on a file SQLite database; the rows come from a generator, as a job's
queryset iterator would. Peak RSS is the kernel's high-water mark (``ru_maxrss``).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.setup import setup_django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ROWS = 1_000_000
TARGET_MIB = 32


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="dlwidget-bench-"))
    user = setup_django(workdir)
    from django_dlwidget import init_download, save_download, update_percentage

    key = init_download(user, "rows.csv").key

    def rows() -> Iterator[tuple[object, ...]]:
        for i in range(ROWS):
            update_percentage(key, ROWS, i)
            yield (i, f"user-{i}@example.com", "=not a formula", i * 3.25, "2026-01-01")

    # Warm the code paths so imports and caches do not count as growth.
    save_download(init_download(user, "warm.csv").key, [(1, "a", "=b", 1.0, "c")])
    before = peak_rss_mib()
    start = time.perf_counter()
    download = save_download(key, rows(), header=["id", "email", "note", "amount", "date"])
    elapsed = time.perf_counter() - start
    growth = peak_rss_mib() - before
    verdict = "ok" if growth < TARGET_MIB else "ABOVE TARGET"
    size_mib = (download.size or 0) / 1024 / 1024
    print(
        f"save_download: {ROWS:,} rows ({size_mib:.0f} MiB of CSV) in {elapsed:.1f}s, "
        f"peak RSS growth {growth:.1f} MiB (target < {TARGET_MIB} MiB): {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
