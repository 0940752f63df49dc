"""A process without a server loop (a worker) publishes on one private loop for its whole life."""

from __future__ import annotations

import asyncio
import threading

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from django_dlwidget.live.loops import forget_loop, publisher_loop
from django_dlwidget.live.publish import send_to_group


def test_the_publisher_loop_is_started_once_and_kept() -> None:
    first = publisher_loop()
    assert first.is_running()
    assert publisher_loop() is first
    names = {thread.name for thread in threading.enumerate()}
    assert "dlwidget-publisher" in names


def test_a_worker_thread_without_a_server_loop_sends_through_it() -> None:
    forget_loop()
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)("dlwidget.user.7", channel)
    used: list[asyncio.AbstractEventLoop] = []
    original = layer.group_send

    async def spy(group: str, message: dict[str, object]) -> None:
        used.append(asyncio.get_running_loop())
        await original(group, message)

    layer.group_send = spy
    try:
        worker = threading.Thread(
            target=lambda: send_to_group("dlwidget.user.7", {"type": "dlwidget.event", "n": 1})
        )
        worker.start()
        worker.join(10)
    finally:
        del layer.group_send
    assert used == [publisher_loop()]
    message = async_to_sync(layer.receive)(channel)
    assert message == {"type": "dlwidget.event", "n": 1}
