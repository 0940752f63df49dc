"""System checks of the live modes: the channel layer behind sockets and the shared version cache.

E004 (W004 for ``auto``): ``ws`` or ``auto`` without a channel layer (the consumer then closes
each socket with ``LIVE_UNAVAILABLE_CLOSE_CODE`` and the client polls). E008/E050/W001:
``DLWIDGET["CACHE"]``, where the per-user list versions live (``versions.py``), must be an alias
of ``CACHES`` and, when jobs run in another process, one that every process shares. The layer's
own checks (a worker's events reaching the sockets, a WebSocket implementation for the server,
``--deploy``) are in ``layer_checks``, imported here so that ``apps.ready`` registers them with
the rest.

W050: channels_redis waits for messages with a blocking pop that Redis answers after 5 seconds when
nothing arrived. redis-py 8 gives every connection a 5-second read timeout by default, so that
answer races the timeout: a busy or idle server process loses the race now and then, the layer
raises ``TimeoutError`` and the socket it was reading for is dropped (clients reconnect, but
needlessly). Each Redis host needs a longer ``socket_timeout``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from ..checks import unreadable
from ..conf import get
from ..downloads.checks import tasks_elsewhere
from .layer_checks import PER_PROCESS_CACHES, described

# channels_redis.core.RedisChannelLayer.brpop_timeout
BLOCKING_RECEIVE_SECONDS = 5
#: Installed apps whose own commands run jobs outside the tasks framework (``bgfiles process``).
OWN_WORKER_APPS = ("django_dlwidget.compat.bgfiles",)


@register(Tags.compatibility)
def check_ws_mode(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    mode = None if unreadable() else get("MODE")
    if mode not in ("ws", "auto") or getattr(settings, "CHANNEL_LAYERS", None):
        return []
    hint = (
        "Configure CHANNEL_LAYERS (channels_redis for several processes, "
        "channels.layers.InMemoryChannelLayer for one), or set DLWIDGET['MODE'] to 'poll'."
    )
    if mode == "auto":  # the page works, by polling: worth saying, not worth stopping runserver
        return [
            Warning(
                "DLWIDGET['MODE'] is 'auto' but no channel layer is configured: each socket is "
                "closed (code 4503) and the page polls.",
                hint=hint,
                id="django_dlwidget.W004",
            )
        ]
    return [
        Error(
            "DLWIDGET['MODE'] is 'ws' but no channel layer is configured: nothing is pushed.",
            hint=hint,
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
    backend = caches[alias].get("BACKEND")
    if backend not in PER_PROCESS_CACHES:
        return []
    fix = "use Redis, Memcached, the database or the file cache."
    elsewhere = tasks_elsewhere()
    if elsewhere:
        return [
            Error(
                f"DLWIDGET['CACHE'] ({alias!r}) is a per-process cache, but "
                f"{described(elsewhere)} runs the jobs in another process: their progress never "
                "reaches this process's list and items stay 'Pending'.",
                hint=f"Point DLWIDGET['CACHE'] at a cache every process shares: {fix}",
                id="django_dlwidget.E050",
            )
        ]
    own = [app for app in OWN_WORKER_APPS if apps.is_installed(app)]
    if not own:
        return []  # the jobs run in the process that serves the list
    return [
        Warning(
            f"DLWIDGET['CACHE'] ({alias!r}) is a per-process cache, and {own[0]} runs jobs "
            "in its own command's process.",
            hint=f"If that command runs, the list must be shared: {fix} Silence this "
            "warning if it never does.",
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
