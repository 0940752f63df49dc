"""The socket and export limits against the real demo (findings 11 and 13): uvicorn, the demo's
``asgi.py``, a logged-in session's cookie, and WebSocket clients from the ``websockets`` package.

The red-team pass opened sockets from ``http://127.0.0.1:9999``, ``https://127.0.0.1`` and
``http://[::1]:4444`` with the user's cookie (accepted: channels' validator compared the host
only), 1,000 sockets from one session, and as many exports as it liked.
"""

from __future__ import annotations

import asyncio
import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.harness.demo_server import PASSWORD, USERNAME, DemoServer
from tests.harness.sessions import login_session

pytest.importorskip("websockets")  # with uvicorn[standard]; not in the compat pass

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests.harness.processes import running

from .live import socket_url

pytestmark = pytest.mark.live
MAX_SOCKETS = 3
MAX_EXPORTS = 2
FOREIGN = ["http://127.0.0.1:9999", "https://127.0.0.1", "http://[::1]:4444"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    env = {
        "DEMO_MODE": "ws",
        "DEMO_WS_MAX_SOCKETS": str(MAX_SOCKETS),
        "DEMO_MAX_ACTIVE_DOWNLOADS": str(MAX_EXPORTS),
        "DEMO_SLOW_SECONDS": "60",  # the slow exports stay running while the test counts them
    }
    server = DemoServer(tmp_path_factory.mktemp("limits-demo"), extra_env=env)
    with running(server):
        yield server


def cookie_of(demo: DemoServer, username: str) -> tuple[dict[str, str], str]:
    if username != USERNAME:
        demo.create_user(username)
    cookies = login_session(demo.url, username, PASSWORD)
    return cookies, f"sessionid={cookies['sessionid']}"


async def open_socket(demo: DemoServer, cookie: str, origin: str) -> ClientConnection:
    return await connect(
        socket_url(demo),
        origin=origin,  # type: ignore[arg-type]
        additional_headers={"Cookie": cookie},
        proxy=None,
        open_timeout=5,
    )


async def first_answer(socket: ClientConnection) -> dict[str, Any] | int:
    """The socket's first message (decoded), or the code it was closed with instead."""
    try:
        return dict(json.loads(await asyncio.wait_for(socket.recv(), 5)))
    except ConnectionClosed as closed:
        return -1 if closed.rcvd is None else closed.rcvd.code


def test_sockets_from_foreign_origins_are_closed_with_4403(demo: DemoServer) -> None:
    _cookies, cookie = cookie_of(demo, USERNAME)

    async def scenario() -> list[dict[str, Any] | int]:
        answers = []
        for origin in [*FOREIGN, demo.url]:
            socket = await open_socket(demo, cookie, origin)
            answers.append(await first_answer(socket))
            await socket.close()
        return answers

    *foreign, own = asyncio.run(scenario())
    assert foreign == [4403, 4403, 4403]
    assert isinstance(own, dict)
    assert own["type"] == "snapshot"
    log = (demo.workdir / "server.log").read_text()
    assert "refused a socket from Origin 'http://127.0.0.1:9999'" in log


def test_one_socket_past_the_cap_is_closed_with_4429(demo: DemoServer) -> None:
    _cookies, cookie = cookie_of(demo, "sockets")

    async def scenario() -> tuple[list[Any], Any, Any]:
        sockets = [await open_socket(demo, cookie, demo.url) for _n in range(MAX_SOCKETS + 1)]
        answers = [await first_answer(socket) for socket in sockets]
        await sockets[0].close()
        await asyncio.sleep(0.5)  # the server frees the slot when it sees the close
        again = await open_socket(demo, cookie, demo.url)
        freed = await first_answer(again)
        one_more = await first_answer(await open_socket(demo, cookie, demo.url))
        for socket in [*sockets[1:], again]:
            await socket.close()
        return answers, freed, one_more

    answers, freed, one_more = asyncio.run(scenario())
    assert [a["type"] if isinstance(a, dict) else a for a in answers] == [
        *["snapshot"] * MAX_SOCKETS,
        4429,
    ]
    assert isinstance(freed, dict)
    assert freed["type"] == "snapshot"
    assert one_more == 4429


def post(demo: DemoServer, cookies: dict[str, str], path: str) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        f"{demo.url}{path}",
        method="POST",
        headers={
            "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
            "X-CSRFToken": cookies["csrftoken"],
            "Origin": demo.url,
            "Accept": "application/json",
        },
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_one_export_past_the_cap_answers_429(demo: DemoServer) -> None:
    cookies, _cookie = cookie_of(demo, "exports")
    answers = [post(demo, cookies, "/exports/slow/") for _n in range(MAX_EXPORTS + 1)]
    assert [status for status, _body in answers] == [202, 202, 429]
    assert answers[-1][1] == {
        "error": "too_many_downloads",
        "detail": "You already have 2 exports in progress. Wait for one to finish, or cancel one.",
    }
    # Cancelling one frees its place.
    status, _body = post(demo, cookies, f"/dlwidget/downloads/{answers[0][1]['key']}/cancel/")
    assert status == 202
    assert post(demo, cookies, "/exports/slow/")[0] == 202


PG_PORT = os.environ.get("DLW_TEST_PG_PORT")


@pytest.fixture(
    scope="module",
    params=[
        "sqlite",
        *([pytest.param("postgresql", marks=pytest.mark.postgres)] if PG_PORT else []),
    ],
)
def burst_demo(
    request: pytest.FixtureRequest, demo: DemoServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoServer]:
    if request.param == "sqlite":
        yield demo
        return
    env = {"DEMO_MAX_ACTIVE_DOWNLOADS": str(MAX_EXPORTS), "DEMO_SLOW_SECONDS": "60"}
    server = DemoServer(
        tmp_path_factory.mktemp("limits-pg"), extra_env=env, postgres_port=int(str(PG_PORT))
    )
    with running(server):
        yield server


def test_a_burst_of_concurrent_starts_gets_no_further_and_no_500(burst_demo: DemoServer) -> None:
    demo = burst_demo
    cookies, _cookie = cookie_of(demo, "burst")
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _n: post(demo, cookies, "/exports/slow/")[0], range(8)))
    assert sorted(statuses) == [202] * MAX_EXPORTS + [429] * (8 - MAX_EXPORTS)
