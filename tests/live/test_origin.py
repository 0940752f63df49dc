"""A socket's Origin compared by scheme, host and port (finding 11), in-process.

channels' ``AllowedHostsOriginValidator`` compared the host only: another port or another scheme
of an allowed host passed it with the user's cookie, while HTTP refuses the same Origin. Here the
consumer refuses them itself (so a site that kept channels' validator is safe) and so does
``SameOriginValidator``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.contrib.auth.models import User
from django.test import Client

from django_dlwidget.elements.contract import ORIGIN_REFUSED_CLOSE_CODE
from django_dlwidget.live.origin import origin_refusal
from django_dlwidget.routing import SameOriginValidator, websocket_urlpatterns

from .communicator import WebsocketCommunicator
from .conftest import session_cookie

pytestmark = pytest.mark.django_db(transaction=True)
PATH = "/ws/dlwidget/"
#: Another port, another scheme, another host's port: each accepted by a host-only check.
FOREIGN = ["http://127.0.0.1:9999", "https://127.0.0.1", "http://[::1]:4444"]


def scope(origin: str | None, host: str = "127.0.0.1:8000", scheme: str = "ws") -> dict[str, Any]:
    headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    return {"type": "websocket", "scheme": scheme, "headers": headers, "path": PATH}


@pytest.fixture(autouse=True)
def _hosts(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "[::1]", "example.com"]


@pytest.mark.parametrize("origin", FOREIGN)
def test_another_scheme_or_port_of_an_allowed_host_is_refused(origin: str) -> None:
    assert origin_refusal(scope(origin)) == (
        "it is not http://127.0.0.1:8000, nor in CSRF_TRUSTED_ORIGINS"
    )


def test_the_sites_own_origin_passes_in_any_case() -> None:
    assert origin_refusal(scope("http://127.0.0.1:8000")) is None
    assert origin_refusal(scope("HTTP://127.0.0.1:8000")) is None
    assert origin_refusal(scope("https://example.com", "example.com", "wss")) is None
    # wss is https: an http page of the same host is another origin.
    assert origin_refusal(scope("http://example.com", "example.com", "wss")) is not None


def test_no_origin_null_or_a_host_outside_allowed_hosts_is_refused() -> None:
    assert origin_refusal(scope(None)) == "the handshake has no Origin header"
    assert origin_refusal(scope("null")) is not None
    refusal = origin_refusal(scope("http://evil.example", "evil.example"))
    assert refusal == "it is not a host of ALLOWED_HOSTS, nor in CSRF_TRUSTED_ORIGINS"


def test_a_proxy_is_trusted_as_django_trusts_it(settings: Any) -> None:
    """Behind a TLS proxy the handshake is ws: SECURE_PROXY_SSL_HEADER makes it https, as it
    does for requests; USE_X_FORWARDED_HOST takes the proxy's host."""
    proxied = scope("https://example.com", "backend:8000")
    proxied["headers"] += [(b"x-forwarded-proto", b"https"), (b"x-forwarded-host", b"example.com")]
    assert origin_refusal(proxied) is not None
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.USE_X_FORWARDED_HOST = True
    assert origin_refusal(proxied) is None


def test_csrf_trusted_origins_are_honoured_exactly_and_by_wildcard(settings: Any) -> None:
    settings.CSRF_TRUSTED_ORIGINS = ["https://app.example.org", "https://*.example.net"]
    assert origin_refusal(scope("https://app.example.org")) is None
    assert origin_refusal(scope("https://eu.example.net")) is None
    assert origin_refusal(scope("http://eu.example.net")) is not None  # the scheme counts
    assert origin_refusal(scope("https://app.example.org:8443")) is not None  # so does the port


def refused(app: Any, cookie: bytes, origin: str) -> bool:
    """Whether ``app`` closes a logged-in socket from ``origin`` with 4403 and sends nothing."""

    async def connect() -> bool:
        headers = [(b"host", b"127.0.0.1:8000"), (b"origin", origin.encode()), (b"cookie", cookie)]
        socket = WebsocketCommunicator(app, PATH, headers=headers)
        connected, _subprotocol = await socket.connect()
        message = await socket.receive_output(timeout=5)
        await socket.disconnect()
        if message == {"type": "websocket.close", "code": ORIGIN_REFUSED_CLOSE_CODE}:
            return True
        assert connected
        assert message["type"] == "websocket.send", message
        return False

    return bool(async_to_sync(connect)())


def documented_stack() -> Any:
    return SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))


def channels_stack() -> Any:
    """A site whose asgi.py still wraps the route in channels' host-only validator."""
    return AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))


STACKS: dict[str, Callable[[], Any]] = {
    "the documented stack": documented_stack,
    "channels' validator": channels_stack,
}


@pytest.mark.parametrize("stack", STACKS)
@pytest.mark.parametrize("origin", FOREIGN)
def test_a_logged_in_socket_from_a_foreign_origin_is_closed_with_4403(
    owner: User, stack: str, origin: str, caplog: pytest.LogCaptureFixture
) -> None:
    _client, cookie = session_cookie(owner)
    assert refused(STACKS[stack](), cookie, origin)
    assert f"refused a socket from Origin {origin!r}" in caplog.text


@pytest.mark.parametrize("stack", STACKS)
def test_the_sites_own_pages_get_their_snapshot(owner: User, stack: str) -> None:
    _client, cookie = session_cookie(owner)
    assert not refused(STACKS[stack](), cookie, "http://127.0.0.1:8000")


def test_http_refuses_the_same_foreign_origins(owner: User) -> None:
    """The socket now agrees with the CSRF check of a mutation."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    client.cookies["csrftoken"] = token = "t" * 32

    def cancel(origin: str) -> int:
        return client.post(
            "/dlwidget/downloads/00000000-0000-0000-0000-000000000001/cancel/",
            headers={"Origin": origin, "X-CSRFToken": token, "Host": "127.0.0.1:8000"},
        ).status_code

    assert cancel("http://127.0.0.1:8000") == 404  # past the CSRF check: no such download
    assert [cancel(origin) for origin in FOREIGN] == [403, 403, 403]
