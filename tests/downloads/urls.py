"""The app's URLs, plus a stand-in for the file endpoint while this branch does not have it.

``download_json`` reverses ``dlwidget:download-file`` for ready downloads; the stand-in is added
only when the app's own urls.py has no route of that name.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path

from django_dlwidget import urls as app_urls


def file_placeholder(request: HttpRequest, key: object) -> HttpResponse:
    return HttpResponse(status=501)


def _patterns() -> list[URLPattern | URLResolver]:
    patterns = list(app_urls.urlpatterns)
    if not any(getattr(p, "name", None) == "download-file" for p in patterns):
        patterns.append(path("downloads/<uuid:key>/file/", file_placeholder, name="download-file"))
    return patterns


urlpatterns = [path("dlwidget/", include((_patterns(), app_urls.app_name)))]
