"""The one-script group send on a real redis-server: what channels_redis's receivers get from
it is what they get from the layer's own ``group_send``, in one round trip once the members are
known."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from channels.layers import InMemoryChannelLayer

from django_dlwidget.live import group_send as group_send_module
from django_dlwidget.live.group_send import group_send, group_send_now
from tests.harness.processes import LOOPBACK, free_port
from tests.harness.redis import RedisServer

channels_redis = pytest.importorskip("channels_redis.core")

pytestmark = pytest.mark.live

RECEIVE = 2.0

Send = Callable[[Any, str, dict[str, Any]], Awaitable[None]]


async def send_from_thread(layer: Any, group: str, message: dict[str, Any]) -> None:
    """``group_send_now`` as a job calls it: from a thread with no running event loop."""
    assert await asyncio.to_thread(group_send_now, layer, group, message)


@pytest.fixture(params=["on the loop", "from a thread"])
def send(request: pytest.FixtureRequest) -> Send:
    return group_send if request.param == "on the loop" else send_from_thread


@pytest.fixture
def redis_url(redis_server: RedisServer) -> Iterator[str]:
    import redis

    yield redis_server.url
    redis.Redis.from_url(redis_server.url).flushdb()


def make_layer(url: str, **config: Any) -> Any:
    return channels_redis.RedisChannelLayer(hosts=[url], **config)


def with_layers(url: str, scenario: Callable[[Any, Any], Awaitable[None]]) -> None:
    """Run ``scenario`` with two layer instances on one server, as two server processes would
    have them, on an event loop of its own."""

    async def run() -> None:
        pair = make_layer(url), make_layer(url)
        try:
            await scenario(*pair)
        finally:
            await pair[0].flush()
            for layer in pair:
                await layer.close_pools()

    asyncio.run(run())


async def received(layer: Any, channel: str) -> list[dict[str, Any]]:
    """Every message waiting on ``channel``."""
    messages = []
    while True:
        try:
            messages.append(await asyncio.wait_for(layer.receive(channel), 0.2))
        except TimeoutError:
            return messages


class Commands:
    """Counts the commands a layer sends to Redis (each is one round trip)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import redis.asyncio

        self.names: list[str] = []
        original: Any = redis.asyncio.Redis.execute_command

        async def counted(client: Any, *args: Any, **options: Any) -> Any:
            self.names.append(str(args[0]).upper())
            return await original(client, *args, **options)

        monkeypatch.setattr(redis.asyncio.Redis, "execute_command", counted)
        original_pipeline: Any = redis.asyncio.client.Pipeline.execute

        async def counted_pipeline(pipeline: Any, *args: Any, **options: Any) -> Any:
            self.names.append("PIPELINE")
            return await original_pipeline(pipeline, *args, **options)

        monkeypatch.setattr(redis.asyncio.client.Pipeline, "execute", counted_pipeline)


def test_every_member_gets_the_message_once_as_from_the_layer_itself(
    redis_url: str, send: Send
) -> None:
    with_layers(redis_url, lambda one, two: every_member_gets_the_message_once(one, two, send))


async def every_member_gets_the_message_once(one: Any, two: Any, send: Send) -> None:
    # Two channels of one process share a Redis key; a third on another process has its own.
    first, second, third = await one.new_channel(), await one.new_channel(), await two.new_channel()
    for layer, channel in ((one, first), (one, second), (two, third)):
        await layer.group_add("g", channel)
    await send(one, "g", {"type": "dlwidget.event", "n": 1})
    await one.group_send("g", {"type": "dlwidget.event", "n": 2})
    for layer, channel in ((one, first), (one, second), (two, third)):
        assert await received(layer, channel) == [
            {"type": "dlwidget.event", "n": 1},
            {"type": "dlwidget.event", "n": 2},
        ]


