"""``django_downloadview.apache.middlewares``: ``XSendfileMiddleware``, the backend of
``SmartDownloadMiddleware`` (and of ``x_sendfile``) that turns a matching download into an
``XSendfileResponse``."""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import unquote

from django.http import HttpRequest

from ..middlewares import GetResponse, NoRedirectionMatch, ProxiedDownloadMiddleware
from .response import XSendfileResponse

__all__ = ("XSendfileMiddleware",)


class XSendfileMiddleware(ProxiedDownloadMiddleware):
    """Sends downloads whose file is under ``source_url`` or ``source_dir`` through the web
    server, from ``destination_dir`` + the rest (the folder where it sees those files)."""

    response_class: ClassVar[type[XSendfileResponse]] = XSendfileResponse

    def __init__(
        self,
        get_response: GetResponse | None = None,
        source_dir: str | None = None,
        source_url: str | None = None,
        destination_dir: str | None = None,
    ) -> None:
        super().__init__(get_response, source_dir, source_url, destination_dir)

    def process_download_response(self, request: HttpRequest, response: Any) -> Any:
        try:
            redirect_url = self.get_redirect_url(response)
        except NoRedirectionMatch:
            return response
        return self.response_class(
            file_path=unquote(redirect_url),  # a path on disk, not a URL
            content_type=response["Content-Type"],
            basename=response.basename,
            attachment=response.attachment,
            headers=response.headers,
        )
