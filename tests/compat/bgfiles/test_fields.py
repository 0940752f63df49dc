"""``compat.bgfiles.fields`` and the app itself."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.test import override_settings

from django_dlwidget.compat.bgfiles.fields import ConfigurableFileField, get_storage, get_upload_to

from .conftest import COMPAT_APP


def test_the_settings_are_read_at_use_time() -> None:
    assert get_storage() is None
    assert get_upload_to() == ""
    marker = object()
    with override_settings(BG_FILES_STORAGE=marker, BG_FILES_UPLOAD_TO="up/"):
        assert get_storage() is marker
        assert get_upload_to() == "up/"


def test_the_field_keeps_storage_and_upload_to_out_of_migrations(settings: Any) -> None:
    settings.BG_FILES_UPLOAD_TO = "reports/"
    field = ConfigurableFileField(blank=True)
    assert field.upload_to == "reports/"
    _name, _path, _args, kwargs = field.deconstruct()
    assert "upload_to" not in kwargs
    assert "storage" not in kwargs


def test_the_app_installs_under_the_predecessors_label() -> None:
    import django_dlwidget.compat.bgfiles as compat

    assert apps.get_app_config("bgfiles").name == COMPAT_APP
    assert compat.__version__ == "0.6.0"  # the release whose API it keeps
