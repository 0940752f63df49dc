"""``django_downloadview.views.http``: ``HTTPDownloadView``, a remote file proxied.

The remote body is fetched with ``requests`` (``stream=True``) and passed on as it arrives,
never held whole, chunked (its size is unknown until it ends, so there is no Range). The
remote ``Content-Type`` is kept. A remote 404 or 410 is a 404; any other remote error status,
a refused connection or a bad URL is a 502, a timeout a 504: never a 500, never the remote
error page passed off as the file.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from ..exceptions import FileNotFound
from ..files import HTTPFile, requests_get
from .base import BaseDownloadView, close_file

__all__ = ("HTTPDownloadView",)

_GONE = frozenset({404, 410})


class RemoteError(Exception):
    """The remote server answered with an error status (other than 404/410)."""


class HTTPDownloadView(BaseDownloadView):
    """Proxy ``get_url()``: ``HTTPDownloadView.as_view(url="https://...")``."""

    url: str = ""
    request_kwargs: dict[str, Any] = {}
    """Keyword arguments for the request factory (``headers``, ``auth``, ``timeout``...)."""

    def get_request_factory(self) -> Any:
        """The callable that fetches the URL: ``requests.get`` (with a default timeout)."""
        return requests_get

    def get_request_kwargs(self) -> dict[str, Any]:
        return self.request_kwargs

    def get_url(self) -> str:
        return self.url

    def get_file(self) -> Any:
        """An ``HTTPFile`` whose request has been made; ``FileNotFound`` for a remote 404/410."""
        file = HTTPFile(
            request_factory=self.get_request_factory(),
            name=self.get_basename(),
            url=self.get_url(),
            **self.get_request_kwargs(),
        )
        status = getattr(file.request, "status_code", 200)
        if isinstance(status, int) and status >= 400:
            close_file(file)
            if status in _GONE:
                raise FileNotFound(f"The remote server answered {status}.")
            raise RemoteError(status)
        return file

    def render_to_response(self, *response_args: Any, **response_kwargs: Any) -> Any:
        """The proxied download; 502 (504 for a timeout) when the remote cannot give it."""
        try:
            import requests
        except ImportError:  # pragma: no cover - the downloadview extra brings requests
            return super().render_to_response(*response_args, **response_kwargs)
        try:
            return super().render_to_response(*response_args, **response_kwargs)
        except requests.Timeout:
            return HttpResponse(status=504)
        except (RemoteError, requests.RequestException):
            return HttpResponse(status=502)
