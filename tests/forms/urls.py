from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from .views import create_document

urlpatterns = [
    path("admin/", admin.site.urls),
    path("dlwidget/", include("django_dlwidget.urls")),
    path("documents/new/", create_document),
]
