"""The WebSocket route, for the project's ``asgi.py``::

    from channels.auth import AuthMiddlewareStack
    from channels.routing import ProtocolTypeRouter, URLRouter
    from channels.security.websocket import AllowedHostsOriginValidator

    from .routing import websocket_urlpatterns

    application = ProtocolTypeRouter({
        "http": ...,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    })

The path matches the default ``DLWIDGET["WS_PATH"]``; change both together.
"""

from __future__ import annotations

from typing import Any

from django.urls import path

from .live.consumers import DownloadsConsumer

websocket_urlpatterns: list[Any] = [
    path("ws/dlwidget/", DownloadsConsumer.as_asgi(), name="dlwidget-ws"),
]
