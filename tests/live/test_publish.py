from __future__ import annotations

import asyncio
import threading
import uuid
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection

from django_dlwidget import cancel_download, init_download, save_download, update_percentage
from django_dlwidget.live import publish as publish_module
from django_dlwidget.live.groups import user_group
from django_dlwidget.live.loops import forget_loop, remember_loop
from django_dlwidget.live.versions import bump_version, cache_key, get_version
from django_dlwidget.models import Download

pytestmark = pytest.mark.django_db(transaction=True)


def receive_all(group: str, action: Any) -> list[dict[str, Any]]:
    """Join ``group`` on the in-memory layer, run ``action``, return the events it sent."""
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(group, channel)
    action()
    events: list[dict[str, Any]] = []

    async def drain() -> None:
        while True:
            try:
                message = await asyncio.wait_for(layer.receive(channel), 0.05)
            except TimeoutError:
                return
            events.append(message)

    async_to_sync(drain)()
    async_to_sync(layer.group_discard)(group, channel)
    return events


def test_group_names() -> None:
    assert user_group(42) == "dlwidget.user.42"
    key = uuid.UUID(int=5)
    assert user_group(key) == f"dlwidget.user.{key.hex}"
    hashed = user_group("alice@example.com")
    assert "alice" not in hashed
    assert len(hashed) < 100
    assert all(c.isalnum() or c in "-_." for c in hashed)


def test_every_change_publishes_one_event(owner: User) -> None:
    keys: list[uuid.UUID] = []

    def job() -> None:
        download = init_download(owner, "a.csv")
        keys.append(download.key)
        update_percentage(download.key, 10, 5)
        save_download(download.key, [[1]])
        Download.objects.filter(key=download.key).delete()

    events = receive_all(user_group(owner.pk), job)
    assert [m["type"] for m in events] == ["dlwidget.event"] * 4
    inner = [m["event"] for m in events]
    assert [e["type"] for e in inner] == ["download", "download", "download", "removed"]
    assert [e["download"]["status"] for e in inner[:3]] == ["pending", "running", "ready"]
    assert inner[3] == {"type": "removed", "version": inner[3]["version"], "key": str(keys[0])}
    versions = [e["version"] for e in inner]
    assert versions == sorted(versions)
    assert len(set(versions)) == 4
    assert get_version(owner.pk) == versions[-1]


def test_publish_waits_for_commit(owner: User) -> None:
    from django.db import transaction

    before = get_version(owner.pk)
    with transaction.atomic():
        init_download(owner, "a.csv")
        assert get_version(owner.pk) == before
    assert get_version(owner.pk) == before + 1


def test_layer_failure_is_logged_not_raised(
    owner: User, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(group: str, message: Any) -> None:
        raise ConnectionError("redis is down")

    monkeypatch.setattr(publish_module, "send_to_group", broken)
    download = init_download(owner, "a.csv")
    cancel_download(download.key)
    assert "redis is down" in caplog.text
    assert Download.objects.get(key=download.key).status == "cancelled"


def test_cache_failure_is_logged_not_raised(
    owner: User, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(owner_id: Any) -> int:
        raise ConnectionError("cache is down")

    monkeypatch.setattr(publish_module, "bump_version", broken)
    download = init_download(owner, "a.csv")
    save_download(download.key, [[1]])
    assert "cache is down" in caplog.text


def test_no_channel_layer_still_bumps(owner: User, settings: Any) -> None:
    settings.CHANNEL_LAYERS = {}
    before = get_version(owner.pk)
    init_download(owner, "a.csv")
    assert get_version(owner.pk) == before + 1


def test_version_reseeds_forward_after_flush(owner: User) -> None:
    init_download(owner, "a.csv")
    old = get_version(owner.pk)
    cache.delete(cache_key(owner.pk))
    assert get_version(owner.pk) >= old
    cache.delete(cache_key(owner.pk))
    init_download(owner, "b.csv")  # bump on a miss re-seeds, then increments
    assert get_version(owner.pk) > old


def test_reseed_lies_beyond_a_burst_of_changes(owner: User) -> None:
    """Many changes inside one millisecond (clearing a whole list) must not outrun the re-seed."""
    init_download(owner, "a.csv")
    for _ in range(200):
        last = bump_version(owner.pk)
    cache.delete(cache_key(owner.pk))
    assert get_version(owner.pk) > last


def test_worker_thread_publishes_on_the_server_loop(owner: User) -> None:
    """With the in-memory layer, a job on a worker thread must send on the server's loop."""
    layer = get_channel_layer()
    loop = asyncio.new_event_loop()
    received: list[Any] = []
    ready = threading.Event()

    async def consumer() -> None:
        remember_loop()
        channel = await layer.new_channel()
        await layer.group_add(user_group(owner.pk), channel)
        ready.set()
        received.append(await asyncio.wait_for(layer.receive(channel), 5))

    server = threading.Thread(target=lambda: loop.run_until_complete(consumer()))
    server.start()
    try:
        assert ready.wait(5)

        def job() -> None:
            try:
                init_download(owner, "a.csv")
            finally:
                connection.close()  # a thread's own connection would outlive the test database

        worker = threading.Thread(target=job)
        worker.start()
        worker.join(10)
        server.join(10)
    finally:
        forget_loop()
        if not loop.is_running():
            loop.close()
    assert received
    assert received[0]["event"]["type"] == "download"


def test_asgi_request_records_the_server_loop(owner: User) -> None:
    from django.test import AsyncClient

    from django_dlwidget.live import loops

    seen: list[Any] = []

    async def request() -> None:
        client = AsyncClient()
        await client.get("/dlwidget/downloads/")
        seen.append((loops.server_loop(), asyncio.get_running_loop()))

    async_to_sync(request)()
    assert seen[0][0] is seen[0][1]


def test_a_progress_step_in_autocommit_is_one_statement(owner: User) -> None:
    from django.test.utils import CaptureQueriesContext

    from django_dlwidget import set_percentage

    download = init_download(owner, "a.csv")
    set_percentage(download.key, 10)  # the first step looks the owner up
    with CaptureQueriesContext(connection) as queries:
        events = receive_all(user_group(owner.pk), lambda: set_percentage(download.key, 20))
    statements = [q["sql"] for q in queries.captured_queries]
    if connection.vendor in {"postgresql", "sqlite"}:
        assert len(statements) == 1, statements
        assert statements[0].startswith("UPDATE")
        assert "RETURNING" in statements[0]
    [event] = [m["event"] for m in events]
    assert event["download"]["progress"] == 20
    assert event["download"]["status"] == "running"


def test_a_progress_step_in_a_transaction_publishes_the_committed_row(owner: User) -> None:
    from django.db import transaction

    from django_dlwidget import set_percentage

    download = init_download(owner, "a.csv")
    set_percentage(download.key, 10)

    def step() -> None:
        with transaction.atomic():
            set_percentage(download.key, 30)
            Download.objects.filter(key=download.key).update(name="renamed.csv")

    [event] = [m["event"] for m in receive_all(user_group(owner.pk), step)]
    assert event["download"]["progress"] == 30
    assert event["download"]["name"] == "renamed.csv"
