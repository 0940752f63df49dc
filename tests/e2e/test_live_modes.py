"""The live modes in a real browser: `ws` and `auto` are pushed over the socket without polling;
`auto`, with its socket refused, falls back to polling and still reaches ready."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, WebSocketRoute, expect

from tests.harness.demo_server import DemoServer, login
from tests.harness.processes import running

from .centre import item, open_menu, start_export

_users = itertools.count(1)
LIST = "/dlwidget/downloads/"
SOCKET = "/ws/dlwidget/"


@pytest.fixture(scope="module", params=["ws", "auto"])
def mode_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoServer]:
    server = DemoServer(
        tmp_path_factory.mktemp(f"modes-{request.param}"), extra_env={"DEMO_MODE": request.param}
    )
    with running(server):
        yield server


def new_page(browser: Browser, server: DemoServer) -> tuple[Page, list[str], list[str]]:
    """A logged-in page, the URLs of the list requests it makes, and its errors."""
    page = browser.new_context().new_page()
    polls: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: polls.append(r.url) if r.url.endswith(LIST) else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, server, server.create_user(f"modes{next(_users)}"))
    return page, polls, errors


def test_a_job_reaches_ready_over_the_socket_without_polling(
    browser: Browser, mode_server: DemoServer
) -> None:
    page, polls, errors = new_page(browser, mode_server)
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(f"{mode_server.url}/")
    key = start_export(page, "slow")
    open_menu(page)
    expect(item(page, key)).to_have_attribute("data-status", "ready", timeout=30_000)
    assert sockets
    assert all(url.endswith(SOCKET) for url in sockets)
    assert sockets[0].startswith("ws://")  # built from the page's http:// location
    assert polls == []
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("mode_server", ["auto"], indirect=True)
def test_auto_falls_back_to_polling_when_the_socket_is_refused(
    browser: Browser, mode_server: DemoServer
) -> None:
    page, polls, errors = new_page(browser, mode_server)
    refused: list[str] = []

    def refuse(route: WebSocketRoute) -> None:
        refused.append(route.url)
        route.close(code=1011)  # never reaches the server: as a proxy that drops sockets

    page.route_web_socket(f"**{SOCKET}", refuse)
    page.goto(f"{mode_server.url}/")
    expect(page.locator("dlw-download-centre[data-dlw-connected]")).to_have_count(1)
    # Two failed attempts, then polling.
    page.wait_for_timeout(2500)
    assert len(refused) >= 2
    assert polls, "auto mode did not fall back to polling"
    key = start_export(page, "quick")
    open_menu(page)
    expect(item(page, key)).to_have_attribute("data-status", "ready", timeout=30_000)
    assert errors == []
    page.context.close()
