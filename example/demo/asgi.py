"""One ASGI process serving HTTP (and, once routed, WebSockets) for the demo."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402

from django_dlwidget.tus.asgi import TusUploadMiddleware  # noqa: E402

# The demo serves its own static files (a production site lets the web server do it).
# TusUploadMiddleware streams tus upload bodies straight to disk instead of letting Django
# spool them whole first.
application = ProtocolTypeRouter(
    {"http": TusUploadMiddleware(ASGIStaticFilesHandler(django_asgi_app))}
)
