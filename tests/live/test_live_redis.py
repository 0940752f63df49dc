"""Real processes over Redis: two uvicorn servers of the demo and one worker process, sharing a
SQLite file, the channel layer and the version cache on one redis-server."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from tests.harness.demo_server import PASSWORD, USERNAME, DemoServer
from tests.harness.redis import RedisServer
from tests.harness.sessions import login_cookie

pytest.importorskip("websockets")  # with uvicorn[standard]; not in the compat pass

from .live import Follower, follow, wait_for

pytestmark = pytest.mark.live

STEPS = 20


@pytest.fixture(scope="module")
def servers(
    redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[DemoServer, DemoServer]]:
    workdir = tmp_path_factory.mktemp("live-redis")
    env = {
        "DEMO_REDIS_URL": redis_server.url,
        "DEMO_MODE": "ws",
        "DEMO_DB": str(workdir / "db.sqlite3"),
        "DEMO_MEDIA": str(workdir / "media"),
    }
    first = DemoServer(workdir / "one", extra_env=env)
    second = DemoServer(workdir / "two", extra_env=env)
    for server in (first, second):
        server.workdir.mkdir()
    first.start()  # migrates the shared database and creates the demo user
    second.process.start()
    try:
        yield first, second
    finally:
        first.stop()
        second.stop()


def expected_progress() -> list[int]:
    """pending at 0, one event per set_percentage step (the last at 100), then ready."""
    return [0, *(step * 100 // STEPS for step in range(1, STEPS + 1)), 100]


def run_job(server: DemoServer, *args: str) -> str:
    worker = server.start_job_worker(*args)
    output, _ = worker.communicate(timeout=60)
    assert worker.returncode == 0, output
    return output.split()[0]


def test_a_socket_on_each_server_gets_every_event_of_a_job_in_the_worker(
    servers: tuple[DemoServer, DemoServer],
) -> None:
    first, second = servers
    cookie = login_cookie(second.url, USERNAME, PASSWORD)
    followers = [Follower(), Follower()]

    async def scenario() -> str:
        job: list[str] = []

        def ready(follower: Follower) -> bool:
            return bool(job) and follower.status(job[0]) == "ready"

        sockets = [
            asyncio.create_task(follow(server, cookie, follower, ready, 60))
            for server, follower in zip((first, second), followers, strict=True)
        ]
        # Both sockets hold their snapshot before the job starts in the worker process.
        await wait_for(lambda: all(f.version is not None for f in followers), 10)
        job.append(await asyncio.to_thread(run_job, first, "--steps", str(STEPS)))
        await asyncio.gather(*sockets)
        return job[0]

    key = asyncio.run(scenario())
    for follower in followers:
        events = [e for e in follower.events if e["type"] == "download"]
        assert [e["download"]["key"] for e in events] == [key] * len(events)
        assert [e["download"]["progress"] for e in events] == expected_progress()
        assert [e["download"]["status"] for e in events][-1] == "ready"
        versions = [e["version"] for e in events]
        assert versions == list(range(versions[0], versions[0] + len(versions)))
        assert follower.connections == 1
