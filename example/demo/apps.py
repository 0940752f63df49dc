from __future__ import annotations

from django.apps import AppConfig, apps


class DemoConfig(AppConfig):
    name = "demo"

    def ready(self) -> None:
        if apps.is_installed("django_dlwidget.compat.bgfiles"):
            from . import bgfiles_exports  # noqa: F401  (registers the bgfiles pattern)
