"""System check for the WebSocket mode's channel layer.

channels_redis waits for messages with a blocking pop that Redis answers after 5 seconds when
nothing arrived. redis-py 8 gives every connection a 5-second read timeout by default, so that
answer races the timeout: a busy or idle server process loses the race now and then, the layer
raises ``TimeoutError`` and the socket it was reading for is dropped (clients reconnect, but
needlessly). Each Redis host needs a longer ``socket_timeout``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

# channels_redis.core.RedisChannelLayer.brpop_timeout
BLOCKING_RECEIVE_SECONDS = 5


def default_socket_timeout() -> float | None:
    """redis-py's default read timeout (5 s from redis-py 8; none before)."""
    try:
        from redis._defaults import DEFAULT_SOCKET_TIMEOUT
    except ImportError:
        return None
    return float(DEFAULT_SOCKET_TIMEOUT) if DEFAULT_SOCKET_TIMEOUT is not None else None


def _host_timeout(host: Any, default: float | None) -> float | None:
    if isinstance(host, Mapping) and "socket_timeout" in host:
        value = host["socket_timeout"]
        return float(value) if isinstance(value, int | float) else None
    return default


@register(Tags.compatibility)
def check_channel_layers(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    layers = getattr(settings, "CHANNEL_LAYERS", None)
    if not isinstance(layers, Mapping):
        return []
    default = default_socket_timeout()
    warnings: list[CheckMessage] = []
    for alias, layer in layers.items():
        if not isinstance(layer, Mapping) or not str(layer.get("BACKEND", "")).startswith(
            "channels_redis."
        ):
            continue
        config = layer.get("CONFIG") or {}
        hosts = config.get("hosts") or [("localhost", 6379)]
        for host in hosts:
            timeout = _host_timeout(host, default)
            if timeout is not None and timeout <= BLOCKING_RECEIVE_SECONDS:
                message = (
                    f"CHANNEL_LAYERS[{alias!r}]: a Redis host reads with a {timeout:g}-second "
                    f"timeout, no longer than channels_redis's {BLOCKING_RECEIVE_SECONDS}-second "
                    "blocking receive; sockets will be dropped with TimeoutError."
                )
                warnings.append(
                    Warning(
                        message,
                        hint='Give each host a longer timeout, e.g. "hosts": [{"address": '
                        '"redis://127.0.0.1:6379/0", "socket_timeout": 15}].',
                        id="django_dlwidget.W050",
                    )
                )
                break
    return warnings
