"""The versions' cache instance: one per process for the thread-safe backends, so that a poll does
not open a new Redis connection pool (Django's caches hand out one instance per thread, and under
ASGI per request); Django's own per-thread instance for any other backend."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.cache import BaseCache, caches
from django.core.cache.backends.redis import RedisCacheClient
from django.test import override_settings

from django_dlwidget.live.versions import version_cache
from tests.harness.redis import RedisServer

REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                     "LOCATION": "redis://127.0.0.1:1/0"}}  # fmt: skip
DUMMY = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def in_a_thread() -> BaseCache:
    found: list[BaseCache] = []
    thread = threading.Thread(target=lambda: found.append(version_cache()))
    thread.start()
    thread.join()
    return found[0]


def test_one_locmem_instance_serves_every_thread() -> None:
    assert version_cache() is version_cache() is in_a_thread()


def test_one_redis_instance_serves_every_thread() -> None:
    with override_settings(CACHES=REDIS):
        cache = version_cache()
        assert type(cache).__name__ == "RedisCache"
        assert cache is in_a_thread()
        assert cache is not caches["default"]  # never closed or replaced by Django's handler


def test_replaced_caches_get_a_new_instance() -> None:
    before = version_cache()
    before.set("dlwidget-test", 1)
    with override_settings(CACHES=REDIS):
        assert version_cache() is not before
    after = version_cache()
    assert type(after).__name__ == "LocMemCache"
    assert after.get("dlwidget-test") == 1  # the project's cache again, not a copy


def test_other_backends_keep_djangos_instance_per_thread() -> None:
    with override_settings(CACHES=DUMMY):
        cache = version_cache()
        assert cache is caches["default"]
        assert in_a_thread() is not cache


@pytest.mark.django_db
def test_a_bump_on_redis_is_one_round_trip_and_reseeds_a_missing_key(
    redis_server: RedisServer,
) -> None:
    redis = pytest.importorskip("redis")  # not in the compatibility pass's environment

    from django_dlwidget.live.versions import bump_version, cache_key

    config = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": redis_server.url}}  # fmt: skip
    raw = redis.Redis.from_url(redis_server.url)
    with override_settings(CACHES=config):
        cache = version_cache()
        cache.delete(cache_key(987654))
        seeded = bump_version(987654)
        assert seeded > 10**15  # re-seeded from the clock (microseconds), then bumped
        raw.config_resetstat()
        assert bump_version(987654) == seeded + 1
        stats = raw.info("commandstats")
        # One EVAL (EXISTS and INCRBY run inside it), not EXISTS, then INCRBY, from the client.
        assert stats.get("cmdstat_eval", {}).get("calls") == 1
        assert stats["cmdstat_exists"]["calls"] == stats["cmdstat_incrby"]["calls"] == 1
        assert cache.get(cache_key(987654)) == seeded + 1  # still Django's own value


class KeyedClient(RedisCacheClient):
    """A client that picks its server by key (sharding): it must be asked every time."""

    asked: list[str] = []

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        KeyedClient.asked.append(str(key))
        return super().get_client(key, write=write)


@pytest.mark.django_db
def test_versions_on_redis_reuse_one_client_and_read_djangos_values(
    redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("redis")
    from django_dlwidget.live import versions

    config = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": redis_server.url}}  # fmt: skip
    with override_settings(CACHES=config):
        cache = version_cache()
        built: list[object] = []
        real = cache._cache._client  # type: ignore[attr-defined]

        def counted(**options: Any) -> Any:
            built.append(options)
            return real(**options)

        monkeypatch.setattr(cache._cache, "_client", counted)  # type: ignore[attr-defined]
        cache.set(versions.cache_key(4242), 7, timeout=None)
        built.clear()
        assert versions.get_version(4242) == 7  # Django's stored integer, read as it is
        assert [versions.bump_version(4242) for _ in range(3)] == [8, 9, 10]
        assert versions.get_version(4242) == 10
        assert len(built) == 1  # one per connection pool; Django builds one per call
        assert cache.get(versions.cache_key(4242)) == 10  # still Django's own value
        cache.delete(versions.cache_key(4242))
        assert versions.get_version(4242) > 10**15  # a missing key is still re-seeded


@pytest.mark.django_db
def test_a_client_that_chooses_its_server_by_key_is_asked_each_time(
    redis_server: RedisServer,
) -> None:
    pytest.importorskip("redis")
    from django_dlwidget.live.versions import bump_version, cache_key, get_version

    config = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": redis_server.url,
                          "OPTIONS": {}}}  # fmt: skip
    with override_settings(CACHES=config):
        cache = version_cache()
        keyed = KeyedClient(cache._servers, **cache._options)  # type: ignore[attr-defined]
        cache.__dict__["_cache"] = keyed
        KeyedClient.asked.clear()
        first = get_version(5151)
        assert bump_version(5151) == first + 1
        stored = cache.make_and_validate_key(cache_key(5151))
        assert KeyedClient.asked
        assert set(KeyedClient.asked) == {stored}
