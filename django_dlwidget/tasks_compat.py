"""Django's tasks framework: ``django.tasks`` on Django 6, the ``django_tasks`` backport on 5.2."""

from __future__ import annotations

try:
    from django.tasks import default_task_backend, task, task_backends
    from django.tasks.backends.immediate import ImmediateBackend
    from django.tasks.base import Task, TaskContext, TaskResult
    from django.tasks.signals import task_finished
except ImportError:  # pragma: no cover - Django 5.2 with the backport
    from django_tasks import (  # type: ignore[no-redef]
        default_task_backend,
        task,
        task_backends,
    )
    from django_tasks.backends.immediate import ImmediateBackend  # type: ignore[no-redef]
    from django_tasks.base import Task, TaskContext, TaskResult  # type: ignore[no-redef]
    from django_tasks.signals import task_finished  # type: ignore[no-redef]

__all__ = [
    "ImmediateBackend",
    "Task",
    "TaskContext",
    "TaskResult",
    "default_task_backend",
    "task",
    "task_backends",
    "task_finished",
]
