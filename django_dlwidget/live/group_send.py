"""Sending one event to a group: one Redis round trip with channels_redis, where it can be.

channels_redis's ``RedisChannelLayer.group_send`` takes four round trips: it drops the group's
expired members, reads the members, drops each member's expired messages, then adds the message
to each member in a Lua script. Every progress step of a job waits for them (a tenth of the
worker-to-socket latency each, on one machine). The group's members barely change: the hub of each
server process joins a user's group once (``live/hub.py``). So :func:`group_send` remembers the
members a group had at its last send and runs all four steps in one script, which first checks
that the group still has exactly those members; when it has not, the script sends nothing and
returns the members it found, and the message goes again to those. What reaches Redis is what
channels_redis writes (the same keys, scores, capacity check, expiries and serialized messages),
so its receivers read it as their own.

Any other layer, and channels_redis with several hosts (where a group and its members may live on
different servers), goes through the layer's own ``group_send``.

:func:`group_send_now` is the same send for a thread with no running event loop (a job in a worker
process): it runs the script through a plain redis-py client of its own, with the layer's host
settings, in the calling thread, rather than handing the message to an event loop in another thread
and waiting for it (two thread switches per event, a quarter of the call on two cores).
"""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from typing import Any

from channels.layers import BaseChannelLayer

__all__ = ["group_send", "group_send_now"]

logger = logging.getLogger(__name__)

#: Groups whose members are remembered per layer; past this the memory starts afresh.
MAX_REMEMBERED = 4096
#: Attempts with fresh members before handing the message to the layer's own ``group_send``.
ATTEMPTS = 3
#: Seconds the blocking client waits to connect or for an answer, unless the host sets them.
SOCKET_TIMEOUT = 5.0

# KEYS: the group, then one key per member channel key. ARGV: the group's expiry cutoff, the
# messages' expiry cutoff, the time (the new message's score), the key expiry, the number of
# members expected, the expected members (in any order), then one message and one capacity per
# channel key.
# Returns {1, channels over capacity} once sent, {0, members} when the members differ.
_SEND = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, ARGV[1])
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
local expected = tonumber(ARGV[5])
if #members ~= expected then return {0, members} end
local wanted = {}
for i = 1, expected do wanted[ARGV[5 + i]] = true end
for i = 1, #members do
    if not wanted[members[i]] then return {0, members} end
end
local count = #KEYS - 1
local over = 0
for i = 1, count do
    local key = KEYS[i + 1]
    redis.call('ZREMRANGEBYSCORE', key, 0, ARGV[2])
    if redis.call('ZCOUNT', key, '-inf', '+inf') < tonumber(ARGV[5 + expected + count + i]) then
        redis.call('ZADD', key, ARGV[3], ARGV[5 + expected + i])
        redis.call('EXPIRE', key, ARGV[4])
    else
        over = over + 1
    end
