"""``@download_task``: a tracked export on Django's tasks framework, started from a view in a line.

::

    @download_task(header=["id", "email"])
    def export_users(job: DownloadJob, active_only: bool) -> Iterable[Sequence[object]]:
        users = User.objects.filter(is_active=True) if active_only else User.objects.all()
        total = users.count()
        for done, user in enumerate(users.iterator(), 1):
            job.progress(total, done)
            yield (user.pk, user.email)

    def start_export(request):
        download = export_users.start(request.user, "users.csv", True)
        return JsonResponse(download_json(download), status=202)

The function gets a :class:`DownloadJob` and the JSON arguments given to ``start``. It returns
rows (saved in the task's ``format``: ``"csv"`` by default, ``"xlsx"`` or ``"jsonl"``), ZIP
members for ``format="zip"``, ``bytes``, a binary file or an iterator of ``bytes`` chunks (saved
as they are), or ``None`` when it called ``save_download`` itself. An exception fails the
download (:func:`~.lifecycle.fail_download`): a :class:`DownloadError` shows the owner its message,
is logged in one line and ends the task normally; any other shows a generic one (its text under
``DEBUG``) and is logged with its traceback and re-raised. Cancelling stops the job quietly.

The tasks the framework runs are here too: ``run_download`` (a ``@download_task`` by path) and
``cleanup_task`` (``run_cleanup()``, to schedule hourly).
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import IO, Any, overload

from django.utils.module_loading import import_string
from django.utils.translation import gettext

from ..models import Download
from ..task_backends import task
from .cleanup import run_cleanup
from .exceptions import DownloadCancelled, DownloadError
from .lifecycle import fail_download, init_download, raise_if_cancelled, save_download, set_error
from .lifecycle import user_message as user_message  # lived here before; still importable
from .locale import activate_locale
from .notifications import check_email_options
from .options import check_options
from .progress import set_percentage, update_percentage
from .writers import content_type_for

logger = logging.getLogger(__name__)

JobResult = Iterable[Any] | Mapping[str, Any] | bytes | IO[bytes] | None
BYTES_LIKE = bytes | bytearray | memoryview
_NOTHING = object()


class DownloadJob:
    """What a download task's function gets: the key and the progress calls."""

    def __init__(self, key: uuid.UUID | str, header: Sequence[Any] | None = None) -> None:
        self.key = uuid.UUID(str(key))
        self.header: Sequence[Any] | None = header

    def progress(self, total: int, cur: int, resolution: int = 10) -> None:
        update_percentage(self.key, total, cur, resolution)

    def set_percentage(self, percentage: int) -> None:
        set_percentage(self.key, percentage)

    def check_cancelled(self) -> None:
        """Raise ``DownloadCancelled`` if the owner cancelled (one query; call it sparingly)."""
        raise_if_cancelled(self.key)


class DownloadTask:
    """A function run as a tracked download; ``start`` creates the download and enqueues it."""

    def __init__(
        self,
        func: Callable[..., JobResult],
        *,
        header: Sequence[Any] | None = None,
        format: str | None = None,
        name: str | None = None,
        content_type: str | None = None,
        encoding: str | None = None,
        path_prefix: str | None = None,
        notify: bool | None = None,
        email: Mapping[str, Any] | None = None,
        task_options: dict[str, Any] | None = None,
    ) -> None:
        if "<locals>" in func.__qualname__:
            raise TypeError("@download_task functions must be defined at module level")
        self.path_prefix = check_options(format, header, encoding, path_prefix)
        self.func = func
        self.header = header
        self.format = format
        self.name = name
        self.content_type = content_type
        self.encoding = encoding
        self.notify = notify
        self.email = check_email_options(email)
        self.task_options = task_options or {}
        self.path = f"{func.__module__}.{func.__qualname__}"
        functools.update_wrapper(self, func)

    def start(self, user: Any, filename: str, *args: Any) -> Download:
        """Create the download for ``user``, enqueue the job with JSON ``args``; return it."""
        return self.start_with(user, filename, args)

    def start_with(
        self,
        user: Any,
        filename: str,
        args: Sequence[Any] = (),
        *,
        name: str | None = None,
        content_type: str | None = None,
        expires: datetime | timedelta | None = None,
        language: str | None = None,
        timezone: str | None = None,
    ) -> Download:
        """``start`` with a display name, content type, expiry, language or time zone of this one
        download (see ``init_download``)."""
        if content_type is None and self.content_type is None and self.format is not None:
            content_type = content_type_for(self.format)
        download = init_download(
            user,
            filename,
            name or self.name,
            content_type=content_type or self.content_type,
            expires=expires,
            language=language,
            timezone=timezone,
            kind=self.path,
            params=json.dumps(list(args), default=str),  # the task backend checks the JSON
        )
        try:
            task = run_download.using(**self.task_options) if self.task_options else run_download
            task.enqueue(self.path, str(download.key), list(args))
        except Exception:
            set_error(download.key, gettext("The export could not be started."))
            raise
        download.refresh_from_db()
        return download

    def run(self, key: uuid.UUID | str, *args: Any) -> None:
        """Run the job now, in this process (what the worker does), in the download's language
        and time zone."""
        job = DownloadJob(key, self.header)
        found = Download.objects.filter(key=job.key).values_list("language", "timezone").first()
        with activate_locale(*(found or ("", ""))):
            try:
                result = self.func(job, *args)
                if result is not None:
                    self.save(key, result, job.header)
            except DownloadCancelled:
                logger.info("dlwidget: download %s was cancelled; its job stopped", key)
            except Exception as exc:
                fail_download(key, exc)  # a no-op when save_download failed it already
                if not isinstance(exc, DownloadError):  # else the worker would log it again
                    raise

    def save(self, key: uuid.UUID | str, result: Any, header: Sequence[Any] | None) -> None:
        """``save_download`` for what the function returned (see the module)."""
        if isinstance(result, BYTES_LIKE):
            self.store(key, file=result)
            return
        if hasattr(result, "read"):
            try:
                self.store(key, file=result)
            finally:
                result.close()  # the function handed its file over: nobody else closes it
            return
        if self.format == "zip":
            self.store(key, result, format="zip")
            return
        # Rows, or chunks of bytes: the first item tells.
        items = iter(result)
        first = next(items, _NOTHING)
        chained = itertools.chain([] if first is _NOTHING else [first], items)
        if isinstance(first, BYTES_LIKE):
            self.store(key, file=chained)
        else:
            self.store(
                key, chained, header=header, format=self.format or "csv", encoding=self.encoding
            )

    def store(self, key: uuid.UUID | str, iterable: Any = None, **options: Any) -> None:
        """``save_download`` with this task's options."""
        save_download(
            key,
            iterable,
            path_prefix=self.path_prefix,
            notify=self.notify,
            email=self.email,
            **options,
        )

    def __call__(self, job: DownloadJob, *args: Any) -> JobResult:
        return self.func(job, *args)


