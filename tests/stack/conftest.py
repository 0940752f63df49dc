"""One production stack (tests/harness/stack.py) for the whole of tests/stack, and a browser page
on it that records what the download centre's socket carried."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

from tests.harness.stack import Stack

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, WebSocket

USERS = [f"stack{n}" for n in range(1, 6)]  # one per test, made with the stack
_users = iter(USERS)


@pytest.fixture(scope="package")  # one for tests/stack, stopped after its last test
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with Stack(tmp_path_factory.mktemp("stack"), users=USERS) as running:
        yield running


@dataclass
class Watched:
    """A logged-in page, the socket messages it received, and its uncaught errors."""

    page: Page
    username: str
    messages: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def progress_of(self, key: str) -> list[int]:
        """The progress values the socket carried for ``key``, in order."""
        return [
            int(m["download"]["progress"])
            for m in self.messages
            if m.get("type") == "download" and m["download"]["key"] == key
        ]

    def statuses_of(self, key: str) -> list[str]:
        return [
            str(m["download"]["status"])
            for m in self.messages
            if m.get("type") == "download" and m["download"]["key"] == key
        ]

    def cookie_header(self) -> str:
        return "; ".join(f"{c['name']}={c['value']}" for c in self.page.context.cookies())


@pytest.fixture
def watched(browser: Browser, stack: Stack) -> Iterator[Watched]:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    watched = Watched(page, next(_users))

    def on_socket(socket: WebSocket) -> None:
        def received(payload: str | bytes) -> None:
            watched.messages.append(json.loads(payload))

        socket.on("framereceived", received)

    page.on("websocket", on_socket)
    page.on("pageerror", lambda exc: watched.errors.append(str(exc)))
    stack.login(page, watched.username)
    try:
        yield watched
    finally:
        context.close()
