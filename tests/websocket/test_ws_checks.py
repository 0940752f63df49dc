from __future__ import annotations

from typing import Any

import pytest

from django_dlwidget.ws_checks import check_channel_layers, default_socket_timeout

REDIS = "channels_redis.core.RedisChannelLayer"


def ids(settings: Any, layer: dict[str, Any]) -> list[str]:
    settings.CHANNEL_LAYERS = {"default": layer}
    return [message.id or "" for message in check_channel_layers()]


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
