"""``async_downloads.tasks``: the periodic cleanup, on Django's tasks framework and on Celery.

``cleanup_expired_downloads`` is a ``django.tasks`` task (``.enqueue()``, or ``.call()`` to run it
here). When Celery is importable, a Celery task is registered under the same dotted name, so the
beat entry of the predecessor's README keeps working with only the module path changed::

    app.conf.beat_schedule = {
        "async_downloads_cleanup": {
            "task": "django_dlwidget.compat.async_downloads.tasks.cleanup_expired_downloads",
            "schedule": crontab(hour=0, minute=0, day_of_week=1),
        }
    }

``celery_cleanup_expired_downloads`` is that Celery task (``.delay()``). Both run the native
``run_cleanup()``: stale jobs, expired downloads with their files, files no download owns (what
the predecessor's task removed) and expired uploads; with ``ASYNC_DOWNLOADS_PATH_PREFIX`` set,
also the files no download owns in the download folders under that prefix.
"""

from __future__ import annotations

from typing import Any

from ...downloads.cleanup import remove_orphan_files, run_cleanup
from ...task_backends import task
from . import settings as compat_settings

try:
    from celery import shared_task
except ImportError:  # Celery is optional: without it only the django.tasks task exists.
    shared_task = None

CELERY_TASK_NAME = f"{__name__}.cleanup_expired_downloads"


def _cleanup() -> None:
    run_cleanup()
    prefix = compat_settings.path_prefix()
    if prefix is not None:
        remove_orphan_files(prefix)


@task
def cleanup_expired_downloads() -> None:
    """Delete what expired: downloads, their files, orphaned files and stale jobs."""
    _cleanup()


if shared_task is not None:
    celery_cleanup_expired_downloads: Any = shared_task(name=CELERY_TASK_NAME)(_cleanup)
