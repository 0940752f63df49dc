"""Serve a small export in the response itself; send a large one to the background.

::

    def export_users(request):
        rows = User.objects.values_list("pk", "email")
        return inline_or_background(
            request, rows, export_users_task, "users.csv", threshold=5000, header=["id", "email"]
        )

At or under ``threshold`` rows (a number; or a callable ``(rows) -> bool`` that returns True to
go to the background) the rows are streamed back at once as a CSV attachment. Above it,
``task.start(request.user, filename, *args)`` starts a tracked download and the response is
``202 {"download": {...}}`` with a ``Location`` of the download's detail URL, or a redirect to
``redirect_to`` (a URL or a URL name) when given, which suits a plain HTML form.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from ..http import content_disposition, json_response
from .serializers import download_json
from .writers import csv_lines

if TYPE_CHECKING:
    from .tasks import DownloadTask

Threshold = int | Callable[[Any], bool]


def inline_or_background(
    request: HttpRequest,
    rows: Iterable[Sequence[Any]],
    task: DownloadTask,
    filename: str,
    *args: Any,
    threshold: Threshold = 1000,
    header: Sequence[Any] | None = None,
    redirect_to: str | None = None,
) -> HttpResponseBase:
    """A streamed CSV response for a small export, else a background download (see module)."""
    header = header if header is not None else task.header
    inline_rows = _rows_if_small(rows, threshold)
    if inline_rows is not None:
        stream = StreamingHttpResponse(
            csv_lines(inline_rows, header=header), content_type="text/csv; charset=utf-8"
        )
        # The same headers as every served file: a hardened name, nosniff, a private answer.
        stream["Content-Disposition"] = content_disposition(filename)
        stream["X-Content-Type-Options"] = "nosniff"
        stream["Cache-Control"] = "private"
        return stream
    download = task.start(request.user, filename, *args)
    if redirect_to is not None:
        return redirect(redirect_to)
    response = json_response({"download": download_json(download)}, status=202)
    response["Location"] = reverse("dlwidget:download-detail", args=[download.key])
    return response


def _rows_if_small(rows: Iterable[Sequence[Any]], threshold: Threshold) -> Iterable[Any] | None:
    """The rows to serve inline, or None when the export belongs in the background."""
    if callable(threshold):
        return None if threshold(rows) else rows
    if isinstance(rows, QuerySet):
        return rows if rows.count() <= threshold else None
    if isinstance(rows, Sequence):
        return rows if len(rows) <= threshold else None
    # Any other iterable: look at most one row past the threshold.
    head = list(itertools.islice(iter(rows), threshold + 1))
    return head if len(head) <= threshold else None