def test_known_members_take_one_round_trip(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    async def scenario(one: Any, two: Any) -> None:
        channel = await two.new_channel()
        await two.group_add("g", channel)
        commands = Commands(monkeypatch)
        await group_send(one, "g", {"type": "x", "n": 1})  # members unknown: asks, then sends
        assert commands.names == ["EVAL", "EVAL"]
        commands.names.clear()
        await group_send(one, "g", {"type": "x", "n": 2})
        assert commands.names == ["EVAL"]
        commands.names.clear()
        await one.group_send("g", {"type": "x", "n": 3})
        assert len(commands.names) == 4  # the layer's own: four round trips
        assert [m["n"] for m in await received(two, channel)] == [1, 2, 3]

    with_layers(redis_url, scenario)


def test_a_change_of_members_is_seen_at_the_next_send(redis_url: str, send: Send) -> None:
    with_layers(redis_url, lambda one, two: a_change_of_members_is_seen(one, two, send))


async def a_change_of_members_is_seen(one: Any, two: Any, send: Send) -> None:
    stays, leaves, joins = await two.new_channel(), await two.new_channel(), await one.new_channel()
    await two.group_add("g", stays)
    await two.group_add("g", leaves)
    await send(one, "g", {"type": "x", "n": 1})
    await two.group_discard("g", leaves)
    await one.group_add("g", joins)
    await send(one, "g", {"type": "x", "n": 2})
    assert [m["n"] for m in await received(two, stays)] == [1, 2]
    assert [m["n"] for m in await received(two, leaves)] == [1]
    assert [m["n"] for m in await received(one, joins)] == [2]
    await two.group_discard("g", stays)
    await one.group_discard("g", joins)
    await send(one, "g", {"type": "x", "n": 3})  # nobody is left
    assert await received(two, stays) == []


async def _expired_members_are_dropped_as_the_layer_drops_them(redis_url: str, send: Send) -> None:
    layer = make_layer(redis_url, group_expiry=60)
    try:
        fresh, stale = await layer.new_channel(), await layer.new_channel()
        await layer.group_add("g", fresh)
        await layer.group_add("g", stale)
        connection = layer.connection(0)
        await connection.zadd(layer._group_key("g"), {stale: time.time() - 120})
        await send(layer, "g", {"type": "x"})
        assert await connection.zrange(layer._group_key("g"), 0, -1) == [fresh.encode()]
        assert await received(layer, fresh) == [{"type": "x"}]
        assert await received(layer, stale) == []
    finally:
        await layer.flush()
        await layer.close_pools()


async def _a_full_channel_refuses_more_as_the_layer_does(
    redis_url: str, caplog: pytest.LogCaptureFixture, send: Send
) -> None:
    sender, receiver = make_layer(redis_url), make_layer(redis_url, capacity=2)
    try:
        channel = "plain.full"
        await receiver.group_add("g", channel)
        sender.capacity = 2
        with caplog.at_level("INFO", logger=group_send_module.__name__):
            for n in range(4):
                await send(sender, "g", {"type": "x", "n": n})
        assert [m["n"] for m in await received(receiver, channel)] == [0, 1]
        assert "over capacity" in caplog.text
    finally:
        await sender.flush()
        for layer in (sender, receiver):
            await layer.close_pools()


def test_members_that_keep_changing_fall_back_to_the_layer(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original = channels_redis.RedisChannelLayer.group_send

    async def own(layer: Any, group: str, message: dict[str, Any]) -> None:
        calls.append(group)
        await original(layer, group, message)

    monkeypatch.setattr(channels_redis.RedisChannelLayer, "group_send", own)
    monkeypatch.setattr(group_send_module, "ATTEMPTS", 1)  # the first try has no members

    async def scenario(one: Any, two: Any) -> None:
        channel = await two.new_channel()
        await two.group_add("g", channel)
        await group_send(one, "g", {"type": "x"})
        assert calls == ["g"]
        assert await received(two, channel) == [{"type": "x"}]

    with_layers(redis_url, scenario)


async def _other_layers_send_their_own_way(redis_url: str) -> None:
    memory = InMemoryChannelLayer()
    channel = await memory.new_channel()
    await memory.group_add("g", channel)
    await group_send(memory, "g", {"type": "x"})
    assert await memory.receive(channel) == {"type": "x"}
    # Two hosts: a group and its members may be on different servers.
    hosts = [redis_url, redis_url.rsplit("/", 1)[0] + "/1"]
    sharded = channels_redis.RedisChannelLayer(hosts=hosts)
    assert not group_send_module._one_script_layer(sharded)
    sent: list[tuple[str, dict[str, Any]]] = []

    async def own(group: str, message: dict[str, Any]) -> None:
        sent.append((group, message))

    sharded.group_send = own
    await group_send(sharded, "g", {"type": "y"})
    assert sent == [("g", {"type": "y"})]


def test_expired_members_are_dropped_as_the_layer_drops_them(redis_url: str, send: Send) -> None:
    asyncio.run(_expired_members_are_dropped_as_the_layer_drops_them(redis_url, send))


def test_a_full_channel_refuses_more_as_the_layer_does(
    redis_url: str, caplog: pytest.LogCaptureFixture, send: Send
) -> None:
    asyncio.run(_a_full_channel_refuses_more_as_the_layer_does(redis_url, caplog, send))


def test_other_layers_send_their_own_way(redis_url: str) -> None:
    asyncio.run(_other_layers_send_their_own_way(redis_url))


def test_from_a_thread_known_members_take_one_round_trip(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import redis

    names: list[str] = []
    original: Any = redis.Redis.execute_command

    def counted(client: Any, *args: Any, **options: Any) -> Any:
        names.append(str(args[0]).upper())
        return original(client, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counted)

    async def scenario(one: Any, two: Any) -> None:
        channel = await two.new_channel()
        await two.group_add("g", channel)
        await send_from_thread(one, "g", {"type": "x", "n": 1})  # loads the script, asks, sends
        names.clear()
        await send_from_thread(one, "g", {"type": "x", "n": 2})
        assert names == ["EVALSHA"]
        assert [m["n"] for m in await received(two, channel)] == [1, 2]

    with_layers(redis_url, scenario)


def test_from_a_thread_members_that_keep_changing_are_left_to_the_loop(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(group_send_module, "ATTEMPTS", 1)  # the first try has no members

    async def scenario(one: Any, two: Any) -> None:
        channel = await two.new_channel()
        await two.group_add("g", channel)
        assert not await asyncio.to_thread(group_send_now, one, "g", {"type": "x"})
        assert await received(two, channel) == []  # nothing was sent: the caller sends it

    with_layers(redis_url, scenario)


def test_from_a_thread_other_layers_and_hosts_are_left_to_the_loop(redis_url: str) -> None:
    assert not group_send_now(InMemoryChannelLayer(), "g", {"type": "x"})
    sharded = channels_redis.RedisChannelLayer(hosts=[redis_url, redis_url])
    assert not group_send_now(sharded, "g", {"type": "x"})
    sentinel = channels_redis.RedisChannelLayer(
        hosts=[{"master_name": "mymaster", "sentinels": [("127.0.0.1", 1)]}]
    )
    assert not group_send_now(sentinel, "g", {"type": "x"})


def test_from_a_thread_a_host_that_is_down_raises() -> None:
    import redis

    layer = make_layer(f"redis://{LOOPBACK}:{free_port()}/0")
    with pytest.raises(redis.ConnectionError):
        group_send_now(layer, "g", {"type": "x"})


def test_a_job_thread_sends_without_an_event_loop(
    redis_url: str, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from channels.layers import get_channel_layer

    from django_dlwidget.live import publish

    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [redis_url]},
        }
    }

    def no_loop() -> None:
        raise AssertionError("handed to an event loop")

    monkeypatch.setattr(publish, "publisher_loop", no_loop)
    monkeypatch.setattr(publish, "server_loop", no_loop)
    layer = get_channel_layer()

    async def join() -> str:
        channel: str = await layer.new_channel()
        await layer.group_add("g", channel)
        return channel

    async def read(channel: str) -> list[dict[str, Any]]:
        try:
            return await received(layer, channel)
        finally:
            await layer.close_pools()

    channel = asyncio.run(join())
    publish.send_to_group("g", {"type": "x", "n": 1})  # this thread runs no event loop
    publish.send_to_group("g", {"type": "x", "n": 2})
    assert [m["n"] for m in asyncio.run(read(channel))] == [1, 2]
