"""The compat app: installed under the predecessor's label, so a project cannot run both."""

from __future__ import annotations

from django.apps import AppConfig


class AsyncDownloadsConfig(AppConfig):
    name = "django_dlwidget.compat.async_downloads"
    label = "async_downloads"
