"""The benchmarks' ASGI application, wrapped as the README's ``asgi.py`` wraps a project's."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django_asgi_app = get_asgi_application()

from django_dlwidget.asgi import DlwidgetMiddleware  # noqa: E402

application = DlwidgetMiddleware(django_asgi_app)
