"""The demo as `make demo` runs it (one uvicorn process, in-memory channel layer, in-process worker
threads) in ws mode: an export started over HTTP pushes its progress to a socket. The job runs on a
worker thread, so this only works when it publishes on the server's event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from tests.harness.demo_server import PASSWORD, USERNAME, DemoServer
from tests.harness.sessions import login_session, start_export

pytest.importorskip("websockets")  # with uvicorn[standard]; not in the compat pass

from tests.harness.processes import running

from .live import Follower, follow, wait_for

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def ws_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    server = DemoServer(tmp_path_factory.mktemp("ws-demo"), extra_env={"DEMO_MODE": "ws"})
    with running(server):
        yield server


def test_an_export_started_over_http_pushes_its_progress_to_the_socket(ws_demo: DemoServer) -> None:
    cookies = login_session(ws_demo.url, USERNAME, PASSWORD)
    cookie = f"sessionid={cookies['sessionid']}"
    follower = Follower()

    async def scenario() -> str:
        job: list[str] = []
        socket = asyncio.create_task(
            follow(
                ws_demo, cookie, follower, lambda f: bool(job) and f.status(job[0]) == "ready", 60
            )
        )
        await wait_for(lambda: follower.version is not None, 10)
        job.append(await asyncio.to_thread(start_export, ws_demo.url, cookies, "slow"))
        await socket
        return job[0]

    key = asyncio.run(scenario())
    events = [e for e in follower.events if e["type"] == "download"]
    assert {e["download"]["key"] for e in events} == {key}
    progress = [e["download"]["progress"] for e in events if e["download"]["status"] == "running"]
    assert len(progress) >= 3, progress
    assert progress == sorted(progress)
    assert events[-1]["download"]["status"] == "ready"
    assert follower.connections == 1