end
return {1, over}
"""

_members: weakref.WeakKeyDictionary[BaseChannelLayer, dict[str, list[str]]] = (
    weakref.WeakKeyDictionary()
)


def _one_script_layer(layer: BaseChannelLayer) -> bool:
    """True for channels_redis's own ``RedisChannelLayer`` (not a subclass, which may send
    differently) on a single host."""
    try:
        from channels_redis.core import RedisChannelLayer
    except ImportError:
        return False
    return type(layer) is RedisChannelLayer and getattr(layer, "ring_size", 0) == 1


async def group_send(layer: BaseChannelLayer, group: str, message: dict[str, Any]) -> None:
    """``layer.group_send(group, message)``, in one round trip with channels_redis."""
    if not _one_script_layer(layer):
        await layer.group_send(group, message)
        return
    assert layer.require_valid_group_name(group), "Group name not valid"
    members = _known(layer, group)
    connection = layer.connection(0)
    for _ in range(ATTEMPTS):
        keys, args = _arguments(layer, group, message, members)
        sent, found = await connection.eval(_SEND, len(keys), *keys, *args)
        if sent:
            _sent(layer, group, members, found)
            return
        members = _decoded(found)
    _forget(layer, group)
    await layer.group_send(group, message)  # the members keep changing: the layer's own way


def group_send_now(layer: BaseChannelLayer, group: str, message: dict[str, Any]) -> bool:
    """The same send from a thread with no running event loop, blocking until Redis has it;
    False when it must go through an event loop instead: another layer, a host that is not a
    plain address (Sentinel), or members that kept changing."""
    if not _one_script_layer(layer):
        return False
    script = _blocking_script(layer)
    if script is None:
        return False
    assert layer.require_valid_group_name(group), "Group name not valid"
    members = _known(layer, group)
    for _ in range(ATTEMPTS):
        keys, args = _arguments(layer, group, message, members)
        sent, found = script(keys=keys, args=args)
        if sent:
            _sent(layer, group, members, found)
            return True
        members = _decoded(found)
    _forget(layer, group)
    return False


def _known(layer: BaseChannelLayer, group: str) -> list[str]:
    return _members.setdefault(layer, {}).get(group, [])


def _sent(layer: BaseChannelLayer, group: str, members: list[str], over: Any) -> None:
    if over:
        logger.info("%s channels over capacity in group %s", over, group)
    known = _members.setdefault(layer, {})
    if len(known) >= MAX_REMEMBERED and group not in known:
        known.clear()
    known[group] = members


def _forget(layer: BaseChannelLayer, group: str) -> None:
    _members.get(layer, {}).pop(group, None)


def _decoded(found: Any) -> list[str]:
    return [item.decode("utf8") for item in found]


def _arguments(
    layer: Any, group: str, message: dict[str, Any], members: list[str]
) -> tuple[list[Any], list[Any]]:
    """The script's KEYS and ARGV for sending ``message`` to ``members``."""
    by_connection, messages, capacities = layer._map_channel_keys_to_connection(members, message)
    keys = [key for channel_keys in by_connection.values() for key in channel_keys]
    now = time.time()
    args = [
        int(now) - layer.group_expiry,
        int(now) - int(layer.expiry),
        now,
        layer.expiry,
        len(members),
        *members,
        *(messages[key] for key in keys),
        *(capacities[key] for key in keys),
    ]
    return [layer._group_key(group), *keys], args


# Per layer: the process that made it (a forked child makes its own) and the send script on its
# client, or None when the layer's host cannot have one (asked once).
_scripts: weakref.WeakKeyDictionary[BaseChannelLayer, tuple[int, Any | None]] = (
    weakref.WeakKeyDictionary()
)
_scripts_lock = threading.Lock()


def _blocking_script(layer: Any) -> Any | None:
    """The send script on a redis-py client of the layer's one host (run by EVALSHA); None for
    a host that is not a plain address or connection settings."""
    held = _scripts.get(layer)
    if held is None or held[0] != os.getpid():
        with _scripts_lock:
            held = _scripts.get(layer)
            if held is None or held[0] != os.getpid():
                held = _scripts[layer] = (os.getpid(), _new_script(dict(layer.hosts[0])))
    return held[1]


def _new_script(host: dict[str, Any]) -> Any | None:
    if "master_name" in host or "sentinels" in host:
        return None
    import redis

    host.setdefault("socket_timeout", SOCKET_TIMEOUT)
    host.setdefault("socket_connect_timeout", SOCKET_TIMEOUT)
    try:
        address = host.pop("address", None)
        pool = (
            redis.ConnectionPool.from_url(address, **host)
            if address is not None
            else redis.ConnectionPool(**host)
        )
    except (TypeError, ValueError) as error:  # settings only the asyncio client takes
        logger.debug("dlwidget: no blocking Redis client for the layer (%s)", error)
        return None
    return redis.Redis(connection_pool=pool).register_script(_SEND)
