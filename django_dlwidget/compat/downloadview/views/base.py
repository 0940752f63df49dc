"""``django_downloadview.views.base``: ``DownloadMixin`` and ``BaseDownloadView``.

``render_to_response()`` keeps the predecessor's steps (``get_file()``, a 404 for
``FileNotFound``, ``If-Modified-Since`` through ``was_modified_since()``, then
``download_response()``), and ``download_response()`` hands the ``DownloadResponse`` to
``serve_file()`` to fill: so every view answers ``Range`` (206, 416), ``If-Range``,
``If-None-Match`` and ``If-Modified-Since`` (304) the native way, streams asynchronously under
ASGI, and sends content of unknown size chunked. The response stays a ``DownloadResponse`` (the
offload middlewares look for one) with the predecessor's ``Content-Type`` and
``Content-Disposition``.
"""

from __future__ import annotations

import calendar
import contextlib
from datetime import datetime
from typing import Any, cast

from django.http import Http404, HttpRequest, HttpResponseBase, HttpResponseNotModified
from django.views.generic.base import View
from django.views.static import was_modified_since

from ....serving import StoredFile, serve_file
from ....serving.source import Content
from .. import exceptions
from ..files import StorageFile
from ..response import DownloadResponse

__all__ = ("BaseDownloadView", "DownloadMixin")


class DownloadMixin:
    """What a download view needs besides ``View``: override ``get_file()`` to return a file
    wrapper (raise ``FileNotFound`` when there is none); the other methods read the class
    attributes below."""

    response_class: Any = DownloadResponse
    attachment: bool = True
    """``Content-Disposition: attachment`` (a "save as"), or no disposition (shown inline)."""
    basename: str | None = None
    """The name offered to the user; None uses the file's own."""
    mimetype: str | None = None
    """None guesses the MIME type from the basename."""
    encoding: str | None = None
    """None guesses the compression (``gzip`` for ``.gz``) from the basename."""

    request: HttpRequest
    file_instance: Any

    def get_file(self) -> Any:
        """The file wrapper to serve; raises ``FileNotFound`` when the file does not exist."""
        raise NotImplementedError()

    def get_basename(self) -> str | None:
        return self.basename

    def get_mimetype(self) -> str | None:
        return self.mimetype

    def get_encoding(self) -> str | None:
        return self.encoding

    def was_modified_since(self, file_instance: Any, since: Any) -> bool:
        """The file wrapper's own ``was_modified_since(since)``, else Django's test against its
        ``modified_time``; True when neither can tell."""
        try:
            modified: bool = file_instance.was_modified_since(since)
        except (AttributeError, NotImplementedError):
            try:
                mtime = calendar.timegm(file_instance.modified_time.utctimetuple())
            except (AttributeError, NotImplementedError, OSError):
                return True
            return was_modified_since(since, mtime)
        return modified

    def not_modified_response(self, *response_args: Any, **response_kwargs: Any) -> Any:
        return HttpResponseNotModified(*response_args, **response_kwargs)

    def download_response(self, *response_args: Any, **response_kwargs: Any) -> Any:
        """``response_class(...)`` for ``file_instance`` and this view's options, answered by
        ``serve_file()`` when it is a ``DownloadResponse`` (Range, validators, 304)."""
        response_kwargs.setdefault("file_instance", self.file_instance)
        response_kwargs.setdefault("attachment", self.attachment)
        response_kwargs.setdefault("basename", self.get_basename())
        response_kwargs.setdefault("file_mimetype", self.get_mimetype())
        response_kwargs.setdefault("file_encoding", self.get_encoding())
        response = self.response_class(*response_args, **response_kwargs)
        request = getattr(self, "request", None)
        if isinstance(response, DownloadResponse) and isinstance(request, HttpRequest):
            return serve_download(request, response)
        return response

    def file_not_found_response(self) -> Any:
        raise Http404()

    def render_to_response(self, *response_args: Any, **response_kwargs: Any) -> Any:
        """The download, a 404 for ``FileNotFound``, or a 304 when ``If-Modified-Since`` and
        ``was_modified_since()`` say the client's copy is current."""
        try:
            self.file_instance = self.get_file()
        except exceptions.FileNotFound:
            return self.file_not_found_response()
        since = self.request.headers.get("if-modified-since", None)
        if since is not None and not self.was_modified_since(self.file_instance, since):
            close_file(self.file_instance)
            return self.not_modified_response(**response_kwargs)
        return self.download_response(*response_args, **response_kwargs)


class BaseDownloadView(DownloadMixin, View):
    """``DownloadMixin`` as a view: GET (and HEAD) serve ``get_file()``."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return self.render_to_response()


def serve_download(request: HttpRequest, response: DownloadResponse) -> HttpResponseBase:
    """``response`` filled by ``serve_file()`` for ``request`` (200, 206, or a body-less HEAD),
    or the 304, 412 or 416 it answered instead. Offloading is left to the middlewares."""
    disposition = response.get("Content-Disposition")
    served = serve_file(
        request,
        native_content(response.file),
        filename=response.get_basename() or None,
        content_type=response["Content-Type"],
        as_attachment=response.attachment,
        last_modified=declared_mtime(response.file),
        sendfile="django",
        into=response,
    )
    if served is not response:
        close_file(response.file)
        return served
    if disposition is None:
        del response["Content-Disposition"]
    else:
        response["Content-Disposition"] = disposition
    return response


def native_content(file: Any) -> Content:
    """What ``serve_file()`` takes for a file wrapper: a ``StorageFile`` is a ``StoredFile``
    (validators from the storage, Range); anything else goes as it is."""
    if isinstance(file, StorageFile):
        return StoredFile(file.storage, file.name or "")
    return cast("Content", file)


def declared_mtime(file: Any) -> datetime | None:
    """A modification time set on the wrapper (``ObjectDownloadView.modification_time_field``)."""
    value = getattr(file, "modification_time", None)
    return value if isinstance(value, datetime) else None


def close_file(file: Any) -> None:
    """Close a wrapper that will not be served after all (an open file, a remote body)."""
    close = getattr(file, "close", None)
    if callable(close):
        with contextlib.suppress(AttributeError, OSError, ValueError):  # a File of nothing
            close()
