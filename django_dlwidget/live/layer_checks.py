"""System checks that a change reaches the sockets: the channel layer against where jobs run, a
WebSocket implementation for the server, and (``check --deploy``) the in-memory pieces.

E051: ``InMemoryChannelLayer`` lives in one process. A job that runs in a worker process publishes
into the worker's own layer, so a socket of the web process never hears of it; with a socket live,
the page does not poll either, and the item stays "Pending" until a reload.

E052: uvicorn speaks WebSocket only through ``websockets`` or ``wsproto``. Without either it answers
an upgrade with a plain 404 warning in its log, and a ``ws`` page shows nothing (``auto`` polls
after its failed attempts): ``uvicorn[standard]`` installs one.

W051, W052 (deploy): the in-memory layer and a per-process cache are fine for ``make demo`` and
a single process; a deployment with several server processes needs shared ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from ..checks import unreadable
from ..conf import get
from ..downloads.checks import importable, tasks_elsewhere

IN_MEMORY_LAYER = "channels.layers.InMemoryChannelLayer"
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
SOCKET_MODES = ("ws", "auto")
#: ASGI servers that need a separate WebSocket library, and the libraries they can use.
WEBSOCKET_LIBRARIES = {"uvicorn": ("websockets", "wsproto")}
#: Servers that bring their own WebSocket support (if one is installed, it may be the one in use).
SELF_SUFFICIENT_SERVERS = ("daphne", "hypercorn", "granian")
SHARED_LAYER_HINT = (
    "Use channels_redis: CHANNEL_LAYERS = {'default': {'BACKEND': "
    "'channels_redis.core.RedisChannelLayer', 'CONFIG': {'hosts': [{'address': "
    "'redis://127.0.0.1:6379/0', 'socket_timeout': 15}]}}} (the timeout: check W050)"
)


def described(backends: Mapping[str, str]) -> str:
    """``TASKS['db'] (path)`` for the first of ``backends``."""
    alias, path = next(iter(backends.items()))
    return f"TASKS[{alias!r}] ({path})"


def socket_mode() -> bool:
    return not unreadable() and get("MODE") in SOCKET_MODES


def in_memory_layers() -> list[str]:
    layers = getattr(settings, "CHANNEL_LAYERS", None)
    if not isinstance(layers, Mapping):
        return []
    return [
        str(alias)
        for alias, layer in layers.items()
        if isinstance(layer, Mapping) and layer.get("BACKEND") == IN_MEMORY_LAYER
    ]


@register(Tags.compatibility)
def check_layer_reaches_sockets(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not socket_mode() or "default" not in in_memory_layers():
        return []
    elsewhere = tasks_elsewhere()
    if not elsewhere:
        return []
    return [
        Error(
            f"CHANNEL_LAYERS['default'] is InMemoryChannelLayer, but {described(elsewhere)} runs "
            "the jobs in another process: their events never reach the sockets and items stay "
            "'Pending'.",
            hint=f"{SHARED_LAYER_HINT}; or set DLWIDGET['MODE'] to 'poll'.",
            id="django_dlwidget.E051",
        )
    ]


@register(Tags.compatibility)
def check_websocket_library(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not socket_mode() or any(importable(name) for name in SELF_SUFFICIENT_SERVERS):
        return []
    return [
        Error(
            f"DLWIDGET['MODE'] is {get('MODE')!r} but {server} has no WebSocket library: "
            f"it cannot accept the download centre's sockets.",
            hint=f"Install {' or '.join(libraries)} (pip install '{server}[standard]'), "
            "or set DLWIDGET['MODE'] to 'poll'.",
            id="django_dlwidget.E052",
        )
        for server, libraries in WEBSOCKET_LIBRARIES.items()
        if importable(server) and not any(importable(name) for name in libraries)
    ]


@register(Tags.compatibility, deploy=True)
def check_in_memory_layer(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not socket_mode():
        return []
    return [
        Warning(
            f"CHANNEL_LAYERS[{alias!r}] is InMemoryChannelLayer: a development setup.",
            hint="Events published in one server process never reach the sockets of another. "
            f"{SHARED_LAYER_HINT}.",
            id="django_dlwidget.W051",
        )
        for alias in in_memory_layers()
    ]


@register(Tags.compatibility, deploy=True)
def check_per_process_cache(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    alias = None if unreadable() else get("CACHE")
    caches = getattr(settings, "CACHES", {})
    if not isinstance(alias, str) or not isinstance(caches, Mapping):
        return []
    backend = caches.get(alias, {}).get("BACKEND")
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            f"DLWIDGET['CACHE'] ({alias!r}) is {backend.rsplit('.', 1)[-1]}: a development setup.",
            hint="Each server process keeps its own list versions, so a poll answered by another "
            "process sends the whole list again. Use Redis, Memcached or the database cache.",
            id="django_dlwidget.W052",
        )
    ]
