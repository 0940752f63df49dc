"""One ASGI process serving HTTP and the download centre's WebSocket for the demo."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings")
# Set up Django (apps, settings) before importing anything that touches models.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402

from django_dlwidget.asgi import DlwidgetMiddleware  # noqa: E402
from django_dlwidget.routing import SameOriginValidator, websocket_urlpatterns  # noqa: E402

# The demo serves its own static files (a production site lets the web server do it).
# DlwidgetMiddleware streams tus upload bodies straight to their store instead of letting Django
# spool them whole first, and answers an unchanged download list's poll (304) itself. Sockets:
# only from the site's own pages (Origin compared by scheme, host and port), with the session's
# user in scope["user"].
application = ProtocolTypeRouter(
    {
        "http": DlwidgetMiddleware(ASGIStaticFilesHandler(django_asgi_app)),
        "websocket": SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
