"""An in-process task backend for development and single-process sites.

``ThreadPoolBackend`` runs each task on a thread of the server process, after the enqueuing
transaction commits, so a demo or a small site needs no worker process. Tasks are lost if the
process exits; use a real worker (django-tasks-db, RQ, Celery) where that matters.

    TASKS = {"default": {"BACKEND": "django_dlwidget.task_backends.ThreadPoolBackend",
                         "OPTIONS": {"MAX_WORKERS": 4}}}

The names of Django's tasks framework are imported here once for the package: ``django.tasks`` on
Django 6, the ``django_tasks`` backport on 5.2.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections, transaction

try:
    from django.tasks import default_task_backend, task, task_backends
    from django.tasks.backends.immediate import ImmediateBackend
    from django.tasks.base import Task, TaskContext, TaskResult
    from django.tasks.signals import task_finished
except ImportError:  # pragma: no cover - Django 5.2 with the backport
    try:
        from django_tasks import (  # type: ignore[no-redef]
            default_task_backend,
            task,
            task_backends,
        )
        from django_tasks.backends.immediate import ImmediateBackend  # type: ignore[no-redef]
        from django_tasks.base import Task, TaskContext, TaskResult  # type: ignore[no-redef]
        from django_tasks.signals import task_finished  # type: ignore[no-redef]
    except ImportError as missing:
        # Check E060 says the same when nothing imported this module yet.
        raise ImproperlyConfigured(
            "django-dlwidget needs Django's tasks framework: django.tasks (Django 6) or, on "
            "Django 5.2, the backport: pip install 'django-dlwidget[tasks-backport]'."
        ) from missing

__all__ = [
    "ImmediateBackend",
    "Task",
    "TaskContext",
    "TaskResult",
    "ThreadPoolBackend",
    "default_task_backend",
    "task",
    "task_backends",
    "task_finished",
]

_lock = threading.Lock()
_executors: dict[str, ThreadPoolExecutor] = {}


def _executor(alias: str, max_workers: int) -> ThreadPoolExecutor:
    with _lock:
        if alias not in _executors:
            _executors[alias] = ThreadPoolExecutor(
                max_workers=max_workers, thread_name_prefix=f"dlwidget-task-{alias}"
            )
        return _executors[alias]


class ThreadPoolBackend(ImmediateBackend):
    """Runs tasks on a pool of threads in this process."""

    def _execute_task(self, task_result: Any) -> None:
        max_workers = int(self.options.get("MAX_WORKERS", 4))
        executor = _executor(self.alias, max_workers)
        transaction.on_commit(lambda: executor.submit(self._run, task_result))

    def _run(self, task_result: Any) -> None:
        close_old_connections()
        try:
            super()._execute_task(task_result)  # type: ignore[misc]
        finally:
            close_old_connections()
