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
from typing import TYPE_CHECKING, Final

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase

_current: ContextVar[HttpRequest | None] = ContextVar("dlwidget_request", default=None)

MIDDLEWARE_PATH = "django_dlwidget.middleware.CurrentRequestMiddleware"
_AT_END: Final = "_dlwidget_at_end"


def current_request() -> HttpRequest | None:
    return _current.get()


def at_end(request: HttpRequest, callback: Callable[[], None]) -> None:
    """Run ``callback`` (synchronous, may use the database) when the block binding
    ``request`` ends: what a form reserved for the request is given back then."""
    request.__dict__.setdefault(_AT_END, []).append(callback)


def _ending(request: HttpRequest) -> list[Callable[[], None]]:
    callbacks: list[Callable[[], None]] = request.__dict__.pop(_AT_END, [])
    return callbacks


def _run(callbacks: list[Callable[[], None]]) -> None:
    for callback in callbacks:
        callback()


@contextlib.contextmanager
def bound_request(request: HttpRequest) -> Iterator[HttpRequest]:
    """Clean forms for ``request`` inside this block."""
    token = _current.set(request)
    try:
        yield request
    finally:
        _current.reset(token)
        if _current.get() is not request:  # the outermost block for this request
            _run(_ending(request))


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
        token = _current.set(request)
        try:
            response: HttpResponseBase = await self.get_response(request)  # type: ignore[misc]
            return response
        finally:
            _current.reset(token)
            callbacks = _ending(request)
            if callbacks:  # database work: off the event loop
                await sync_to_async(_run)(callbacks)
