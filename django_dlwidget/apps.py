from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DlwidgetConfig(AppConfig):
    name = "django_dlwidget"
    label = "dlwidget"
    verbose_name = _("Downloads and uploads")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out
        from django.core.signals import request_started
        from django.db.models.signals import post_delete

        # Registers the system checks and the signal receivers.
        from . import checks, css_roles, notifications, ws_checks  # noqa: F401
        from .loops import on_request_started
        from .models import Download
        from .receivers import close_session_sockets, download_deleted
        from .tus import checks as tus_checks  # noqa: F401
        from .tus import receivers  # noqa: F401
        from .uploads import checks as upload_checks  # noqa: F401

        post_delete.connect(download_deleted, sender=Download, dispatch_uid="dlwidget_dl_deleted")
        request_started.connect(on_request_started, dispatch_uid="dlwidget_remember_loop")
        user_logged_out.connect(close_session_sockets, dispatch_uid="dlwidget_logout_sockets")

        from .cleanup import register_cleanup_step
        from .tus.cleanup import cleanup_expired_uploads

        register_cleanup_step("uploads", cleanup_expired_uploads)
