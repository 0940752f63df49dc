"""``path("dlwidget/", include("django_dlwidget.urls"))``: the namespaced endpoints."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from . import download_views

app_name = "dlwidget"

urlpatterns: list[URLPattern | URLResolver] = [
    path("downloads/", download_views.download_list, name="download-list"),
    path("downloads/<uuid:key>/", download_views.download_detail, name="download-detail"),
    path("downloads/<uuid:key>/cancel/", download_views.download_cancel, name="download-cancel"),
]
