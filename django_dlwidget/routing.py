"""The WebSocket route and its Origin check, for the project's ``asgi.py``::

    from channels.auth import AuthMiddlewareStack
    from channels.routing import ProtocolTypeRouter, URLRouter

    from django_dlwidget.routing import SameOriginValidator, websocket_urlpatterns

    application = ProtocolTypeRouter({
        "http": ...,
        "websocket": SameOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    })

``SameOriginValidator`` compares a socket's ``Origin`` by scheme, host and port, as Django's CSRF
check does (``CSRF_TRUSTED_ORIGINS`` honoured); channels' ``AllowedHostsOriginValidator`` compares
the host alone. The consumer checks the Origin itself as well, so a project that kept channels'
validator is safe too. The path matches the default ``DLWIDGET["WS_PATH"]``; change both together.
"""

from __future__ import annotations

from typing import Any

from django.urls import path

from .live.consumers import DownloadsConsumer
from .live.origin import SameOriginValidator

__all__ = ["SameOriginValidator", "websocket_urlpatterns"]

websocket_urlpatterns: list[Any] = [
    path("ws/dlwidget/", DownloadsConsumer.as_asgi(), name="dlwidget-ws"),
]
