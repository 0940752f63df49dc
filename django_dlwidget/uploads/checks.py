"""System check: models with resumable file fields need ``CurrentRequestMiddleware``."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

from .request import MIDDLEWARE_PATH


@register(Tags.compatibility)
def check_request_middleware(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from ..fields import ResumableFileField

    if MIDDLEWARE_PATH in getattr(settings, "MIDDLEWARE", []):
        return []
    users = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, ResumableFileField)
    ]
    if not users:
        return []
    return [
        Warning(
            f"{MIDDLEWARE_PATH} is not in MIDDLEWARE, but {', '.join(users)} take resumable "
            "uploads: their forms cannot check that an upload token belongs to the user.",
            hint=f"Add '{MIDDLEWARE_PATH}' to MIDDLEWARE after AuthenticationMiddleware.",
            id="django_dlwidget.W040",
        )
    ]
