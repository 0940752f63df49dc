"""The handler a tus body request runs through: Django's ASGI handler, with the middleware
chain loaded as under WSGI.

Under ASGI, Django runs every middleware that can be both synchronous and asynchronous (each
of Django's own) in its asynchronous mode, where ``process_request`` and ``process_response``
each cross to a worker thread and back: with the usual seven, fourteen crossings per request,
and each waits for the event loop, milliseconds on a busy machine, that every PATCH of an
upload pays. A tus view is synchronous, and its body reaches it through the bridge whichever
thread reads it, so :class:`SyncChainHandler` loads the same ``MIDDLEWARE`` as the WSGI handler
does and runs the chain and the view in one crossing. The rest (making the request, the
signals, a disconnect, sending the response) is :class:`~django.core.handlers.asgi.ASGIHandler`'s
own, and a middleware that can only be asynchronous is adapted as under WSGI.

:func:`for_tus` uses it only in place of Django's own handler (also inside the static files
handler, for paths outside ``STATIC_URL``); any other application is called as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from asgiref.sync import sync_to_async
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.base import BaseHandler

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase


class SyncChainHandler(ASGIHandler):
    def __init__(self) -> None:
        BaseHandler.__init__(self)
        self.load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        response: HttpResponseBase = await sync_to_async(self.get_response)(request)
        return response


def for_tus(app: Any) -> Any:
    """What answers tus body requests in place of ``app``: a :class:`SyncChainHandler` when
    ``app`` is Django's own handler (or the static files handler around it), else ``app``."""
    inner = app.application if isinstance(app, ASGIStaticFilesHandler) else app
    if type(inner) is not ASGIHandler:
        return app
    handler = SyncChainHandler()
    if inner is app:
        return handler
    return _OutsideStatic(app, handler)


class _OutsideStatic:
    """The static files handler's own paths to it, the others to the handler."""

    def __init__(self, static: ASGIStaticFilesHandler, handler: SyncChainHandler) -> None:
        self.static, self.handler = static, handler

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self.static._should_handle(scope["path"]):
            await self.static(scope, receive, send)
        else:
            await self.handler(scope, receive, send)
