"""Flat memory, held by ``make test``: tracemalloc's peak while a writer runs stays under a bound
far below what holding the export (or its cells) would take. bench/exports.py measures the
process's RSS on a million rows; these sizes keep the suite quick."""

from __future__ import annotations

import random
import tracemalloc
from collections.abc import Callable, Iterator
from typing import IO

import pytest

from django_dlwidget.downloads.writers import Rows, spool_chunks, write_rows, zip_chunks

BOUND = 3 * 1024 * 1024
HEADER = ["id", "email", "note", "amount", "date"]


def rows(count: int) -> Iterator[tuple[object, ...]]:
    for i in range(count):
        yield (i, f"user-{i}@example.com", "=not a formula", i * 3.25, "2026-01-01")


def generated(size: int) -> Iterator[bytes]:
    """Bytes that do not compress, one 64 KiB block at a time."""
    noise = random.Random(11)
    for _ in range(size // 65536):
        yield noise.randbytes(65536)


def peak_and_size(write: Callable[[], IO[bytes]]) -> tuple[int, int]:
    tracemalloc.start()
    try:
        with write() as written:
            size = written.seek(0, 2)
        return tracemalloc.get_traced_memory()[1], size
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("format", "count"),
    # Sizes where a writer that held everything would pass the bound several times over.
    [("csv", 100_000), ("jsonl", 60_000), ("xlsx", 20_000)],
)
def test_row_writers_keep_memory_flat(format: str, count: int) -> None:
    peak, size = peak_and_size(lambda: write_rows(format, rows(count), header=HEADER))
    assert size > (BOUND if format != "xlsx" else 0)
    assert peak < BOUND, f"{format}: peak {peak / 2**20:.1f} MiB for {count:,} rows"


def test_a_zip_of_large_members_keeps_memory_flat() -> None:
    members = [
        ("a.bin", generated(8 * 2**20)),  # deflated
        ("b.csv", Rows(rows(20_000), header=HEADER)),
        ("c.jpg", generated(16 * 2**20)),  # stored
    ]
    peak, size = peak_and_size(lambda: spool_chunks(zip_chunks(members)))
    assert size > 4 * BOUND
    assert peak < BOUND, f"zip: peak {peak / 2**20:.1f} MiB"
