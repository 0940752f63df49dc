from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings

from django_dlwidget.conf import DEFAULTS, dlwidget_settings, get


def test_defaults_without_setting() -> None:
    assert dlwidget_settings.MODE == "auto"
    assert dlwidget_settings.POLL_INTERVAL == 5000
    assert dlwidget_settings.WS_PATH == "/ws/dlwidget/"
    assert timedelta(days=1) == dlwidget_settings.EXPIRY
    assert timedelta(minutes=10) == dlwidget_settings.STALE_AFTER
    assert dlwidget_settings.LIST_LIMIT == 50
    assert dlwidget_settings.UPLOAD_MAX_SIZE == 10 * 1024**3
    assert dlwidget_settings.CSS_CLASSES == {}


def test_read_lazily_so_override_settings_works() -> None:
    with override_settings(DLWIDGET={"MODE": "poll", "EXPIRY": 60, "PATH_PREFIX": "/x/y/"}):
        assert dlwidget_settings.MODE == "poll"
        assert timedelta(seconds=60) == dlwidget_settings.EXPIRY
        assert dlwidget_settings.PATH_PREFIX == "x/y"
    assert dlwidget_settings.MODE == "auto"


def test_upload_temp_dir_defaults_under_media_root(settings: object) -> None:
    with override_settings(MEDIA_ROOT="/srv/media/"):
        assert dlwidget_settings.UPLOAD_TEMP_DIR == "/srv/media/dlwidget/uploads"
    with override_settings(DLWIDGET={"UPLOAD_TEMP_DIR": "/shared/tus"}):
        assert dlwidget_settings.UPLOAD_TEMP_DIR == "/shared/tus"


def test_unknown_key_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        get("NOPE")


def test_every_default_has_an_accessor() -> None:
    for key in DEFAULTS:
        getattr(dlwidget_settings, key)
