"""``django_downloadview.response``: the download response the views return and the offload
middlewares recognize.

``DownloadResponse`` is a ``StreamingHttpResponse`` that keeps the file wrapper (``file``) and
what the headers were made from (``basename``, ``attachment``, ``file_mimetype``,
``file_encoding``), so a middleware can turn it into an ``X-Accel-Redirect`` or ``X-Sendfile``.
Its body is read from the file in blocks when it is sent, never whole. The views fill it from
``serve_file()`` (Range, validators, ASGI streaming); built by hand it streams the whole file.

File names are sanitized as everywhere in django-dlwidget (``safe_filename``): no directory
parts, no control characters, and an ASCII fallback without quotes, backslashes or ``%``.
"""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.encoding import force_str

from ...http import safe_filename
from ...serving.response import guess_content_type
from ...serving.streams import BLOCK_SIZE
from ...serving.unsized import block_stream

__all__ = (
    "DownloadResponse",
    "ProxiedDownloadResponse",
    "content_disposition",
    "encode_basename_ascii",
    "encode_basename_utf8",
)

# What user agents disagree about inside a quoted filename, and what has no business there.
_UNSAFE_ASCII = re.compile(r'["\\%\x00-\x1f\x7f]')
_SIZE_ERRORS = (AttributeError, NotImplementedError, OSError, TypeError, ValueError)


def encode_basename_ascii(value: str | bytes) -> str:
    """The ASCII ``filename=`` for ``value``: accents folded, other non-ASCII dropped,
    whitespace as ``_``, and quotes, backslashes and ``%`` as ``_`` too."""
    text = force_str(value)
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"\s", "_", _UNSAFE_ASCII.sub("_", folded))


def encode_basename_utf8(value: str | bytes) -> str:
    """The percent-encoded UTF-8 ``filename*=`` value for ``value``."""
    return quote(force_str(value))


def content_disposition(filename: str | None) -> str:
    """``attachment``, with ``filename="..."`` for a name, plus ``filename*=UTF-8''...`` when the
    name is not plain ASCII. The name is sanitized first (``safe_filename``)."""
    if not filename:
        return "attachment"
    name = safe_filename(force_str(filename))
    ascii_name, utf8_name = encode_basename_ascii(name), encode_basename_utf8(name)
    if ascii_name == utf8_name:
        return f'attachment; filename="{ascii_name}"'
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{utf8_name}"


class DownloadResponse(StreamingHttpResponse):
    """A file download Django streams: ``file_instance`` is a file wrapper (``File``,
    ``FieldFile``, ``StorageFile``, ``VirtualFile``, ``HTTPFile``...).

    ``content_type`` (the whole header) defaults to the file's own ``content_type``, else
    ``"<mime type>; charset=<charset>"``; ``file_mimetype`` and ``file_encoding`` default to a
    guess from the basename. ``Content-Length`` is sent when the file knows its size, and
    ``Content-Disposition`` when ``attachment`` (with ``basename``, default the file's own).
    """

    def __init__(
        self,
        file_instance: Any,
        attachment: bool = True,
        basename: str | None = None,
        status: int = 200,
        content_type: str | None = None,
        file_mimetype: str | None = None,
        file_encoding: str | None = None,
    ) -> None:
        self.file = file_instance
        super().__init__(
            streaming_content=block_stream(file_instance, BLOCK_SIZE, use_async=False),
            status=status,
            content_type=content_type,
        )
        self.basename = basename
        self.attachment = attachment
        if not content_type:
            del self["Content-Type"]
        self.file_mimetype = file_mimetype
        self.file_encoding = file_encoding
        for header, value in self.default_headers.items():
            if header not in self:
                self[header] = value

    @property
    def default_headers(self) -> dict[str, Any]:
        """``Content-Type``, ``Content-Length`` (when known) and ``Content-Disposition`` (for an
        attachment), computed once."""
        cached: dict[str, Any] | None = getattr(self, "_default_headers", None)
        if cached is not None:
            return cached
        headers: dict[str, Any] = {"Content-Type": self.get_content_type()}
        try:
            size = self.file.size
        except _SIZE_ERRORS:
            size = None
        if isinstance(size, int) and not isinstance(size, bool):
            headers["Content-Length"] = size
        if self.attachment:
            headers["Content-Disposition"] = content_disposition(self.get_basename())
        self._default_headers = headers
        return headers

    def get_basename(self) -> str:
        """``basename``, else the last component of the file's name."""
        if self.basename:
            return self.basename
        return Path(getattr(self.file, "name", None) or "").name

    def get_content_type(self) -> str:
        """The file's own ``content_type``, else ``"<mime type>; charset=<charset>"``."""
        try:
            own: str = self.file.content_type
        except AttributeError:
            return f"{self.get_mime_type()}; charset={self.get_charset()}"
        return own

    def get_mime_type(self) -> str:
        """``file_mimetype``, else a guess from the basename (a compressed file's compression,
        ``application/gzip``; ``application/octet-stream`` for an unknown one)."""
        if self.file_mimetype is not None:
            return self.file_mimetype
        return guess_content_type(self.get_basename())

    def get_encoding(self) -> str | None:
        """``file_encoding``, else the compression the basename implies (``"gzip"`` for
        ``.gz``), else None."""
        if self.file_encoding is not None:
            return self.file_encoding
        return mimetypes.guess_type(self.get_basename())[1]

    def get_charset(self) -> str:
        """The file's ``charset`` when it has one (``ObjectDownloadView.charset_field``),
        else ``settings.DEFAULT_CHARSET``."""
        charset = getattr(self.file, "charset", None)
        return charset if isinstance(charset, str) and charset else settings.DEFAULT_CHARSET


class ProxiedDownloadResponse(HttpResponse):
    """The base of the responses that hand a download to the web server (``X-Accel-Redirect``,
    ``X-Sendfile``), so middlewares and tests can tell them apart."""
