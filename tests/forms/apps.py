from __future__ import annotations

from django.apps import AppConfig


class FormsTestConfig(AppConfig):
    name = "tests.forms"
    label = "dlwidget_test_forms"
    default_auto_field = "django.db.models.BigAutoField"
