"""``django_downloadview.lighttpd.response``: ``XSendfileResponse`` for lighttpd, which reads the
same ``X-Sendfile`` header as Apache's mod_xsendfile (``x-sendfile`` enabled on its
FastCGI, SCGI or proxy backend)."""

from __future__ import annotations

from ..apache.response import XSendfileResponse as ApacheXSendfileResponse

__all__ = ("XSendfileResponse",)


class XSendfileResponse(ApacheXSendfileResponse):
    """A response whose ``X-Sendfile`` sends lighttpd to ``file_path``; the arguments are
    Apache's ``XSendfileResponse``'s."""
