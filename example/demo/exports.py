"""The demo's exports: a quick CSV, a slow one with visible progress, one that fails, a large file.

Durations and sizes come from ``settings.DEMO_EXPORTS`` so the browser tests run them in seconds.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from typing import IO

from django.conf import settings

from django_dlwidget import DownloadError, DownloadJob, download_task
from django_dlwidget.models import Download

CHUNK = 1024 * 1024


def quick_rows(count: int) -> Iterator[tuple[int, int, str]]:
    """Deterministic rows, so a test can compare the downloaded file with what it expects."""
    for n in range(1, count + 1):
        yield (n, n * n, f"row {n}" if n % 7 else f"=formula {n}")


@download_task(header=["n", "square", "label"], name="Quick report")
def quick_export(job: DownloadJob, count: int) -> Iterator[tuple[int, int, str]]:
    for n, row in enumerate(quick_rows(count), 1):
        job.progress(count, n)
        yield row


@download_task(header=["step", "at"], name="Slow report")
def slow_export(job: DownloadJob, seconds: float) -> Iterator[tuple[int, str]]:
    steps = 50
    for step in range(1, steps + 1):
        time.sleep(seconds / steps)
        job.progress(steps, step, resolution=2)
        yield (step, f"{seconds * step / steps:.1f}s")


@download_task(name="Broken report")
def failing_export(job: DownloadJob) -> None:
    job.progress(10, 3)
    time.sleep(0.5)
    raise DownloadError("The data source is unavailable (this export fails on purpose).")


@download_task(name="Large archive", content_type="application/octet-stream")
def large_export(job: DownloadJob, size: int) -> IO[bytes]:
    """``size`` deterministic bytes, written through a temporary file (never all in memory)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to save_download, which closes it
    block = bytes(range(256)) * (CHUNK // 256)
    written = 0
    while written < size:
        piece = block[: min(CHUNK, size - written)]
        out.write(piece)
        written += len(piece)
        job.progress(size, written)
    out.seek(0)
    return out


def start(kind: str, user: object) -> Download:
    """Start one of the demo's exports for ``user``; ``KeyError`` for an unknown kind."""
    sizes = getattr(settings, "DEMO_EXPORTS", {})
    starters = {
        "quick": lambda: quick_export.start(user, "quick-report.csv", sizes["QUICK_ROWS"]),
        "slow": lambda: slow_export.start(user, "slow-report.csv", sizes["SLOW_SECONDS"]),
        "failing": lambda: failing_export.start(user, "broken-report.csv"),
        "large": lambda: large_export.start(user, "large-archive.bin", sizes["LARGE_BYTES"]),
    }
    if getattr(settings, "CELERY_BROKER_URL", ""):  # DEMO_CELERY_BROKER: demo/celery.py's job
        from .celery import start as start_on_celery

        starters["celery"] = lambda: start_on_celery(user, sizes)
    return starters[kind]()
