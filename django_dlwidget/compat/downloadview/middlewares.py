"""``django_downloadview.middlewares``: the response middlewares that find a ``DownloadResponse``
and may hand its file to the web server instead (``nginx``, ``apache`` and ``lighttpd`` hold
the backends).

``SmartDownloadMiddleware`` builds one backend per entry of ``DOWNLOADVIEW_RULES`` with
``DOWNLOADVIEW_BACKEND`` (or the entry's own ``backend``), as before. A backend matches a file
by its URL (``source_url``) or by its name on disk (``source_dir``) and maps the rest onto
``destination_url`` (nginx) or ``destination_dir`` (X-Sendfile). The matching is the
predecessor's; a name is compared after ``..`` is folded (``serving.paths.name_under``), and
the headers come from ``serving.offload``, which refuses a path that climbs out of its folder.
Every middleware here works in a synchronous and in an asynchronous stack.
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Final, cast
from urllib.parse import quote, unquote

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from ...serving.paths import name_under
from .response import DownloadResponse
from .utils import import_member

__all__ = (
    "AUTO_CONFIGURE",
    "BaseDownloadMiddleware",
    "DownloadDispatcher",
    "DownloadDispatcherMiddleware",
    "NoRedirectionMatch",
    "ProxiedDownloadMiddleware",
    "RealDownloadMiddleware",
    "SmartDownloadMiddleware",
    "is_download_response",
    "proxied_headers",
)

AUTO_CONFIGURE: Final = object()
"""The default of the arguments that are read from the settings when left out."""

GetResponse = Callable[[HttpRequest], Any]

# What describes the body Django would have sent, not the file the web server sends.
_BODY_HEADERS = frozenset({"content-type", "content-length", "content-range", "transfer-encoding"})


def is_download_response(response: object) -> bool:
    """Whether ``response`` is a ``DownloadResponse`` (a file Django would stream)."""
    return isinstance(response, DownloadResponse)


def file_attribute(file: object, name: str) -> str | None:
    """``file.url`` or ``file.name`` as a string, or None when the file has none (a storage
    without URLs raises rather than answering)."""
    try:
        value = getattr(file, name, None)
    except (NotImplementedError, ValueError):
        return None
    return value if isinstance(value, str) and value else None


def proxied_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    """The headers of a download response worth keeping on the response that offloads it:
    all but those that describe Django's own body (the web server sends the file's)."""
    return {k: v for k, v in (headers or {}).items() if k.lower() not in _BODY_HEADERS}


class BaseDownloadMiddleware:
    """A response middleware that calls ``process_download_response`` for download responses
    (``is_download_response``); subclasses implement it."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: GetResponse | None) -> None:
        self.get_response = get_response
        if get_response is not None and iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self.get_response is None:
            raise ImproperlyConfigured(
                f"{type(self).__name__}() was built without get_response: it can process "
                "responses (process_response) but not sit in MIDDLEWARE."
            )
        if iscoroutinefunction(self):
            return self._acall(request)
        return self.process_response(request, self.get_response(request))

    async def _acall(self, request: HttpRequest) -> Any:
        get_response = cast(
            "Callable[[HttpRequest], Awaitable[HttpResponseBase]]", self.get_response
        )
        return self.process_response(request, await get_response(request))

    def is_download_response(self, response: HttpResponseBase) -> bool:
        return is_download_response(response)

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> Any:
        if self.is_download_response(response):
            return self.process_download_response(request, response)
        return response

    def process_download_response(self, request: HttpRequest, response: Any) -> Any:
        raise NotImplementedError


class RealDownloadMiddleware(BaseDownloadMiddleware):
    """Handles only downloads of files that have a URL or a name: never in-memory or generated
    files, which no web server can find."""

    def is_download_response(self, response: HttpResponseBase) -> bool:
        if not super().is_download_response(response):
            return False
        file = cast("DownloadResponse", response).file
        return bool(file_attribute(file, "url") or file_attribute(file, "name"))


class DownloadDispatcher:
    """Passes a response through several middlewares in turn: ``middlewares`` is a list of
    ``(key, middleware)``; by default, built from ``DOWNLOADVIEW_MIDDLEWARES``, a list of
    ``(key, dotted path of a factory, keyword arguments)``."""

    def __init__(self, middlewares: Any = AUTO_CONFIGURE) -> None:
        self.middlewares: list[tuple[Any, Any]] = []
        if middlewares is AUTO_CONFIGURE:
            self.auto_configure_middlewares()
        else:
            self.middlewares = middlewares

    def auto_configure_middlewares(self) -> None:
        for key, import_string, kwargs in getattr(settings, "DOWNLOADVIEW_MIDDLEWARES", []):
            self.middlewares.append((key, import_member(import_string)(**kwargs)))

    def dispatch(self, request: HttpRequest, response: HttpResponseBase) -> Any:
        for _key, middleware in self.middlewares:
            response = middleware.process_response(request, response)
        return response


