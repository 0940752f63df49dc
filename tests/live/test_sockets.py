"""At most ``WS_MAX_SOCKETS_PER_USER`` sockets per user (finding 13), in-process.

One session used to open as many sockets as it liked (1,000 accepted). Now one past the cap is
accepted and closed with 4429 before it joins a group or reads the list; a closed socket gives
its slot back, and the slots of a process that died come free when their lease runs out.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from django.contrib.auth.models import User
from django.core.cache import cache
from django.urls import path

from django_dlwidget.elements.contract import TOO_MANY_SOCKETS_CLOSE_CODE
from django_dlwidget.live import sockets
from django_dlwidget.live.consumers import DownloadsConsumer
from django_dlwidget.live.sockets import claim_slot, release_slot, renew_slot, slot_key
from django_dlwidget.routing import SameOriginValidator

from .communicator import WebsocketCommunicator
from .conftest import HOST, ORIGIN, session_cookie, socket_application

pytestmark = pytest.mark.django_db(transaction=True)
PATH = "/ws/dlwidget/"
CAP = 3


@pytest.fixture(autouse=True)
def _cap(settings: Any) -> None:
    settings.DLWIDGET = {"WS_MAX_SOCKETS_PER_USER": CAP}


def communicator(cookie: bytes) -> WebsocketCommunicator:
    headers = [(b"host", HOST), (b"origin", ORIGIN), (b"cookie", cookie)]
    return WebsocketCommunicator(socket_application(), PATH, headers=headers)


async def first_message(socket: WebsocketCommunicator) -> dict[str, Any]:
    connected, _subprotocol = await socket.connect()
    assert connected
    message: dict[str, Any] = await socket.receive_output(timeout=5)
    return message


def is_snapshot(message: dict[str, Any]) -> bool:
    return message["type"] == "websocket.send" and '"snapshot"' in message["text"]


REFUSED = {"type": "websocket.close", "code": TOO_MANY_SOCKETS_CLOSE_CODE}


def test_one_socket_past_the_cap_is_closed_with_4429(owner: User, other: User) -> None:
    _client, cookie = session_cookie(owner)
    _other_client, other_cookie = session_cookie(other)

    async def test() -> None:
        opened = [communicator(cookie) for _socket in range(CAP)]
        for socket in opened:
            assert is_snapshot(await first_message(socket))
        extra = communicator(cookie)
        assert await first_message(extra) == REFUSED
        # Another user has slots of their own.
        theirs = communicator(other_cookie)
        assert is_snapshot(await first_message(theirs))
        # A closed socket gives its slot back.
        await opened[0].disconnect()
        again = communicator(cookie)
        assert is_snapshot(await first_message(again))
        assert await first_message(communicator(cookie)) == REFUSED
        for socket in [*opened[1:], theirs, again]:
            await socket.disconnect()

    async_to_sync(test)()


def test_the_slots_of_a_dead_process_come_free_when_their_lease_ends(owner: User) -> None:
    """A process killed with its sockets open never ran ``disconnect``: its slots expire."""
    _client, cookie = session_cookie(owner)
    for index in range(CAP):
        cache.set(slot_key(owner.pk, index), f"dead-process-{index}", timeout=1)

    async def test() -> None:
        assert await first_message(communicator(cookie)) == REFUSED
        await asyncio.sleep(1.2)
        socket = communicator(cookie)
        assert is_snapshot(await first_message(socket))
        await socket.disconnect()

    async_to_sync(test)()


def test_a_socket_renews_its_lease_while_it_lives(owner: User) -> None:
    async def test() -> None:
        held = await claim_slot(owner.pk, "channel-a", lease=60)
        assert held == 0
        assert await claim_slot(owner.pk, "channel-b", lease=60) == 1
        # A renewal keeps the slot; a lost lease takes a free one again.
        assert await renew_slot(owner.pk, 0, "channel-a", lease=60) == 0
        cache.delete(slot_key(owner.pk, 0))
        cache.set(slot_key(owner.pk, 0), "channel-c", timeout=60)
        assert await renew_slot(owner.pk, 0, "channel-a", lease=60) == 2
        assert await claim_slot(owner.pk, "channel-d", lease=60) is None
        # Only the holder frees a slot.
        await release_slot(owner.pk, 1, "channel-a")
        assert cache.get(slot_key(owner.pk, 1)) == "channel-b"
        await release_slot(owner.pk, 1, "channel-b")
        assert cache.get(slot_key(owner.pk, 1)) is None

    async_to_sync(test)()


def test_a_failing_cache_lets_the_socket_through(
    owner: User, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken:
        async def aget_many(self, keys: Any) -> Any:
            raise ConnectionError("cache down")

    monkeypatch.setattr(sockets, "version_cache", Broken)

    async def test() -> None:
        slot = await claim_slot(owner.pk, "channel-a")
        assert slot == sockets.UNCOUNTED
        assert await renew_slot(owner.pk, slot, "channel-a") == sockets.UNCOUNTED

    async_to_sync(test)()
    assert "could not read the cache" in caplog.text


class QuickLease(DownloadsConsumer):
    slot_lease = 0.6


def test_a_socket_whose_lease_was_taken_and_no_slot_is_free_is_closed(owner: User) -> None:
    """Its event loop stalled past the lease, and other sockets took every slot meanwhile."""
    _client, cookie = session_cookie(owner)
    app = SameOriginValidator(
        AuthMiddlewareStack(URLRouter([path("ws/dlwidget/", QuickLease.as_asgi())]))
    )

    async def test() -> None:
        headers = [(b"host", HOST), (b"origin", ORIGIN), (b"cookie", cookie)]
        socket = WebsocketCommunicator(app, PATH, headers=headers)
        assert is_snapshot(await first_message(socket))
        for index in range(CAP):
            cache.set(slot_key(owner.pk, index), f"someone-else-{index}", timeout=60)
        assert await socket.receive_output(timeout=5) == REFUSED
        # It never frees a slot it no longer holds.
        assert cache.get(slot_key(owner.pk, 0)) == "someone-else-0"

    async_to_sync(test)()
