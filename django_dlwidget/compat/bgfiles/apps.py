"""The compat app, under the predecessor's label ``bgfiles`` (so a project cannot run both)."""

from __future__ import annotations

from django.apps import AppConfig


class BgfilesConfig(AppConfig):
    name = "django_dlwidget.compat.bgfiles"
    label = "bgfiles"
    verbose_name = "bgfiles (django-dlwidget)"

    def ready(self) -> None:
        from . import deletion  # noqa: F401  (connects the native delete receiver for the proxy)
