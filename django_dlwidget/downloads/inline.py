"""Serve a small export in the response itself; send a large one to the background.

::

    def export_users(request):
        rows = User.objects.values_list("pk", "email")
        return inline_or_background(
            request, rows, export_users_task, "users.csv", threshold=5000, header=["id", "email"]
        )

At or under ``threshold`` rows (a number; or a callable ``(rows) -> bool`` that returns True to
go to the background) the export is answered at once as an attachment, in the task's format
(or ``format=``): CSV (in the task's ``encoding``, or ``encoding=``), XLSX, JSON Lines, or a ZIP of
the members given as ``rows`` (the threshold then counts members). Rows that raise a
``DownloadError`` (a character the CSV encoding cannot represent) answer a JSON 422 with its
message. It is written by the same writer a background job uses, into a spooled
file, and served by ``serve_file`` (in blocks, asynchronously under ASGI, with a length). Above
the threshold, ``task.start(request.user, filename, *args)`` starts a tracked download and the
response is ``202 {"download": {...}}`` with a ``Location`` of the download's detail URL; or,
for a plain HTML form, a redirect to ``redirect_to`` (a URL or a URL name), or the page
``template_name`` rendered with ``download`` (and ``context``), also with status 202. A user who
already has ``MAX_ACTIVE_DOWNLOADS`` exports in progress gets a 429
``{"error": "too_many_downloads", "detail"}`` instead, and nothing is started.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.files import File
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from ..http import json_error, json_response
from ..serving.response import serve_file
from .exceptions import DownloadError, TooManyDownloads
from .limits import too_many_downloads_response
from .serializers import download_json
from .writers import CONTENT_TYPES, Content, charset, check_format

if TYPE_CHECKING:
    from .tasks import DownloadTask

Threshold = int | Callable[[Any], bool]
# What an inline answer is sent as: CSV keeps the charset it has always been sent with.
INLINE_CONTENT_TYPES = {**CONTENT_TYPES, "csv": "text/csv; charset=utf-8"}


def inline_or_background(
    request: HttpRequest,
    rows: Iterable[Any] | Mapping[str, Any],
    task: DownloadTask,
    filename: str,
    *args: Any,
    threshold: Threshold = 1000,
    header: Sequence[Any] | None = None,
    format: str | None = None,
    encoding: str | None = None,
    redirect_to: str | None = None,
    template_name: str | None = None,
    context: Mapping[str, Any] | None = None,
) -> HttpResponseBase:
    """The export inline when it is small, else a background download (see the module)."""
    if redirect_to is not None and template_name is not None:
        raise TypeError("inline_or_background() takes redirect_to= or template_name=, not both")
    format = format or task.format or "csv"
    if header is None and format != "zip":
        header = task.header
    if encoding is None and format == "csv":
        encoding = task.encoding
    check_format(format)
    inline_rows = _rows_if_small(rows, threshold)
    if inline_rows is not None:
        content_type = INLINE_CONTENT_TYPES[format]
        if encoding is not None:
            content_type = f"{CONTENT_TYPES['csv']}; charset={charset(encoding)}"
        content = Content(inline_rows, None, header=header, format=format, encoding=encoding)
        try:
            spool = content.write()
        except DownloadError as exc:  # a character the encoding cannot represent, say
            return json_error(422, "export_failed", str(exc))
        return serve_file(request, File(spool), filename=filename, content_type=content_type)
    try:
        download = task.start(request.user, filename, *args)
    except TooManyDownloads as exc:
        return too_many_downloads_response(exc)
    if redirect_to is not None:
        return redirect(redirect_to)
    if template_name is not None:
        page = {**(context or {}), "download": download}
        return TemplateResponse(request, template_name, page, status=202)
    response = json_response({"download": download_json(download)}, status=202)
    response["Location"] = reverse("dlwidget:download-detail", args=[download.key])
    return response


def _rows_if_small(rows: Iterable[Any], threshold: Threshold) -> Iterable[Any] | None:
    """The rows to serve inline, or None when the export belongs in the background."""
    if callable(threshold):
        return None if threshold(rows) else rows
    if isinstance(rows, QuerySet):
        return rows if rows.count() <= threshold else None
    if isinstance(rows, Sequence | Mapping):
        return rows if len(rows) <= threshold else None
    # Any other iterable: look at most one row past the threshold.
    head = list(itertools.islice(iter(rows), threshold + 1))
    return head if len(head) <= threshold else None
