"""The compat app, under the label ``resumable`` that jeanphix's package had (no models)."""

from __future__ import annotations

from django.apps import AppConfig


class ResumableConfig(AppConfig):
    name = "django_dlwidget.compat.resumable"
    label = "resumable"
    verbose_name = "resumable (django-dlwidget)"
