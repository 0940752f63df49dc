"""``serve_file()``: one function behind every download this app serves."""

from __future__ import annotations

import mimetypes
from datetime import datetime
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage
from django.core.handlers.asgi import ASGIRequest
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.utils.http import http_date
from django.utils.translation import gettext as _

from ..conf import SENDFILE_BACKENDS, dlwidget_settings
from ..http import content_disposition, safe_filename
from .conditional import if_range_passes, precondition_response
from .offload import nginx_response, redirect_response, xsendfile_response
from .ranges import UNSATISFIABLE, ByteRange, parse_range
from .source import Source, StoredFile, resolve
from .streams import BLOCK_SIZE, AsyncFileStream, SyncFileStream


def serve_file(
    request: HttpRequest,
    file: File[Any] | StoredFile | None = None,
    *,
    storage: Storage | None = None,
    name: str | None = None,
    filename: str | None = None,
    content_type: str | None = None,
    as_attachment: bool = True,
    etag: str | None = None,
    last_modified: datetime | None = None,
    sendfile: str | None = None,
    block_size: int = BLOCK_SIZE,
    use_async: bool | None = None,
) -> HttpResponseBase:
    """Answer ``request`` with a file: a ``FieldFile``, any ``File``, a ``StoredFile``, or
    ``storage=`` plus ``name=``.

    ``filename`` is the name offered to the user (default: the file's own base name);
    ``content_type`` defaults to a guess from it. ``etag`` (quoted, strong) and ``last_modified``
    replace the validators computed from the storage. ``sendfile`` overrides
    ``DLWIDGET["SENDFILE"]``; a plain ``File`` that is not in a storage is always streamed by
    Django. The body goes out in ``block_size`` blocks, through an asynchronous iterator when
    the request came through ASGI (``use_async`` forces either way). A ``File`` passed in is
    closed once the response is done. Raises ``Http404`` when the file does not exist.
    """
    try:
        source = resolve(file, storage, name)
    except FileNotFoundError as exc:
        raise Http404(_("The file does not exist.")) from exc
    shown = safe_filename(filename or source.display_name)
    content_type = content_type or _guess_type(shown)
    disposition = content_disposition(shown, as_attachment=as_attachment)
    backend = sendfile or dlwidget_settings.SENDFILE
    if backend not in SENDFILE_BACKENDS:
        raise ValueError(f"Unknown sendfile backend {backend!r}")
    if source.stored is not None and backend != "django":
        source.close()
        offloaded = _offload(backend, source.stored, disposition, content_type)
        return _decorate(offloaded, content_type, disposition)

    try:
        source.stat()
    except OSError as exc:
        source.close()
        raise Http404(_("The file does not exist.")) from exc
    etag = etag or source.etag()
    modified = last_modified or source.modified
    validators = _decorate(HttpResponse(), content_type, disposition, etag, modified, ranges=True)
    refused = precondition_response(request, validators, etag, modified)
    if refused is not None:
        source.close()
        refused["X-Content-Type-Options"] = "nosniff"
        return refused

    wanted = None
    if request.method == "GET" and if_range_passes(request, etag, modified):
        wanted = parse_range(request.headers.get("Range"), source.size)
    if wanted == UNSATISFIABLE:
        source.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{source.size}"
        return _decorate(response, None, None, etag, modified, ranges=True)
    if request.method == "HEAD":
        source.close()
        validators["Content-Length"] = str(source.size)
        return validators

    byte_range = wanted if isinstance(wanted, ByteRange) else None
    return _stream(request, source, byte_range, validators, block_size, use_async)


def _stream(
    request: HttpRequest,
    source: Source,
    byte_range: ByteRange | None,
    validators: HttpResponseBase,
    block_size: int,
    use_async: bool | None,
) -> StreamingHttpResponse:
    start, length = (byte_range.start, byte_range.length) if byte_range else (0, source.size)
    try:
        opened = source.open()
    except OSError as exc:
        raise Http404(_("The file does not exist.")) from exc
    if use_async is None:
        use_async = isinstance(request, ASGIRequest)
    stream_class = AsyncFileStream if use_async else SyncFileStream
    try:
        stream = stream_class(opened, start=start, length=length, block_size=block_size)
    except BaseException:
        opened.close()
        raise
    response = StreamingHttpResponse(stream, status=206 if byte_range else 200)
    for header, value in validators.items():
        response[header] = value
    response["Content-Length"] = str(length)
    if byte_range:
        response["Content-Range"] = byte_range.content_range
    return response


def _offload(backend: str, stored: StoredFile, disposition: str, content_type: str) -> HttpResponse:
    if backend == "nginx":
        return nginx_response(stored, dlwidget_settings.NGINX_PREFIX)
    if backend == "xsendfile":
        return xsendfile_response(stored)
    return redirect_response(stored, disposition, content_type)


def _decorate(
    response: HttpResponse,
    content_type: str | None,
    disposition: str | None,
    etag: str | None = None,
    modified: datetime | None = None,
    *,
    ranges: bool = False,
) -> HttpResponse:
    if content_type:
        response["Content-Type"] = content_type
    if disposition:
        response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    if ranges:
        response["Accept-Ranges"] = "bytes"
    if etag:
        response["ETag"] = etag
    if modified:
        response["Last-Modified"] = http_date(modified.timestamp())
    if "Cache-Control" not in response:
        response["Cache-Control"] = "private"
    return response


def _guess_type(filename: str) -> str:
    guessed, encoding = mimetypes.guess_type(filename, strict=False)
    if encoding:
        # A .csv.gz is a gzip file to the browser, never a CSV to decompress on the fly.
        return "application/octet-stream"
    return guessed or "application/octet-stream"
