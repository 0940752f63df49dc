"""The request a form is being cleaned for.

Upload tokens are bound to the user (or anonymous session) that uploaded the file, so
``clean()`` needs the request; but Django passes no request to form fields (the admin and
formsets least of all). :class:`CurrentRequestMiddleware` makes the current request
available for the duration of each view; :func:`bound_request` does the same explicitly,
for code that cleans forms outside a view.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase

_current: ContextVar[HttpRequest | None] = ContextVar("dlwidget_request", default=None)

MIDDLEWARE_PATH = "django_dlwidget.middleware.CurrentRequestMiddleware"


def current_request() -> HttpRequest | None:
    return _current.get()


@contextlib.contextmanager
def bound_request(request: HttpRequest) -> Iterator[HttpRequest]:
    """Clean forms for ``request`` inside this block."""
    token = _current.set(request)
    try:
        yield request
    finally:
        _current.reset(token)


class CurrentRequestMiddleware:
    """Add to ``MIDDLEWARE`` (after the session and authentication middleware)."""

    sync_capable = True
    async_capable = True

    def __init__(
        self,
        get_response: Callable[[HttpRequest], HttpResponseBase]
        | Callable[[HttpRequest], Awaitable[HttpResponseBase]],
    ) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        if self.is_async:
            return self.__acall__(request)
        with bound_request(request):
            return self.get_response(request)

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        with bound_request(request):
            response: HttpResponseBase = await self.get_response(request)  # type: ignore[misc]
            return response
