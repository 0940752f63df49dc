"""``django_downloadview.apache.response``: ``XSendfileResponse``, a download that Apache's
mod_xsendfile sends from the filesystem. The headers are ``serving.offload.x_sendfile_headers``'
(the path as raw UTF-8, ``..`` refused, ``nosniff``)."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from ....serving.offload import x_sendfile_headers
from ..middlewares import proxied_headers
from ..response import ProxiedDownloadResponse, content_disposition

__all__ = ("XSendfileResponse",)


class XSendfileResponse(ProxiedDownloadResponse):
    """A response whose ``X-Sendfile`` sends the web server to ``file_path`` (as it sees the
    filesystem); ``headers`` (the original response's) are kept but for those of its body.
    ``basename`` defaults to the path's last component."""

    def __init__(
        self,
        file_path: str,
        content_type: str | None,
        basename: str | None = None,
        attachment: bool = True,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(content_type=content_type, headers=proxied_headers(headers))
        self.basename = basename or posixpath.basename(file_path)
        if attachment:
            self["Content-Disposition"] = content_disposition(self.basename)
        for header, value in x_sendfile_headers(file_path).items():
            self[header] = value
