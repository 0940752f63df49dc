"""``django_downloadview.lighttpd.middlewares``: ``XSendfileMiddleware`` for lighttpd, Apache's
with lighttpd's response class."""

from __future__ import annotations

from typing import ClassVar

from ..apache.middlewares import XSendfileMiddleware as ApacheXSendfileMiddleware
from .response import XSendfileResponse

__all__ = ("XSendfileMiddleware",)


class XSendfileMiddleware(ApacheXSendfileMiddleware):
    """Sends downloads whose file is under ``source_url`` or ``source_dir`` through lighttpd,
    from ``destination_dir`` + the rest."""

    response_class: ClassVar[type[XSendfileResponse]] = XSendfileResponse
