"""``path("dlwidget/", include("django_dlwidget.urls"))``: the namespaced endpoints."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from .views.files import download_file
from .views.links import download_link

app_name = "dlwidget"

urlpatterns: list[URLPattern | URLResolver] = [
    path("downloads/<uuid:key>/file/", download_file, name="download-file"),
    path("links/<str:token>/", download_link, name="download-link"),
]
