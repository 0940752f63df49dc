"""The consumer in-process through ``WebsocketCommunicator`` and the documented socket stack."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.contrib.auth.models import User

from django_dlwidget import init_download, save_download, set_percentage
from django_dlwidget.elements.contract import LIVE_UNAVAILABLE_CLOSE_CODE as LIVE_UNAVAILABLE
from django_dlwidget.elements.contract import NOT_LOGGED_IN_CLOSE_CODE as NOT_LOGGED_IN
from django_dlwidget.live import consumers, hub
from django_dlwidget.live.versions import get_version

from .communicator import WebsocketCommunicator
from .conftest import HOST, ORIGIN, session_cookie, socket_application

pytestmark = pytest.mark.django_db(transaction=True)
PATH = "/ws/dlwidget/"


def run(test: Callable[[], Awaitable[None]]) -> None:
    async_to_sync(test)()


def communicator(
    cookie: bytes | None, origin: bytes | None = ORIGIN, app: Any = None
) -> WebsocketCommunicator:
    headers = [(b"host", HOST)] if origin is None else [(b"host", HOST), (b"origin", origin)]
    if cookie is not None:
        headers.append((b"cookie", cookie))
    return WebsocketCommunicator(app or socket_application(), PATH, headers=headers)


async def open_socket(cookie: bytes, app: Any = None) -> tuple[WebsocketCommunicator, Any]:
    """Connect and return the socket with its first message (the snapshot)."""
    socket = communicator(cookie, app=app)
    connected, _subprotocol = await socket.connect()
    assert connected
    return socket, await socket.receive_json_from()


def run_job(user: User, steps: Iterable[int] = (10, 20, 30)) -> uuid.UUID:
    download = init_download(user, "report.csv")
    for percentage in steps:
        set_percentage(download.key, percentage)
    save_download(download.key, [["1", "2"]], header=["a", "b"])
    return download.key


async def receive_until_ready(socket: WebsocketCommunicator) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    while not events or events[-1].get("download", {}).get("status") != "ready":
        events.append(await socket.receive_json_from(timeout=5))
    return events


def test_snapshot_on_connect_is_the_list_endpoint_body(owner: User) -> None:
    init_download(owner, "a.csv")
    init_download(owner, "b.csv")
    client, cookie = session_cookie(owner)
    listed = client.get("/dlwidget/downloads/").json()

    async def test() -> None:
        socket, first = await open_socket(cookie)
        assert first == {"type": "snapshot", **listed}
        assert [d["name"] for d in first["downloads"]] == ["b.csv", "a.csv"]
        await socket.disconnect()

    run(test)


def test_events_arrive_in_order_and_end_ready(owner: User) -> None:
    _client, cookie = session_cookie(owner)

    async def test() -> None:
        socket, first = await open_socket(cookie)
        assert first == {"type": "snapshot", "version": get_version(owner.pk), "downloads": []}
        key = await database_sync_to_async(run_job)(owner)
        events = await receive_until_ready(socket)
        versions = [event["version"] for event in events]
        assert versions == list(range(first["version"] + 1, first["version"] + 1 + len(events)))
        assert {event["type"] for event in events} == {"download"}
        assert {event["download"]["key"] for event in events} == {str(key)}
        progress = [event["download"]["progress"] for event in events]
        assert progress[:4] == [0, 10, 20, 30]
        assert events[-1]["download"]["url"]
        await socket.receive_nothing(0.2)
        await socket.disconnect()

    run(test)


def test_a_user_never_receives_another_users_events(owner: User, other: User) -> None:
    _a, owner_cookie = session_cookie(owner)
    _b, other_cookie = session_cookie(other)
    init_download(owner, "owner-only.csv")

    async def test() -> None:
        owner_socket, _snapshot = await open_socket(owner_cookie)
        other_socket, other_snapshot = await open_socket(other_cookie)
        assert other_snapshot["downloads"] == []
        await database_sync_to_async(run_job)(owner)
        await receive_until_ready(owner_socket)
        assert await other_socket.receive_nothing(0.3)
        await owner_socket.disconnect()
        await other_socket.disconnect()

    run(test)


def test_a_removed_download_is_pushed(owner: User) -> None:
    _client, cookie = session_cookie(owner)
    download = init_download(owner, "a.csv")
    key = str(download.key)

    async def test() -> None:
        socket, first = await open_socket(cookie)
        assert [d["key"] for d in first["downloads"]] == [key]
        await database_sync_to_async(download.delete)()
        event = await socket.receive_json_from(timeout=5)
        assert event["type"] == "removed"
        assert event["key"] == key
        assert event["version"] > first["version"]
        await socket.disconnect()

    run(test)


def test_anonymous_is_accepted_then_closed_with_4401(db: None) -> None:
    async def test() -> None:
        socket = communicator(None)
        connected, _subprotocol = await socket.connect()
        assert connected  # accepted first, so a browser sees the code, not 1006
        assert await socket.receive_output() == {"type": "websocket.close", "code": NOT_LOGGED_IN}

    run(test)


@pytest.mark.parametrize("origin", [b"http://evil.example", None])
def test_a_foreign_or_missing_origin_is_refused(owner: User, origin: bytes | None) -> None:
    _client, cookie = session_cookie(owner)

    async def test() -> None:
        socket = communicator(cookie, origin=origin)
        connected, _code = await socket.connect()
        assert connected  # then closed at once: nothing of the user's is sent
        assert await socket.receive_output() == {"type": "websocket.close", "code": 4403}

    run(test)


def test_logout_closes_that_sessions_sockets_only(owner: User) -> None:
    first_client, first_cookie = session_cookie(owner)
    _second_client, second_cookie = session_cookie(owner)

    async def test() -> None:
        first, _snapshot = await open_socket(first_cookie)
        second, _snapshot = await open_socket(second_cookie)
        await database_sync_to_async(first_client.logout)()
        assert await first.receive_output(timeout=5) == {
            "type": "websocket.close",
            "code": NOT_LOGGED_IN,
        }
        # The other browser stays logged in and keeps its socket.
        await database_sync_to_async(run_job)(owner)
        events = await receive_until_ready(second)
        assert events[-1]["download"]["status"] == "ready"
        await second.disconnect()

    run(test)


def test_client_messages_are_ignored_and_the_socket_stays_open(owner: User) -> None:
    _client, cookie = session_cookie(owner)

    async def test() -> None:
        socket, _snapshot = await open_socket(cookie)
        await socket.send_to(text_data="not json")
        await socket.send_json_to({"type": "cancel", "key": str(uuid.uuid4())})
        await socket.send_to(bytes_data=b"\x00\x01")
        assert await socket.receive_nothing(0.2)
        await database_sync_to_async(run_job)(owner)
        assert (await receive_until_ready(socket))[-1]["download"]["status"] == "ready"
        await socket.disconnect()

    run(test)


@pytest.mark.parametrize(("interval", "delivered"), [(0.4, True), (60.0, False)])
def test_the_hub_rejoins_its_groups_before_they_expire(
    owner: User, settings: Any, monkeypatch: pytest.MonkeyPatch, interval: float, delivered: bool
) -> None:
    # The layer forgets group members after a second (as channels_redis does after a day).
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer",
            "CONFIG": {"group_expiry": 1},
        }
    }
    monkeypatch.setattr(hub.Hub, "rejoin_interval", interval)
    # No probe within the test (a lost probe re-joins too, which the second case must not see).
    monkeypatch.setattr(hub, "PROBE_EVERY", 60.0)
    _client, cookie = session_cookie(owner)

    async def test() -> None:
        socket, _snapshot = await open_socket(cookie)
        await asyncio.sleep(3.2)
        await database_sync_to_async(init_download)(owner, "late.csv")
        if delivered:
            event = await socket.receive_json_from(timeout=5)
            assert event["download"]["name"] == "late.csv"
        else:
            assert await socket.receive_nothing(0.5)
        await socket.disconnect()

    run(test)


def test_the_rejoin_interval_is_half_the_layers_group_expiry() -> None:
    assert hub.Hub(type("Layer", (), {"group_expiry": 600})()).rejoin_every() == 300
    assert hub.Hub(object()).rejoin_every() == 43200


def test_without_a_channel_layer_the_socket_is_closed_with_4503_and_one_warning(
    owner: User, settings: Any, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No traceback (the consumer used to call ``None.group_add``): a close code the client
    answers by polling, and one warning per process, however many pages connect."""
    settings.CHANNEL_LAYERS = {}
    monkeypatch.setattr(consumers, "_warned_no_layer", False)
    _client, cookie = session_cookie(owner)

    async def test() -> None:
        for _page in range(2):
            socket = communicator(cookie)
            connected, _subprotocol = await socket.connect()
            assert connected
            assert await socket.receive_output() == {
                "type": "websocket.close",
                "code": LIVE_UNAVAILABLE,
            }

    with caplog.at_level("WARNING"):
        run(test)
    (record,) = [r for r in caplog.records if r.name.startswith("django_dlwidget")]
    assert record.levelname == "WARNING"
    assert record.exc_info is None
    assert "no channel layer" in record.getMessage()
    assert "E004" in record.getMessage()
    assert "Traceback" not in caplog.text
