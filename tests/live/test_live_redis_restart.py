"""A Redis restart mid-job, for real: the demo in ws mode on a redis-server of its own, a worker
process running the export, a WebSocket client following the download centre's socket.

A restart without persistence takes every channel-layer group membership with it (they live in
Redis) while redis-py reconnects without a word, so the server process keeps its sockets open but
is in no group any more; whatever the worker publishes after the restart reaches nobody until the
hub notices. The client must still end on the right state ("ready", the file's size, exactly the
server's list), through a reconnect or a fresh snapshot on its open socket, and the server must log
no traceback.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.harness.demo_server import PASSWORD, USERNAME, DemoServer
from tests.harness.redis import RedisServer
from tests.harness.sessions import login_cookie

pytest.importorskip("websockets")  # with uvicorn[standard]; not in the compat pass

from .live import Follower, follow, wait_for

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DemoServer, RedisServer]]:
    workdir = tmp_path_factory.mktemp("live-redis-restart")
    redis_server = RedisServer(workdir / "redis")
    redis_server.start()
    server = DemoServer(
        workdir / "demo", extra_env={"DEMO_REDIS_URL": redis_server.url, "DEMO_MODE": "ws"}
    )
    server.workdir.mkdir()
    try:
        server.start()
        yield server, redis_server
    finally:
        server.stop()
        redis_server.stop()


def listed(server: DemoServer, cookie: str) -> dict[str, dict[str, Any]]:
    """The server's list over HTTP, by key."""
    request = urllib.request.Request(
        f"{server.url}/dlwidget/downloads/", headers={"Cookie": cookie}
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=10) as response:
        return {d["key"]: d for d in json.load(response)["downloads"]}


def server_log(server: DemoServer) -> str:
    return Path(server.workdir / "server.log").read_text(errors="replace")


@pytest.mark.parametrize(
    ("steps", "delay"),
    [
        # The job ends within a second of the restart: its last events (100%, then ready) are
        # published while the server process is in no group, so only a re-sync brings them.
        pytest.param(8, 0.1, id="ends-right-after-the-restart"),
        # The job runs on for seconds after the restart: events flow again once re-joined.
        pytest.param(60, 0.1, id="runs-on-after-the-restart"),
    ],
)
def test_after_a_redis_restart_the_client_ends_on_the_servers_state(
    site: tuple[DemoServer, RedisServer], steps: int, delay: float
) -> None:
    server, redis_server = site
    cookie = login_cookie(server.url, USERNAME, PASSWORD)
    follower = Follower()
    log_before = len(server_log(server))
    restarted: list[int] = []  # how many events the client had when Redis came back

    async def scenario() -> str:
        job: list[str] = []
        socket = asyncio.create_task(
            follow(
                server, cookie, follower, lambda f: bool(job) and f.status(job[0]) == "ready", 60
            )
        )
        await wait_for(lambda: follower.version is not None, 10)
        worker = server.start_job_worker("--steps", str(steps), "--delay", str(delay))
        assert worker.stdout is not None
        job.append((await asyncio.to_thread(worker.stdout.readline)).strip())
        await wait_for(lambda: follower.status(job[0]) == "running", 20)
        await asyncio.to_thread(redis_server.restart)  # the same port, nothing persisted
        restarted.append(len(follower.events))
        output, _ = await asyncio.to_thread(worker.communicate, timeout=60)
        assert worker.returncode == 0, output
        await socket
        return job[0]

    started = time.monotonic()
    key = asyncio.run(scenario())
    final = listed(server, cookie)
    assert final[key]["status"] == "ready"
    assert final[key]["size"] > 0
    assert follower.downloads[key]["status"] == "ready"
    assert follower.downloads[key]["size"] == final[key]["size"]
    assert follower.downloads == final  # the client's list is exactly the server's
    # It recovered through a snapshot after the restart (a reconnect's, or a re-sync's).
    after = follower.events[restarted[0] :]
    assert any(event["type"] == "snapshot" for event in after), after
    log = server_log(server)[log_before:]
    assert "Traceback" not in log, log
    assert time.monotonic() - started < 60
