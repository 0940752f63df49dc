"""The versions' cache instance: one per process for the thread-safe backends, so that a poll does
not open a new Redis connection pool (Django's caches hand out one instance per thread, and under
ASGI per request); Django's own per-thread instance for any other backend."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import BaseCache, caches
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
