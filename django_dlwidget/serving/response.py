"""``serve_file()``: one function behind every download this app serves."""

from __future__ import annotations

import os
from collections.abc import AsyncIterable, Iterable
from datetime import datetime

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

from ..conf import SENDFILE_BACKENDS
from ..http import content_disposition, safe_filename
from .conditional import if_range_passes, precondition_response
from .offload import nginx_response, redirect_response, xsendfile_response
from .ranges import UNSATISFIABLE, ByteRange, parse_range
from .rules import Offload, offload_for
from .source import Content, Source, StoredFile, Unsized, resolve
from .streams import BLOCK_SIZE, AsyncFileStream, SyncFileStream
from .types import guess_content_type, needs_sandbox
from .unsized import block_stream

__all__ = ["guess_content_type", "serve_file"]


def serve_file(
    request: HttpRequest,
    file: Content | None = None,
    *,
    storage: Storage | None = None,
    name: str | None = None,
    root: str | os.PathLike[str] | None = None,
    filename: str | None = None,
    content_type: str | None = None,
    as_attachment: bool = True,
    etag: str | None = None,
    last_modified: datetime | None = None,
    sendfile: str | None = None,
    block_size: int = BLOCK_SIZE,
    use_async: bool | None = None,
    into: StreamingHttpResponse | None = None,
) -> HttpResponseBase:
    """Answer ``request`` with a file: a ``FieldFile``, any ``File``, a ``StoredFile``,
    ``storage=`` plus ``name=``, a path inside ``root``, bytes, a binary file object, or an
    iterator (sync or async) of bytes.

    ``filename`` is the name offered to the user (default: the file's own base name);
    ``content_type`` defaults to a guess from it. ``etag`` (quoted, strong) and ``last_modified``
    replace the validators computed from the storage. ``sendfile`` overrides
    ``DLWIDGET["SENDFILE"]``; content that is not in a storage is always streamed by Django.
    A path (``str`` or ``os.PathLike``, relative to ``root`` or absolute) must resolve inside
    ``root``, symlinks followed. Content of unknown size (an iterator, a pipe, a generated
    file object) is streamed whole with no ``Content-Length`` and no Range support. The body
    goes out in ``block_size`` blocks, through an asynchronous iterator when the request came
    through ASGI (``use_async`` forces either way). What is passed in is closed once the
    response is done. Raises ``Http404`` when the file does not exist or lies outside ``root``.

    ``into``: a ``StreamingHttpResponse`` (a subclass carrying more attributes) that a served
    body fills, status, headers and all, instead of a new one; a 304, 412, 416 or offloaded
    answer is still a response of its own.
    """
    if sendfile is not None and sendfile not in SENDFILE_BACKENDS:
        raise ValueError(f"Unknown sendfile backend {sendfile!r}")
    if use_async is None:
        use_async = isinstance(request, ASGIRequest)
    try:
        source = resolve(file, storage, name, root)
    except FileNotFoundError as exc:
        raise Http404(_("The file does not exist.")) from exc
    shown = safe_filename(filename or source.display_name)
    content_type = content_type or guess_content_type(shown)
    disposition = content_disposition(shown, as_attachment=as_attachment)
    if isinstance(source, Unsized):
        headers = _decorate(HttpResponse(), content_type, disposition, etag, last_modified)
        return _serve_unsized(
            request, source, headers, etag, last_modified, block_size, use_async, into
        )
    if source.stored is not None:
        offload = offload_for(source.stored, sendfile)
        if offload.backend != "django":
            offloaded = _offload(offload, source.stored, disposition, content_type)
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
        return _nosniff(refused)

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
        return validators if into is None else _copy_headers(_body(into, (), 200), validators)

    byte_range = wanted if isinstance(wanted, ByteRange) else None
    return _stream(request, source, byte_range, validators, block_size, use_async, into)


def _serve_unsized(
    request: HttpRequest,
    source: Unsized,
    headers: HttpResponse,
    etag: str | None,
    modified: datetime | None,
    block_size: int,
    use_async: bool,
    into: StreamingHttpResponse | None,
) -> HttpResponseBase:
    """No size, so no Range: the whole body (200) for every request, chunked, with
    validators only when the caller gave them."""
    headers["Accept-Ranges"] = "none"
    refused = precondition_response(request, headers, etag, modified)
    if refused is not None:
        source.close()
        return _nosniff(refused)
    if request.method == "HEAD":
        # Streaming, though empty: a plain response would get a "Content-Length: 0".
        source.close()
        source = Unsized(())
    body = block_stream(source.content, block_size, use_async)
    return _copy_headers(_body(into, body, 200), headers)


def _stream(
    request: HttpRequest,
    source: Source,
    byte_range: ByteRange | None,
    validators: HttpResponseBase,
    block_size: int,
    use_async: bool,
    into: StreamingHttpResponse | None,
) -> StreamingHttpResponse:
    start, length = (byte_range.start, byte_range.length) if byte_range else (0, source.size)
    try:
        opened = source.open()
    except OSError as exc:
        raise Http404(_("The file does not exist.")) from exc
    stream_class = AsyncFileStream if use_async else SyncFileStream
    try:
        stream = stream_class(opened, start=start, length=length, block_size=block_size)
    except BaseException:
        opened.close()
        raise
    response = _copy_headers(_body(into, stream, 206 if byte_range else 200), validators)
    response["Content-Length"] = str(length)
    if byte_range:
        response["Content-Range"] = byte_range.content_range
    return response


def _offload(
    offload: Offload, stored: StoredFile, disposition: str, content_type: str
) -> HttpResponse:
    if offload.backend == "nginx":
        return nginx_response(stored, offload)
    if offload.backend == "xsendfile":
        return xsendfile_response(stored, offload)
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
    if disposition and disposition.startswith("inline") and needs_sandbox(content_type):
        # Markup or script shown in the page's origin must not run (see .types).
        response["Content-Security-Policy"] = "sandbox"
    if ranges:
        response["Accept-Ranges"] = "bytes"
    if etag:
        response["ETag"] = etag
    if modified:
        response["Last-Modified"] = http_date(modified.timestamp())
    if "Cache-Control" not in response:
        response["Cache-Control"] = "private"
    return response


def _body(
    into: StreamingHttpResponse | None,
    body: Iterable[object] | AsyncIterable[object],
    status: int,
) -> StreamingHttpResponse:
    """A new streaming response, or ``into`` given this body and status and stripped of any
    length or range a body of its own had."""
    if into is None:
        return StreamingHttpResponse(body, status=status)
    into.streaming_content = body
    into.status_code = status
    for header in ("Content-Length", "Content-Range"):
        into.headers.pop(header, None)
    return into


def _copy_headers(
    response: StreamingHttpResponse, headers: HttpResponseBase
) -> StreamingHttpResponse:
    for header, value in headers.items():
        response[header] = value
    return response


def _nosniff(response: HttpResponseBase) -> HttpResponseBase:
    response["X-Content-Type-Options"] = "nosniff"
    return response
