"""The project URLconf a migrated project has: the compat include under the old prefix."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("async_downloads/", include("django_dlwidget.compat.async_downloads.urls")),
]
