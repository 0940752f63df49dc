"""Per-user list versions, kept in the shared cache ``DLWIDGET["CACHE"]``.

The version is the list endpoint's ETag and the ``version`` of every pushed event. It only ever
grows. The cache is not the source of truth: when the key is missing (evicted, flushed, a new
cache server) it is re-seeded from the clock and the owner's newest database change, in
microseconds, which lies beyond every version handed out before: versions grow by one per change,
and every change is a cache round trip that takes longer than a microsecond. So a client holding
an old ETag always gets a full list after a flush, never a stale 304, and a pushed event is never
mistaken for an old one. (Microseconds since 1970 stay below 2**53, exact in JavaScript numbers.)
"""

from __future__ import annotations

import time
import weakref
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db.models import Max

from ..conf import dlwidget_settings

# Versions never expire on their own; a re-seed recovers from any eviction.
VERSION_TIMEOUT = None


# Backends whose one instance may serve every thread: Django hands out a new instance per thread
# and, under ASGI, per request, and a new RedisCache opens a new connection pool (one TCP connect
# per poll). One shared instance per alias keeps its pool instead.
_SHARED_BACKENDS: tuple[type[BaseCache], ...] = (RedisCache, LocMemCache)
_shared: dict[str, tuple[object, BaseCache]] = {}


def version_cache() -> BaseCache:
    """The cache of the versions: one instance per process for the thread-safe backends above
    (a new one whenever ``CACHES`` is replaced, as tests do), else Django's own per thread."""
    alias = dlwidget_settings.CACHE
    config = settings.CACHES.get(alias)
    shared = _shared.get(alias)
    if shared is not None and shared[0] is config:
        return shared[1]
    cache = caches.create_connection(alias) if config is not None else caches[alias]
    if type(cache) not in _SHARED_BACKENDS:
        return caches[alias]
    _shared[alias] = (config, cache)
    return cache


def cache_key(owner_id: Any) -> str:
    return f"dlwidget:v1:version:{owner_id}"


def _seed(owner_id: Any) -> int:
    from ..models import Download

    now_us = time.time_ns() // 1000
    latest = Download.objects.filter(owner_id=owner_id).aggregate(latest=Max("updated"))["latest"]
    latest_us = int(latest.timestamp() * 1_000_000) + 1 if latest is not None else 0
    return max(now_us, latest_us)


def get_version(owner_id: Any) -> int:
    """The current version: one cache read, plus a database query only after a cache miss."""
    cache = version_cache()
    key = cache_key(owner_id)
    value = _read(cache, key)
    if value is None:
        cache.add(key, _seed(owner_id), timeout=VERSION_TIMEOUT)
        value = _read(cache, key)
    return value if value is not None else _seed(owner_id)


# Redis: INCR only an existing key, in one round trip (Django's ``incr`` is EXISTS, then INCR).
_INCR_EXISTING = (
    "if redis.call('exists', KEYS[1]) == 1 then return redis.call('incrby', KEYS[1], ARGV[1]) end "
    "return false"
)
# One redis-py client per connection pool: Django's RedisCacheClient builds a new client object on
# every call (a tenth of a millisecond, once per progress step and per poll).
_clients: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def _redis_client(cache: BaseCache, key: str, *, write: bool) -> tuple[Any, str] | None:
    """The redis-py client for ``key`` and the key as stored; None when ``cache`` is not
    Django's RedisCache. A client class that chooses its server by key (its own ``get_client``)
    is asked each time."""
    inner = getattr(cache, "_cache", None) if isinstance(cache, RedisCache) else None
    if inner is None:
        return None
    stored_key = cache.make_and_validate_key(key)
    if not isinstance(inner, RedisCacheClient) or type(inner).get_client is not (
        RedisCacheClient.get_client
    ):
        return inner.get_client(stored_key, write=write), stored_key
    pool = inner._get_connection_pool(write)  # type: ignore[attr-defined]
    client = _clients.get(pool)
    if client is None:
        client = _clients[pool] = inner._client(connection_pool=pool)  # type: ignore[attr-defined]
    return client, stored_key


def _read(cache: BaseCache, key: str) -> int | None:
    """``cache.get(key)`` for a version (an integer, which Django's Redis serializer stores as
    its digits); None when the key is missing."""
    found = _redis_client(cache, key, write=False)
    if found is None:
        value = cache.get(key)
        return int(value) if value is not None else None
    client, stored_key = found
    raw = client.get(stored_key)
    return int(raw) if raw is not None else None


def _incr(cache: BaseCache, key: str) -> int:
    """``cache.incr(key)``: ValueError when the key is missing."""
    found = _redis_client(cache, key, write=True)
    if found is None:
        return int(cache.incr(key))
    client, stored_key = found
    value = client.eval(_INCR_EXISTING, 1, stored_key, 1)
    if value is None:
        raise ValueError(f"Key {key!r} not found.")
    return int(value)


def bump_version(owner_id: Any) -> int:
    """Increment atomically (``cache.incr``); re-seed first if the key is missing."""
    cache = version_cache()
    key = cache_key(owner_id)
    try:
        return _incr(cache, key)
    except ValueError:
        # ``add`` only sets a missing key, so two processes re-seeding at once cannot go back.
        cache.add(key, _seed(owner_id), timeout=VERSION_TIMEOUT)
        return _incr(cache, key)
