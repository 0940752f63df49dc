from __future__ import annotations

import os

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import bench_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("exports/<slug:kind>/", views.start_export, name="start-export"),
    path("upload/", views.upload, name="upload"),
    path("layout/", views.layout, name="layout"),
    path("bootstrap/", views.bootstrap, name="bootstrap"),
    path("generated/", views.generated, name="generated"),
    path("stored/<slug:alias>/<path:name>", views.stored, name="stored"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("dlwidget/", include("django_dlwidget.urls")),
]

if os.environ.get("DEMO_BENCH") == "1":  # the baseline view of bench/uploads.py
    urlpatterns.append(path("bench/put/", bench_views.put))

if apps.is_installed("django_dlwidget.compat.bgfiles"):  # DEMO_BGFILES=1
    urlpatterns.append(path("bgfiles/export/", views.bgfiles_export, name="bgfiles-export"))
