"""The socket's ``Origin`` checked by scheme, host and port, as Django's CSRF check does.

Browsers send cookies with cross-site WebSocket handshakes, so a socket is as much a cross-site
request as a form post: only the site's own pages, and the origins of ``CSRF_TRUSTED_ORIGINS``,
may open one. channels' ``AllowedHostsOriginValidator`` compares the host alone, so a page of
``http://127.0.0.1:9999`` (another port) or ``https://127.0.0.1`` (another scheme) passed it;
here the Origin must equal ``<scheme>://<host>`` of the handshake itself, the host validated
against ``ALLOWED_HOSTS`` (``USE_X_FORWARDED_HOST`` and ``SECURE_PROXY_SSL_HEADER`` honoured, as
``HttpRequest.get_host()`` and ``is_secure()`` honour them), or be trusted by
``CSRF_TRUSTED_ORIGINS`` (exactly, or by its ``https://*.example.com`` wildcards). A socket
without an Origin is refused: every browser sends one.

The consumer checks this itself, so a site whose ``asgi.py`` still wraps the route in channels'
validator is safe too; :class:`SameOriginValidator` applies the same check to every socket route
of a project. A refused socket is accepted and closed with ``ORIGIN_REFUSED_CLOSE_CODE`` (a
socket closed before it is accepted reaches a browser only as 1006, which it would retry), after
one warning in the log that names the Origin and what was expected.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.utils.http import is_same_domain

from ..elements.contract import ORIGIN_REFUSED_CLOSE_CODE

__all__ = ["SameOriginValidator", "log_refusal", "origin_refusal", "refuse_socket"]

logger = logging.getLogger(__name__)
SECURE_SCHEMES = ("wss", "https")


class _HandshakeRequest(HttpRequest):
    """The handshake as Django sees a request: its headers in ``META`` and its scheme, so the host
    and the scheme come from ``get_host()`` and ``is_secure()`` themselves."""

    def __init__(self, scope: Any) -> None:
        super().__init__()
        self._scope_scheme = str(scope.get("scheme", "ws"))
        server = scope.get("server") or (None, None)
        self.META = {"SERVER_NAME": str(server[0] or ""), "SERVER_PORT": str(server[1] or "")}
        for name, value in scope.get("headers", ()):
            key = name.decode("latin-1").upper().replace("-", "_")
            self.META[f"HTTP_{key}"] = value.decode("latin-1")

    def _get_scheme(self) -> str:
        return "https" if self._scope_scheme in SECURE_SCHEMES else "http"


def _site_origin(request: HttpRequest) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    return f"{'https' if request.is_secure() else 'http'}://{host}"


def _trusted(origin: str) -> bool:
    """``CSRF_TRUSTED_ORIGINS`` read as ``CsrfViewMiddleware`` reads it."""
    trusted = list(settings.CSRF_TRUSTED_ORIGINS)
    if origin in (entry for entry in trusted if "*" not in entry):
        return True
    try:
        parsed = urlsplit(origin)
    except ValueError:
        return False
    for entry in trusted:
        if "*" in entry:
            pattern = urlsplit(entry)
            if pattern.scheme == parsed.scheme and is_same_domain(
                parsed.netloc, pattern.netloc.lstrip("*")
            ):
                return True
    return False


def origin_refusal(scope: Any) -> str | None:
    """None when the handshake's Origin may open a socket; else why not, for the log."""
    request = _HandshakeRequest(scope)
    origin = request.META.get("HTTP_ORIGIN")
    if not origin:
        return "the handshake has no Origin header"
    site = _site_origin(request)
    if site is not None and origin.lower() == site.lower():
        return None
    if _trusted(origin):
        return None
    expected = site if site is not None else "a host of ALLOWED_HOSTS"
    return f"it is not {expected}, nor in CSRF_TRUSTED_ORIGINS"


def log_refusal(scope: Any, reason: str) -> None:
    origin = dict(scope.get("headers", ())).get(b"origin", b"").decode("latin-1")
    logger.warning(
        "dlwidget: refused a socket from Origin %r (%s): closed with %s; a site served under "
        "another origin (a proxy, another port) adds it to CSRF_TRUSTED_ORIGINS",
        origin,
        reason,
        ORIGIN_REFUSED_CLOSE_CODE,
    )


async def refuse_socket(receive: Any, send: Any) -> None:
    """Accept the handshake, then close it with ``ORIGIN_REFUSED_CLOSE_CODE``: nothing is sent."""
    message = await receive()
    if message.get("type") != "websocket.connect":
        return
    await send({"type": "websocket.accept"})
    await send({"type": "websocket.close", "code": ORIGIN_REFUSED_CLOSE_CODE})


class SameOriginValidator:
    """ASGI middleware for the ``websocket`` route: a socket whose Origin is not the site's own
    (or trusted by ``CSRF_TRUSTED_ORIGINS``) is closed with ``ORIGIN_REFUSED_CLOSE_CODE``."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: Any, receive: Any, send: Any) -> Any:
        if scope.get("type") == "websocket":
            reason = origin_refusal(scope)
            if reason is not None:
                log_refusal(scope, reason)
                await refuse_socket(receive, send)
                return None
        return await self.application(scope, receive, send)
