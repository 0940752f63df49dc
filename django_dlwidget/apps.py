from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DlwidgetConfig(AppConfig):
    name = "django_dlwidget"
    label = "dlwidget"
    verbose_name = _("Downloads and uploads")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the system checks.
        from . import checks, css_roles  # noqa: F401
        from .tus import checks as tus_checks  # noqa: F401
        from .tus import receivers  # noqa: F401
