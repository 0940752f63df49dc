"""The settings schema and its typed, lazy accessors (``django_dlwidget.conf``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import override_settings

from django_dlwidget.conf import (
    DEFAULTS,
    GIB,
    SCHEMA,
    DlwidgetSettings,
    Setting,
    as_timedelta,
    dlwidget_settings,
    get,
)


def test_defaults_without_setting() -> None:
    assert dlwidget_settings.MODE == "auto"
    assert dlwidget_settings.POLL_INTERVAL == 5000
    assert dlwidget_settings.WS_PATH == "/ws/dlwidget/"
    assert dlwidget_settings.CACHE == "default"
    assert dlwidget_settings.STORAGE == "default"
    assert dlwidget_settings.PATH_PREFIX == "dlwidget/downloads"
    assert timedelta(days=1) == dlwidget_settings.EXPIRY
    assert timedelta(minutes=10) == dlwidget_settings.STALE_AFTER
    assert dlwidget_settings.LIST_LIMIT == 50
    assert dlwidget_settings.SENDFILE == "django"
    assert dlwidget_settings.NGINX_PREFIX == "/protected/"
    assert timedelta(days=1) == dlwidget_settings.LINK_MAX_AGE
    assert dlwidget_settings.NOTIFY_EMAIL is False
    assert dlwidget_settings.SITE_URL is None
    assert dlwidget_settings.CSS_CLASSES == {}
    assert dlwidget_settings.UPLOAD_MAX_SIZE == 10 * 1024**3
    assert dlwidget_settings.UPLOAD_QUOTA == 20 * 1024**3
    assert timedelta(days=1) == dlwidget_settings.UPLOAD_EXPIRY
    assert dlwidget_settings.UPLOAD_PERMISSION == "django_dlwidget.tus.permissions.is_authenticated"


def test_read_lazily_so_override_settings_works() -> None:
    with override_settings(DLWIDGET={"MODE": "poll", "EXPIRY": 60, "PATH_PREFIX": "/x/y/"}):
        assert dlwidget_settings.MODE == "poll"
        assert timedelta(seconds=60) == dlwidget_settings.EXPIRY
        assert dlwidget_settings.PATH_PREFIX == "x/y"
    assert dlwidget_settings.MODE == "auto"
    assert timedelta(days=1) == dlwidget_settings.EXPIRY


def test_a_fresh_settings_object_reads_the_same() -> None:
    """Nothing is cached on the instance: any instance reads the project's current value."""
    with override_settings(DLWIDGET={"LIST_LIMIT": 7}):
        assert DlwidgetSettings().LIST_LIMIT == dlwidget_settings.LIST_LIMIT == 7


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("SITE_URL", "https://example.com/", "https://example.com"),
        ("SITE_URL", "", None),
        ("STALE_AFTER", 1.5, timedelta(seconds=1.5)),
        ("UPLOAD_EXPIRY", timedelta(hours=3), timedelta(hours=3)),
        ("NOTIFY_EMAIL", 1, True),
        ("CSS_CLASSES", ["not", "a", "map"], {}),
        ("POLL_INTERVAL", "250", 250),
        ("UPLOAD_MAX_SIZE", 2 * GIB, 2 * GIB),
    ],
)
def test_coercion(key: str, value: object, expected: object) -> None:
    with override_settings(DLWIDGET={key: value}):
        assert getattr(dlwidget_settings, key) == expected


def test_upload_temp_dir_defaults_under_media_root() -> None:
    with override_settings(MEDIA_ROOT="/srv/media/"):
        assert dlwidget_settings.UPLOAD_TEMP_DIR == "/srv/media/dlwidget/uploads"
    with override_settings(DLWIDGET={"UPLOAD_TEMP_DIR": "/shared/tus"}):
        assert dlwidget_settings.UPLOAD_TEMP_DIR == "/shared/tus"


def test_durations_are_timedeltas_or_seconds() -> None:
    assert as_timedelta(90) == timedelta(seconds=90)
    assert as_timedelta(timedelta(days=2)) == timedelta(days=2)
    with pytest.raises(TypeError):
        as_timedelta("1 day")
    with pytest.raises(TypeError):
        as_timedelta(True)


def test_get_returns_the_raw_value_or_the_default() -> None:
    with override_settings(DLWIDGET={"PATH_PREFIX": "/x/"}):
        assert get("PATH_PREFIX") == "/x/"
        assert get("EXPIRY") == timedelta(days=1)
    with override_settings(DLWIDGET="not a dict"):
        assert get("MODE") == "auto"


def test_unknown_key_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        get("NOPE")


def test_the_schema_is_the_class_body_in_order() -> None:
    declared = [
        name for name, value in vars(DlwidgetSettings).items() if isinstance(value, Setting)
    ]
    assert list(SCHEMA) == declared
    assert declared[0] == "MODE"
    assert all(setting.key == key for key, setting in SCHEMA.items())
    assert {key: setting.default for key, setting in SCHEMA.items()} == DEFAULTS


@pytest.mark.parametrize("key", list(SCHEMA))
def test_every_key_has_an_accessor_that_coerces_its_default(key: str) -> None:
    setting = SCHEMA[key]
    assert getattr(DlwidgetSettings, key) is setting
    assert getattr(dlwidget_settings, key) == setting.kind.coerce(setting.default)


@pytest.mark.parametrize("key", list(SCHEMA))
def test_every_default_passes_its_own_check(key: str) -> None:
    setting: Setting[Any] = SCHEMA[key]
    assert setting.kind.accepts(setting.default)
    assert setting.doc
    assert "|" not in setting.doc  # it is a cell of a Markdown table


def test_the_default_upload_permission_is_importable() -> None:
    from django.utils.module_loading import import_string

    from django_dlwidget.tus.permissions import is_authenticated

    assert import_string(dlwidget_settings.UPLOAD_PERMISSION) is is_authenticated
