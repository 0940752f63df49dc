"""Tasks registered with Django's tasks framework (``django.tasks`` or the ``django_tasks``
backport). Workers import them by path, so they live at module level here.

- ``run_download(path, key, args)``: runs the ``@download_task`` at ``path`` for download ``key``.
- ``cleanup_task()``: ``run_cleanup()``; schedule it (or the ``dlwidget_cleanup`` command) hourly.
"""

from __future__ import annotations

from typing import Any

from django.utils.module_loading import import_string

from .tasks_compat import task


@task
def run_download(path: str, key: str, args: list[Any]) -> None:
    from .download_tasks import DownloadTask

    download_task = import_string(path)
    if not isinstance(download_task, DownloadTask):
        raise TypeError(f"{path} is not a @download_task")
    download_task.run(key, *args)


@task
def cleanup_task() -> dict[str, int]:
    from .cleanup import run_cleanup

    return run_cleanup()
