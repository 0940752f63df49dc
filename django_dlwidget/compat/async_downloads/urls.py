"""``include("django_dlwidget.compat.async_downloads.urls")``: the predecessor's URL names and the
native endpoints under one include.

The predecessor's names keep their namespace (``{% url 'async_downloads:ajax_update' %}``); the
native endpoints come in under theirs (``dlwidget``), which the download centre reverses. This
module sets no ``app_name`` itself, so both namespaces reach the project's top level.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from . import views

APP_NAME = "async_downloads"

legacy_patterns: list[URLPattern | URLResolver] = [
    path("ajax_update/", views.ajax_update, name="ajax_update"),
    path("ajax_clear_download/", views.ajax_clear_download, name="ajax_clear_download"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include((legacy_patterns, APP_NAME))),
    # Last: the native URLconf ends with a catch-all (a JSON 404 for any other path).
    path("", include("django_dlwidget.urls")),
]
