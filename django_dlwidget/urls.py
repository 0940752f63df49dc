"""``path("dlwidget/", include("django_dlwidget.urls"))``: the namespaced endpoints."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from .tus import views as tus_views

app_name = "dlwidget"

urlpatterns: list[URLPattern | URLResolver] = [
    path("uploads/", tus_views.upload_list, name="upload-list"),
    path("uploads/<uuid:upload_id>/", tus_views.upload_detail, name="upload-detail"),
]
