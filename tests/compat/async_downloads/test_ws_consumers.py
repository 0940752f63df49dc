"""``compat.async_downloads.ws_consumers``: the native consumer behind the old route, which
ignores the username in the URL, and the two publish calls."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.routing import URLRouter
from django.contrib.auth.models import User
from django.urls import re_path

from django_dlwidget.compat.async_downloads import cache, ws_consumers
from django_dlwidget.live.consumers import DownloadsConsumer
from django_dlwidget.live.versions import get_version
from tests.live.communicator import WebsocketCommunicator


def test_the_consumer_is_the_native_one() -> None:
    assert ws_consumers.DownloadsConsumer is DownloadsConsumer


@pytest.mark.django_db
def test_ws_update_download_publishes_the_download_to_its_owner(
    owner: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _collection, key = cache.init_download(owner, "r.csv")
    before = get_version(owner.pk)
    with django_capture_on_commit_callbacks(execute=True):  # publishing waits for the commit
        ws_consumers.ws_update_download(key)
        ws_consumers.ws_init_download(key)
    assert get_version(owner.pk) == before + 2


@pytest.mark.django_db
def test_publishing_a_download_that_is_gone_does_nothing() -> None:
    ws_consumers.ws_update_download("5f0c1a9e-0000-4000-8000-000000000000")


OLD_ROUTE = URLRouter(
    [re_path(r"ws/downloads/(?P<username>[\w.]+)/$", ws_consumers.DownloadsConsumer.as_asgi())]
)


@pytest.mark.django_db(transaction=True)
def test_deliberately_the_username_in_the_old_route_is_ignored(owner: User, other: User) -> None:
    """The predecessor's route named the user; the socket serves whoever is logged in."""
    _collection, theirs = cache.init_download(other, "theirs.csv")
    _collection, mine = cache.init_download(owner, "mine.csv")

    async def snapshot() -> Any:
        page = [(b"host", b"testserver"), (b"origin", b"http://testserver")]  # a page of the site
        socket = WebsocketCommunicator(OLD_ROUTE, "/ws/downloads/other/", headers=page)
        socket.scope["user"] = owner
        connected, _subprotocol = await socket.connect()
        assert connected
        message = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        return message

    message = async_to_sync(snapshot)()
    assert message["type"] == "snapshot"
    assert [item["key"] for item in message["downloads"]] == [mine]
    assert theirs not in str(message)
