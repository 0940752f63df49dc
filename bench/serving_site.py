"""A one-module Django site for bench/serving.py: settings, views and the ASGI application.

``/ours/`` serves through ``django_dlwidget.serving.serve_file``; ``/django/`` through Django's
own ``FileResponse``. Both read ``$BENCH_MEDIA/big.bin``.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.asgi import get_asgi_application
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponseBase
from django.urls import path

from django_dlwidget.serving import serve_file

MEDIA = os.environ.get("BENCH_MEDIA", "/tmp")
SECRET_KEY = "bench-only-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
ROOT_URLCONF = __name__
MEDIA_ROOT = MEDIA
DATABASES: dict[str, object] = {}
USE_TZ = True


def ours(request: HttpRequest) -> HttpResponseBase:
    return serve_file(request, storage=default_storage, name="big.bin")


def django_file_response(request: HttpRequest) -> HttpResponseBase:
    # Django's own way, for comparison: FileResponse owns and closes the file.
    return FileResponse((Path(MEDIA) / "big.bin").open("rb"), as_attachment=True)


urlpatterns = [path("ours/", ours), path("django/", django_file_response)]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", __name__)
application = get_asgi_application()