@overload
def download_task(func: Callable[..., JobResult], /) -> DownloadTask: ...


@overload
def download_task(
    func: None = None,
    /,
    *,
    header: Sequence[Any] | None = None,
    format: str | None = None,
    name: str | None = None,
    content_type: str | None = None,
    encoding: str | None = None,
    path_prefix: str | None = None,
    notify: bool | None = None,
    email: Mapping[str, Any] | None = None,
    **task_options: Any,
) -> Callable[[Callable[..., JobResult]], DownloadTask]: ...


def download_task(
    func: Callable[..., JobResult] | None = None,
    /,
    *,
    header: Sequence[Any] | None = None,
    format: str | None = None,
    name: str | None = None,
    content_type: str | None = None,
    encoding: str | None = None,
    path_prefix: str | None = None,
    notify: bool | None = None,
    email: Mapping[str, Any] | None = None,
    **task_options: Any,
) -> DownloadTask | Callable[[Callable[..., JobResult]], DownloadTask]:
    """Decorate a module-level ``func(job, *args)``. ``format`` is what returned rows are
    written as (``"csv"``, ``"xlsx"``, ``"jsonl"``) or ``"zip"`` for members, and gives the
    download its content type (else guessed from the file name). ``encoding`` is the CSV's
    (UTF-8 by default; ``"utf-8-sig"`` for Excel, ``"cp1252"``...), ``path_prefix`` the folder of
    its files (default ``DLWIDGET["PATH_PREFIX"]``). ``notify`` and ``email`` go to
    ``save_download`` (e-mail the ready download: True, False, or None for
    ``DLWIDGET["NOTIFY_EMAIL"]``; ``send_ready_email`` options). ``task_options`` go to
    ``Task.using()`` (``queue_name``, ``priority``, ``backend``)."""

    check_options(format, header, encoding, path_prefix)  # at import, not at the first export
    email = check_email_options(email)

    def wrap(f: Callable[..., JobResult]) -> DownloadTask:
        return DownloadTask(
            f,
            header=header,
            format=format,
            name=name,
            content_type=content_type,
            encoding=encoding,
            path_prefix=path_prefix,
            notify=notify,
            email=email,
            task_options=task_options,
        )

    return wrap(func) if func is not None else wrap


# Django tasks framework tasks (``django.tasks`` or the backport), imported by path by workers.


@task
def run_download(path: str, key: str, args: list[Any]) -> None:
    """Run the ``@download_task`` at ``path`` for download ``key``."""
    download_task = import_string(path)
    if not isinstance(download_task, DownloadTask):
        raise TypeError(f"{path} is not a @download_task")
    download_task.run(key, *args)


@task
def cleanup_task() -> dict[str, int]:
    """``run_cleanup()``; schedule it (or the ``dlwidget_cleanup`` command) hourly."""
    return run_cleanup()
