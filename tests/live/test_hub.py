"""The per-process hub: one layer membership per group whatever the number of local sockets, and
its recovery when the layer loses its memberships (as a Redis restart does)."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.contrib.auth.models import User

from django_dlwidget import init_download
from django_dlwidget.downloads.listing import snapshot
from django_dlwidget.live import consumers, hub
from django_dlwidget.live.groups import user_group

from .conftest import session_cookie
from .test_consumer import communicator, open_socket, run

pytestmark = pytest.mark.django_db(transaction=True)


def members(group: str) -> set[str]:
    layer: Any = get_channel_layer()
    return set(layer.groups.get(group, {}))


def test_the_sockets_of_one_process_share_one_membership_of_their_group(owner: User) -> None:
    _client, cookie = session_cookie(owner)
    group = user_group(owner.pk)

    async def test() -> None:
        sockets = [(await open_socket(cookie))[0] for _ in range(3)]
        assert len(members(group)) == 1
        await database_sync_to_async(init_download)(owner, "a.csv")
        for socket in sockets:
            event = await socket.receive_json_from(timeout=5)
            assert event["download"]["name"] == "a.csv"
        await sockets[0].disconnect()
        await sockets[1].disconnect()
        assert len(members(group)) == 1  # one socket is left
        await database_sync_to_async(init_download)(owner, "b.csv")
        assert (await sockets[2].receive_json_from(timeout=5))["download"]["name"] == "b.csv"
        await sockets[2].disconnect()
        assert members(group) == set()  # the last socket took the process out

    run(test)


def test_after_the_layer_lost_its_memberships_the_hub_rejoins_and_sockets_resync(
    owner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hub, "PROBE_EVERY", 0.2)
    monkeypatch.setattr(hub, "PROBE_TIMEOUT", 0.5)
    _client, cookie = session_cookie(owner)
    group = user_group(owner.pk)

    async def test() -> None:
        socket, first = await open_socket(cookie)
        layer: Any = get_channel_layer()
        layer.groups.clear()  # what a Redis restart does to channels_redis's groups
        # Published while the process is in no group: nobody hears of it...
        await database_sync_to_async(init_download)(owner, "lost.csv")
        # ...until the hub's probe fails: it re-joins, and the socket gets the list again.
        resync = await socket.receive_json_from(timeout=5)
        assert resync["type"] == "snapshot"
        assert [d["name"] for d in resync["downloads"]] == ["lost.csv"]
        assert resync["version"] > first["version"]
        assert len(members(group)) == 1
        await database_sync_to_async(init_download)(owner, "later.csv")
        event = await socket.receive_json_from(timeout=5)
        assert event["download"]["name"] == "later.csv"
        await socket.disconnect()

    run(test)


def test_a_users_sockets_resync_from_one_read_of_the_list(
    owner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hub, "PROBE_EVERY", 0.2)
    monkeypatch.setattr(hub, "PROBE_TIMEOUT", 0.5)
    _client, cookie = session_cookie(owner)
    reads: list[Any] = []

    def counted(owner_id: Any) -> dict[str, Any]:
        reads.append(owner_id)
        return snapshot(owner_id)

    async def test() -> None:
        sockets = [(await open_socket(cookie))[0] for _ in range(3)]
        monkeypatch.setattr(consumers, "snapshot", counted)
        layer: Any = get_channel_layer()
        layer.groups.clear()
        for socket in sockets:
            assert (await socket.receive_json_from(timeout=5))["type"] == "snapshot"
        assert reads == [owner.pk]
        for socket in sockets:
            await socket.disconnect()

    run(test)


def test_a_socket_that_cannot_join_is_closed_with_1013_without_a_traceback(
    owner: User, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _client, cookie = session_cookie(owner)

    async def broken(self: Any, group: str, channel: str) -> None:
        raise ConnectionError("redis is down")

    layer: Any = get_channel_layer()
    monkeypatch.setattr(type(layer), "group_add", broken)

    async def test() -> None:
        socket = communicator(cookie)
        connected, _subprotocol = await socket.connect()
        assert connected
        closed = await socket.receive_output(timeout=5)
        assert (closed["type"], closed["code"]) == ("websocket.close", 1013)
        await socket.wait()

    with caplog.at_level("WARNING"):
        run(test)
    assert "redis is down" in caplog.text
    assert "Traceback" not in caplog.text
    assert all(record.exc_info is None for record in caplog.records)
