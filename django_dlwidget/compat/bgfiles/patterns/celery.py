"""``bgfiles.patterns.celery``: a pattern whose ``schedule`` starts a Celery task.

The task gets the request's id (``get_task_args``) and typically calls
``registry.dispatch(file_request_id)``. Celery is imported by the task, not here.
"""

from __future__ import annotations

from typing import Any

from .base import FullPattern

__all__ = ["ScheduleWithCeleryMixin", "ScheduleWithCeleryPattern"]


class ScheduleWithCeleryMixin:
    """``schedule`` = ``get_task(...).apply_async(**get_celery_kwargs(...))``."""

    task: Any = None

    def schedule(self, file_request: Any, http_request: Any, dataset: Any) -> Any:
        params = (file_request, http_request, dataset)
        return self.get_task(*params).apply_async(**self.get_celery_kwargs(*params))

    def get_task(self, file_request: Any, http_request: Any, dataset: Any) -> Any:
        return self.task

    def get_task_args(self, file_request: Any, http_request: Any, dataset: Any) -> list[Any]:
        return [file_request.id]

    def get_task_kwargs(self, file_request: Any, http_request: Any, dataset: Any) -> dict[str, Any]:
        return {}

    def get_celery_kwargs(
        self, file_request: Any, http_request: Any, dataset: Any
    ) -> dict[str, Any]:
        return {
            "args": self.get_task_args(file_request, http_request, dataset),
            "kwargs": self.get_task_kwargs(file_request, http_request, dataset),
        }


class ScheduleWithCeleryPattern(ScheduleWithCeleryMixin, FullPattern):
    """:class:`FullPattern` scheduled with Celery."""
