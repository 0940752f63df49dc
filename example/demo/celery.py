"""The demo's Celery app, for a project that runs its exports on its own task queue: the view
creates the download (``init_download``), a Celery worker on the Redis broker reports its progress
(``set_percentage``) and stores the file (``save_download``), or fails it (``set_error``).

On when DEMO_CELERY_BROKER is set (settings.CELERY_BROKER_URL); the worker is
``celery -A demo worker --pool=solo`` in example/ (tests/harness/stack.py starts one).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings")

app = Celery("demo")
app.config_from_object("django.conf:settings", namespace="CELERY")

STEPS = 20
FILENAME = "celery-report.csv"
HEADER = ["n", "cube"]


def celery_rows(count: int) -> Iterator[tuple[int, int]]:
    """Deterministic rows, so a test can compare the downloaded file with what it expects."""
    return ((n, n**3) for n in range(1, count + 1))


def export(key: str, count: int, seconds: float) -> None:
    """The job, in the worker: ``STEPS`` progress reports over ``seconds``, then the CSV."""
    from django_dlwidget import DownloadCancelled, save_download, set_error, set_percentage

    try:
        for step in range(1, STEPS + 1):
            time.sleep(seconds / STEPS)
            set_percentage(key, step * 100 // STEPS)  # raises DownloadCancelled once cancelled
        save_download(key, celery_rows(count), header=HEADER)  # fails the download if it raises
    except DownloadCancelled:
        return  # the owner cancelled or cleared it: nothing more to do
    except Exception:
        set_error(key, "The export failed.")  # (a no-op when save_download already failed it)
        raise


# An untyped decorator under mypy --strict: applied as a call.
celery_export: Any = app.task(name="demo.celery_export", ignore_result=True)(export)


def start(user: object, sizes: dict[str, Any]) -> Any:
    """Create the download for ``user`` and queue its job; the new ``Download``."""
    from django_dlwidget import init_download

    download = init_download(user, FILENAME, "Celery report", kind="celery")
    celery_export.delay(str(download.key), sizes["QUICK_ROWS"], sizes["SLOW_SECONDS"])
    return download
