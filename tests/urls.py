from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("dlwidget/", include("django_dlwidget.urls")),
    path("testapp/", include("tests.testapp.urls")),
]
