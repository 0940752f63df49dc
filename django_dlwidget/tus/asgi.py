"""``TusUploadMiddleware``: stream tus bodies under ASGI instead of letting Django spool them.

Django's ASGI handler reads the *whole* request body into a temporary file before any view
runs, and throws it away if the client disconnects. Wrap the application in ``asgi.py``::

    from django.core.asgi import get_asgi_application
    from django_dlwidget.tus.asgi import TusUploadMiddleware

    application = TusUploadMiddleware(get_asgi_application())

For the body-carrying tus requests (PATCH, creation-with-upload POST, overridden POST), found
with Django's ``resolve()`` under any include prefix (:func:`.views.tus_match`), the wrapper
hands Django an empty body and gives the view a stream fed with the ``http.request`` messages
as they arrive. Everything else about the request (middleware, session, authentication, CSRF,
the view itself, ORM calls in the view's worker thread) is Django's own, with the middleware
chain run as under WSGI, in one crossing to a worker thread (:mod:`.handler`). Once the view has
checked the request and holds the upload's lock, the event loop writes each message straight
into the partial file (see :mod:`.bridge`), as Django's own handler spools bodies on the event
loop. While the view's thread waits for the body it holds no database connection, and a body
that stalls or trickles is ended (see :mod:`.limits`). Other requests pass through untouched.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from . import handler, limits
from .bridge import BodyBridge
from .views import SCOPE_BODY_KEY, tus_match

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
# Loose on purpose: ASGI applications annotate their arguments in many compatible ways.
ASGIApp = Callable[..., Awaitable[None]]

BODY_METHODS = frozenset({"POST", "PATCH"})


def is_tus_body_request(scope: Scope) -> bool:
    if scope.get("type") != "http" or str(scope.get("method", "")).upper() not in BODY_METHODS:
        return False
    return tus_match(str(scope.get("path", "")), str(scope.get("root_path", ""))) is not None


class TusUploadMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._tus_app: ASGIApp | None = None  # made at the first tus body (settings are ready)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not is_tus_body_request(scope):
            await self.app(scope, receive, send)
            return
        bridge = BodyBridge(
            asyncio.get_running_loop(),
            idle_timeout=limits.idle_timeout(),
            min_rate=limits.min_rate(),
            on_wait=limits.release_connections,
        )
        pump = asyncio.create_task(_pump(receive, bridge))
        handed_over = False

        async def django_receive() -> Message:
            nonlocal handed_over
            if not handed_over:
                handed_over = True
                return {"type": "http.request", "body": b"", "more_body": False}
            # Django then waits for a disconnect to cancel the view. The view must instead
            # finish (and record the bytes it kept), so that moment never comes.
            await asyncio.Future()
            raise AssertionError("unreachable")  # pragma: no cover

        if self._tus_app is None:
            self._tus_app = handler.for_tus(self.app)
        try:
            await self._tus_app({**scope, SCOPE_BODY_KEY: bridge}, django_receive, send)
        finally:
            bridge.end()
            pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pump


async def _pump(receive: Receive, bridge: BodyBridge) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            bridge.end(aborted=True)
            return
        body = message.get("body", b"")
        if body:
            await bridge.feed(bytes(body))
        if not message.get("more_body", False):
            bridge.end()
            return