class DownloadDispatcherMiddleware(BaseDownloadMiddleware):
    """Hands each download response to a ``DownloadDispatcher``."""

    def __init__(self, get_response: GetResponse | None, middlewares: Any = AUTO_CONFIGURE) -> None:
        super().__init__(get_response)
        self.dispatcher = DownloadDispatcher(middlewares)

    def process_download_response(self, request: HttpRequest, response: Any) -> Any:
        return self.dispatcher.dispatch(request, response)


class SmartDownloadMiddleware(DownloadDispatcherMiddleware):
    """One backend middleware per rule: ``backend_factory`` defaults to the dotted path in
    ``DOWNLOADVIEW_BACKEND``, ``backend_options`` to ``DOWNLOADVIEW_RULES``, a list whose items
    are keyword arguments (a dict, whose ``backend`` names another factory for that rule) or
    positional arguments (a list) of the factory. Both settings are required."""

    def __init__(
        self,
        get_response: GetResponse | None,
        backend_factory: Any = AUTO_CONFIGURE,
        backend_options: Any = AUTO_CONFIGURE,
    ) -> None:
        super().__init__(get_response, middlewares=[])
        self.backend_factory = backend_factory
        if self.backend_factory is AUTO_CONFIGURE:
            self.auto_configure_backend_factory()
        self.backend_options = backend_options
        if self.backend_options is AUTO_CONFIGURE:
            self.auto_configure_backend_options()

    def auto_configure_backend_factory(self) -> None:
        backend = getattr(settings, "DOWNLOADVIEW_BACKEND", None)
        if backend is None:
            raise ImproperlyConfigured(
                "SmartDownloadMiddleware needs settings.DOWNLOADVIEW_BACKEND, the dotted path "
                "of a backend such as django_dlwidget.compat.downloadview.nginx."
                "XAccelRedirectMiddleware."
            )
        self.backend_factory = import_member(backend)

    def auto_configure_backend_options(self) -> None:
        rules = getattr(settings, "DOWNLOADVIEW_RULES", None)
        if rules is None:
            raise ImproperlyConfigured(
                "SmartDownloadMiddleware needs settings.DOWNLOADVIEW_RULES, a list of the "
                "backend's arguments (one dict of keyword arguments per rule)."
            )
        for key, options in enumerate(copy.deepcopy(rules)):
            args: Sequence[Any] = ()
            kwargs: dict[str, Any] = {}
            if isinstance(options, Mapping):
                kwargs = dict(options)
            else:
                args = options
            factory = import_member(kwargs.pop("backend")) if "backend" in kwargs else None
            middleware = (factory or self.backend_factory)(*args, **kwargs)
            self.dispatcher.middlewares.append((key, middleware))


class NoRedirectionMatch(Exception):
    """The response's file matches neither ``source_url`` nor ``source_dir``."""


class ProxiedDownloadMiddleware(RealDownloadMiddleware):
    """The base of the middlewares that hand a file to a reverse proxy: a file whose URL starts
    with ``source_url``, or whose name is inside the folder ``source_dir``, goes to
    ``destination_url`` + the rest (URL first, then name)."""

    def __init__(
        self,
        get_response: GetResponse | None,
        source_dir: str | None = None,
        source_url: str | None = None,
        destination_url: str | None = None,
    ) -> None:
        super().__init__(get_response)
        if (source_dir or source_url) and destination_url is None:
            raise ImproperlyConfigured(
                f"{type(self).__name__} has a source_dir or a source_url but no destination "
                "to send the matching files to."
            )
        self.source_dir = source_dir
        self.source_url = source_url
        self.destination_url = destination_url

    def get_redirect_url(self, response: Any) -> str:
        """``destination_url`` + the file's URL or name after the matched source, percent-encoded.
        Raises ``NoRedirectionMatch``."""
        rest = self._rest_of_url(response.file) or self._rest_of_name(response.file)
        if rest is None:
            raise NoRedirectionMatch(
                f"The file (URL {file_attribute(response.file, 'url')!r}, name "
                f"{file_attribute(response.file, 'name')!r}) is neither under source_url "
                f"{self.source_url!r} nor inside source_dir {self.source_dir!r}."
            )
        return "/".join((str(self.destination_url).rstrip("/"), rest.lstrip("/")))

    def _rest_of_url(self, file: object) -> str | None:
        url = file_attribute(file, "url")
        if not self.source_url or url is None:
            return None
        path = url.split("#", 1)[0].split("?", 1)[0]  # a signed URL's query is not the file's
        if not path.startswith(self.source_url):
            return None
        rest = unquote(path[len(self.source_url) :])
        if not rest.strip("/") or ".." in rest.replace("\\", "/").split("/"):
            return None  # the folder itself, or a way out of it
        return quote(rest)

    def _rest_of_name(self, file: object) -> str | None:
        name = file_attribute(file, "name")
        if not self.source_dir or name is None:
            return None
        rest = name_under(name, self.source_dir)
        return None if rest is None else quote(rest)
