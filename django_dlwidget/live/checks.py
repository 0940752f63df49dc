"""System checks of the live modes: the channel layer behind ``ws`` and the shared version cache.

E004: the ``ws`` mode without a channel layer. E008/W001: ``DLWIDGET["CACHE"]``, where the per-user
list versions live (``versions.py``), must be an alias of ``CACHES`` and, since jobs publish from
other processes, one that every process shares.

W050: channels_redis waits for messages with a blocking pop that Redis answers after 5 seconds when
nothing arrived. redis-py 8 gives every connection a 5-second read timeout by default, so that
answer races the timeout: a busy or idle server process loses the race now and then, the layer
raises ``TimeoutError`` and the socket it was reading for is dropped (clients reconnect, but
needlessly). Each Redis host needs a longer ``socket_timeout``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from ..checks import unreadable
from ..conf import get

# channels_redis.core.RedisChannelLayer.brpop_timeout
BLOCKING_RECEIVE_SECONDS = 5
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.compatibility)
def check_ws_mode(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if unreadable() or get("MODE") != "ws" or getattr(settings, "CHANNEL_LAYERS", None):
        return []
    return [
        Error(
            "DLWIDGET['MODE'] is 'ws' but no channel layer is configured.",
            hint="Configure CHANNEL_LAYERS (channels_redis for several processes), "
            "or set DLWIDGET['MODE'] to 'auto' or 'poll'.",
            id="django_dlwidget.E004",
        )
    ]


@register(Tags.compatibility)
def check_version_cache(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    alias = None if unreadable() else get("CACHE")
    if not isinstance(alias, str):
        return []  # E001 or E013 reports it
    caches: Mapping[str, Mapping[str, Any]] = getattr(settings, "CACHES", {})
    if alias not in caches:
        return [
            Error(
                f"DLWIDGET['CACHE'] is {alias!r}, which is not an alias in CACHES.",
                hint=f"Add {alias!r} to CACHES or point DLWIDGET['CACHE'] at an existing alias.",
                id="django_dlwidget.E008",
            )
        ]
    if caches[alias].get("BACKEND") not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            f"DLWIDGET['CACHE'] ({alias!r}) is a per-process cache.",
            hint="Progress versions must be shared when jobs run in other processes: use Redis, "
            "Memcached, the database or file cache. Silence this warning if the site runs "
            "a single process with an in-process worker.",
            id="django_dlwidget.W001",
        )
    ]


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
