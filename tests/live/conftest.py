"""Consumer test fixtures: the documented socket stack, logged-in sessions, a clean state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from django.contrib.auth.models import User
from django.test import Client

from django_dlwidget.routing import SameOriginValidator, websocket_urlpatterns

ORIGIN = b"http://testserver"
#: A browser's handshake always carries the Host it was sent to; the Origin is compared with it.
HOST = b"testserver"


def socket_application() -> Any:
    """The stack the README documents for ``asgi.py``."""
    return SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))


@pytest.fixture(autouse=True)
def _socket_env(settings: Any, tmp_path: Path, download_state: None) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def session_cookie(user: User) -> tuple[Client, bytes]:
    """A logged-in test client and the Cookie header of its session."""
    client = Client()
    client.force_login(user)
    return client, f"sessionid={client.cookies['sessionid'].value}".encode()
