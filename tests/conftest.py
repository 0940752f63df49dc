"""Shared fixtures: real servers and a real browser, started on loopback and torn down after."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.harness.browser import ARTIFACTS, CHROMIUM_ARGS, chromium_path
from tests.harness.demo_server import DemoServer
from tests.harness.processes import running
from tests.harness.redis import RedisServer

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.test import Client
    from playwright.sync_api import Browser, Page


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.live)
    # Browser tests last: Playwright's sync API keeps an event loop running in the main thread
    # for the rest of the session, where asyncio.run() and async_to_sync() then refuse to work.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """The example site under uvicorn, one per test session."""
    server = DemoServer(tmp_path_factory.mktemp("demo"))
    with running(server):
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        pytest.fail("chromium is not installed: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context; console errors and page errors are collected on ``page.errors``."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A real redis-server on loopback, one per test session."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    with running(server):
        yield server


@pytest.fixture
def download_state() -> Iterator[None]:
    """A clean version cache, progress throttle and remembered server loop around a test."""
    from django.core.cache import cache

    from django_dlwidget.testing import reset_state

    cache.clear()
    yield
    cache.clear()
    reset_state()


@pytest.fixture
def owner(db: None) -> User:
    from django.contrib.auth.models import User

    return User.objects.create_user("owner", "owner@example.com", "pw-owner")


@pytest.fixture
def other(db: None) -> User:
    from django.contrib.auth.models import User

    return User.objects.create_user("other", "other@example.com", "pw-other")


@pytest.fixture
def owner_client(owner: User) -> Client:
    """A test client logged in as ``owner``."""
    from django.test import Client

    client = Client()
    client.force_login(owner)
    return client
