"""Consumer test fixtures: the documented socket stack, logged-in sessions, a clean state."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from django_dlwidget import throttle
from django_dlwidget.loops import forget_loop
from django_dlwidget.routing import websocket_urlpatterns

ORIGIN = b"http://testserver"


def socket_application() -> Any:
    """The stack the README documents for ``asgi.py``."""
    return AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))


@pytest.fixture(autouse=True)
def _socket_env(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()
    forget_loop()
    with throttle._lock:
        throttle._states.clear()


def session_cookie(user: User) -> tuple[Client, bytes]:
    """A logged-in test client and the Cookie header of its session."""
    client = Client()
    client.force_login(user)
    return client, f"sessionid={client.cookies['sessionid'].value}".encode()


@pytest.fixture
def owner(db: None) -> User:
    return User.objects.create_user("owner", password="pw-owner")


@pytest.fixture
def other(db: None) -> User:
    return User.objects.create_user("other", password="pw-other")
