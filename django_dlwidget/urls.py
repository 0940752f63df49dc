"""``path("dlwidget/", include("django_dlwidget.urls"))``: the namespaced endpoints."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "dlwidget"

urlpatterns: list[URLPattern | URLResolver] = []
