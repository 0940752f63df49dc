"""``async_downloads.shortcuts``: a queryset to CSV with progress, and a dated CSV download.

``queryset_to_csv`` walks the queryset with ``.iterator()`` (the predecessor's ``len()`` loaded
every row into memory first) and reports progress through :mod:`.cache`, so a cleared download
stops the job. ``init_generic_csv_download`` names the file as before and starts ``task`` with the
download key: ``task.delay(...)`` for a Celery task, ``task.enqueue(...)`` for a ``django.tasks``
one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .cache import init_download, save_download, update_percentage

__all__ = ("init_generic_csv_download", "queryset_to_csv")

ITERATOR_CHUNK_SIZE = 2000


def queryset_to_csv(
    download_key: str,
    header: Iterable[Any],
    queryset: QuerySet[Any],
    row_function: Callable[[Any], Sequence[Any]],
) -> None:
    """Save ``header`` and ``row_function(obj)`` for each object of ``queryset`` as the CSV."""
    if not isinstance(queryset, QuerySet):
        raise ValueError(
            "Third argument to queryset_to_csv must be a QuerySet, "
            f"not '{queryset.__class__.__name__}'."
        )
    total = queryset.count()

    def rows() -> Iterator[Sequence[Any]]:
        yield list(header)
        for index, obj in enumerate(queryset.iterator(chunk_size=ITERATOR_CHUNK_SIZE)):
            update_percentage(download_key, total, index)
            yield row_function(obj)

    save_download(download_key, rows())


def init_generic_csv_download(
    task: Any, user: Any, name: str, *task_args: Any, **task_kwargs: Any
) -> tuple[str, str]:
    """``init_download`` of ``<name>_<YYYY-mm-dd_HH-MM>.csv`` shown as ``<name> <YYYY-mm-dd>``,
    then ``task`` started with the download key and the other arguments."""
    timestamp = timezone.now()
    filename = f"{name.replace(' ', '_')}_{timestamp.strftime('%Y-%m-%d_%H-%M')}.csv"
    collection_key, download_key = init_download(
        user, filename, f"{name} {timestamp.strftime('%Y-%m-%d')}"
    )
    start = task.delay if hasattr(task, "delay") else task.enqueue
    start(download_key, *task_args, **task_kwargs)
    return collection_key, download_key
