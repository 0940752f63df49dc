"""`auto` mode on a site without a channel layer, in a real browser against the real server: the
consumer refuses each socket with 4503, the page polls at once and a job still reaches ready, and
the server logs one warning, never a traceback (it used to log a 500 on every page load)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.harness.demo_server import DemoServer, login
from tests.harness.processes import running

from .centre import item, open_menu, start_export

SOCKET = "/ws/dlwidget/"
LIST = "/dlwidget/downloads/"
# The demo's settings without CHANNEL_LAYERS; W004 says so at check time and is silenced here
# (migrate runs the checks) to see what a site that ignored it gets.
SETTINGS = """
from demo.settings import *  # noqa: F403

CHANNEL_LAYERS = {}
SILENCED_SYSTEM_CHECKS = ["django_dlwidget.W004"]
"""


@pytest.fixture(scope="module")
def layerless(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    workdir = tmp_path_factory.mktemp("no-layer")
    (workdir / "layerless_settings.py").write_text(SETTINGS)
    server = DemoServer(
        workdir,
        extra_env={
            "DEMO_MODE": "auto",
            "DJANGO_SETTINGS_MODULE": "layerless_settings",
            "PYTHONPATH": str(workdir),
        },
    )
    with running(server):
        yield server


def server_log(server: DemoServer) -> str:
    return Path(server.workdir / "server.log").read_text()


def test_auto_without_a_layer_polls_and_logs_no_traceback(
    browser: Browser, layerless: DemoServer
) -> None:
    page = browser.new_context().new_page()
    sockets: list[str] = []
    polls: list[str] = []
    errors: list[str] = []
    login(page, layerless, layerless.create_user("layerless"))
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.on("request", lambda r: polls.append(r.url) if r.url.endswith(LIST) else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{layerless.url}/")
    expect(page.locator("dlw-download-centre[data-dlw-connected]")).to_have_count(1)
    key = start_export(page, "quick")
    open_menu(page)
    expect(item(page, key)).to_have_attribute("data-status", "ready", timeout=30_000)
    page.reload()
    expect(page.locator("dlw-download-centre[data-dlw-connected]")).to_have_count(1)
    page.wait_for_timeout(300)
    attempts = len(sockets)
    # A retried socket would come back within a second or two (the backoff starts at 1 s).
    page.wait_for_timeout(3000)
    page.context.close()
    assert attempts >= 2  # the first page's, and the reloaded page's
    assert len(sockets) == attempts, "the refused socket was retried"
    assert all(url.endswith(SOCKET) for url in sockets)
    assert polls, "the page did not fall back to polling"
    assert errors == []
    log = server_log(layerless)
    assert "Traceback" not in log
    assert "group_add" not in log
    assert log.count("no channel layer (CHANNEL_LAYERS is empty)") == 1, log
