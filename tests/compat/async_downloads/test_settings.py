"""``compat.async_downloads.settings``: the old names, their defaults, read on every access."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import override_settings

from django_dlwidget.compat.async_downloads import settings as compat_settings

PREDECESSOR_DEFAULTS = {
    "TIMEOUT": 60 * 60 * 24,
    "DOWNLOAD_TEMPLATE": "async_downloads/downloads.html",
    "PATH_PREFIX": "downloads",
    "COLLECTION_KEY_FORMAT": "async_downloads/{}",
    "IN_MEMORY_MAX_SIZE_BYTES": 5 * 1e6,
    "WS_MODE": False,
    "CACHE_NAME": "",
    "CSS_CLASS": None,
    "WS_CHANNEL_NAME": "downloads",
}


@pytest.mark.parametrize(("name", "default"), PREDECESSOR_DEFAULTS.items())
def test_each_setting_has_the_predecessors_default(name: str, default: object) -> None:
    assert getattr(compat_settings, name) == default
    assert getattr(compat_settings, f"DEFAULT_{name}") == default
    assert not compat_settings.is_set(name)


def test_settings_are_read_when_used_not_at_import() -> None:
    with override_settings(ASYNC_DOWNLOADS_TIMEOUT=60, ASYNC_DOWNLOADS_WS_MODE=True):
        assert compat_settings.TIMEOUT == 60
        assert compat_settings.is_set("TIMEOUT")
        assert compat_settings.USE_WS is True
    assert compat_settings.TIMEOUT == 60 * 60 * 24
    assert compat_settings.USE_WS is False


def test_cache_is_the_one_cache_name_selects() -> None:
    assert compat_settings.cache is caches["default"]
    other = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "o"}
    with override_settings(
        CACHES={"default": other, "other": other}, ASYNC_DOWNLOADS_CACHE_NAME="other"
    ):
        assert compat_settings.cache is caches["other"]


def test_the_predecessors_event_names() -> None:
    assert compat_settings.EVENT_TYPE_UPDATE_DOWNLOAD == "updateDownload"
    assert compat_settings.EVENT_TYPE_INIT_ALL_DOWNLOADS == "initAllDownloads"


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NO_SUCH"):
        compat_settings.NO_SUCH  # noqa: B018
