"""The app config: its label, and ``ready()``, which wires each area's checks and receivers."""

from __future__ import annotations

from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Importing these registers each area's system checks (``@register``) and connects its signal
# receivers (``@receiver``): the one way checks and receivers are wired.
WIRED_MODULES = (
    "checks",
    "downloads.checks",
    "downloads.receivers",
    "elements.checks",
    "live.checks",
    "live.receivers",
    "serving.checks",
    "tus.checks",
    "tus.receivers",
    "uploads.checks",
)


class DlwidgetConfig(AppConfig):
    name = "django_dlwidget"
    label = "dlwidget"
    verbose_name = _("Downloads and uploads")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        for module in WIRED_MODULES:
            import_module(f"{self.name}.{module}")
