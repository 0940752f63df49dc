"""The live modes against the project (``django_dlwidget.live.checks``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from django_dlwidget.live.checks import (
    check_channel_layers,
    check_version_cache,
    check_ws_mode,
    default_socket_timeout,
)

REDIS = "channels_redis.core.RedisChannelLayer"
# A shared cache (the check only reads the backend's name; nothing connects).
SHARED_CACHE = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def ids(settings: Any, layer: dict[str, Any]) -> list[str]:
    settings.CHANNEL_LAYERS = {"default": layer}
    return [message.id or "" for message in check_channel_layers()]


def setting_ids(**dlwidget: Any) -> list[str]:
    with override_settings(DLWIDGET=dlwidget):
        return [str(m.id) for check in (check_ws_mode, check_version_cache) for m in check()]


def test_ws_mode_needs_a_channel_layer() -> None:
    with override_settings(CHANNEL_LAYERS={}, CACHES=SHARED_CACHE):
        assert setting_ids(MODE="ws") == ["django_dlwidget.E004"]
        assert setting_ids(MODE="auto") == []
        assert setting_ids(MODE="smoke") == []  # E003's
    with override_settings(CACHES=SHARED_CACHE):
        assert setting_ids(MODE="ws") == []


def test_cache_must_be_an_alias() -> None:
    with override_settings(CACHES=SHARED_CACHE):
        assert setting_ids(CACHE="nope") == ["django_dlwidget.E008"]
        assert setting_ids(CACHE=3) == []  # E013's
        assert setting_ids() == []


def test_per_process_cache_warns() -> None:
    with override_settings(CACHES=LOCMEM):
        assert setting_ids() == ["django_dlwidget.W001"]
        (message,) = check_version_cache()
    assert message.msg == "DLWIDGET['CACHE'] ('default') is a per-process cache."


def test_not_a_dict_stands_down() -> None:
    with override_settings(CACHES=LOCMEM, CHANNEL_LAYERS={}, DLWIDGET=[("MODE", "ws")]):
        assert [m for check in (check_ws_mode, check_version_cache) for m in check()] == []


@pytest.mark.parametrize(
    "hosts",
    [
        [{"address": "redis://127.0.0.1:6379/0", "socket_timeout": 5}],
        [{"address": "redis://127.0.0.1:6379/0", "socket_timeout": 2.5}],
    ],
)
def test_a_read_timeout_within_the_blocking_receive_warns(settings: Any, hosts: Any) -> None:
    assert ids(settings, {"BACKEND": REDIS, "CONFIG": {"hosts": hosts}}) == ["django_dlwidget.W050"]


@pytest.mark.parametrize(
    "hosts",
    [
        [{"address": "redis://127.0.0.1:6379/0", "socket_timeout": 15}],
        [{"address": "redis://127.0.0.1:6379/0", "socket_timeout": None}],
    ],
)
def test_a_longer_or_no_read_timeout_passes(settings: Any, hosts: Any) -> None:
    assert ids(settings, {"BACKEND": REDIS, "CONFIG": {"hosts": hosts}}) == []


def test_plain_hosts_follow_redis_pys_default(settings: Any) -> None:
    layer = {"BACKEND": REDIS, "CONFIG": {"hosts": ["redis://127.0.0.1:6379/0"]}}
    default = default_socket_timeout()
    expected = ["django_dlwidget.W050"] if default is not None and default <= 5 else []
    assert ids(settings, layer) == expected


def test_other_layers_are_not_checked(settings: Any) -> None:
    assert ids(settings, {"BACKEND": "channels.layers.InMemoryChannelLayer"}) == []
