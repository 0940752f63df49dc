"""``django_downloadview.nginx.response``: ``XAccelRedirectResponse``, a download that nginx
sends from an ``internal`` location.

The headers are ``serving.offload.x_accel_headers``' (the location percent-encoded once, ``..``
refused, ``nosniff``), with the predecessor's options mapped onto ``AccelOptions``: ``expires``
(a ``datetime``: ``@<Unix time>``; a ``timedelta`` or a number: seconds; ``False``/``0``:
``off``), ``with_buffering`` (``yes``/``no``), ``limit_rate`` (bytes per second; ``False``/``0``:
``off``). ``X-Accel-Charset`` is the charset of ``content_type``, sent only when it has one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote

from django.utils import timezone

from ....serving.offload import x_accel_headers
from ....serving.rules import AccelOptions
from ..middlewares import proxied_headers
from ..response import ProxiedDownloadResponse, content_disposition
from ..utils import content_type_to_charset, url_basename

__all__ = ("XAccelRedirectResponse",)

_TOKEN = re.compile(r"[A-Za-z0-9._-]+")


def expires_value(expires: Any) -> int | str | None:
    """The predecessor's ``expires`` as an ``AccelOptions.expires``."""
    if expires is None:
        return None
    if not expires:
        return "off"
    if isinstance(expires, datetime):
        aware = expires if timezone.is_aware(expires) else timezone.make_aware(expires)
        return f"@{int(aware.timestamp())}"
    if isinstance(expires, timedelta):
        return int(expires.total_seconds())
    return _number(expires)


def limit_rate_value(limit_rate: Any) -> int | str | None:
    """The predecessor's ``limit_rate`` as an ``AccelOptions.limit_rate``."""
    if limit_rate is None:
        return None
    return _number(limit_rate) if limit_rate else "off"


def _number(value: Any) -> int | str:
    if isinstance(value, str) and not value.isdigit():
        return value  # "off" or "@<Unix time>"; AccelOptions refuses anything else
    return int(value)


class XAccelRedirectResponse(ProxiedDownloadResponse):
    """A response whose ``X-Accel-Redirect`` sends nginx to ``redirect_url`` (a URL path in an
    ``internal`` location); ``headers`` (the original response's) are kept but for those of its
    body. ``basename`` defaults to the URL's last segment, decoded."""

    def __init__(
        self,
        redirect_url: str,
        content_type: str | None,
        basename: str | None = None,
        expires: Any = None,
        with_buffering: bool | None = None,
        limit_rate: Any = None,
        attachment: bool = True,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(content_type=content_type, headers=proxied_headers(headers))
        # The URL is percent-encoded once for nginx; the name a browser saves is not.
        self.basename = basename or unquote(url_basename(redirect_url, content_type))
        if attachment:
            self["Content-Disposition"] = content_disposition(self.basename)
        charset = (content_type_to_charset(self["Content-Type"]) or "").strip().strip('"')
        options = AccelOptions(
            expires=expires_value(expires),
            limit_rate=limit_rate_value(limit_rate),
            buffering=None if with_buffering is None else bool(with_buffering),
            charset=charset if _TOKEN.fullmatch(charset) else None,
        )
        for header, value in x_accel_headers(unquote(redirect_url), options).items():
            self[header] = value
