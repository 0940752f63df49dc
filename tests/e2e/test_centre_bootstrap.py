"""The download centre on the demo's Bootstrap 5 page (Bootstrap's CSS from npm, loaded after
the centre's own), with the class map of docs/styling.md: every item's name, time and status in
boxes of their own, the menu in the viewport, contrast and axe in light and dark."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.harness.demo_server import DemoServer, login
from tests.harness.processes import running

from .centre import CENTRE, open_menu
from .layout import (
    assert_inside_viewport,
    axe_findings,
    box,
    horizontal_overflow,
    overlaps,
    seed_downloads,
)

CONTRAST = (Path(__file__).parent / "contrast.js").read_text()


@pytest.fixture(scope="module")
def bootstrap_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    server = DemoServer(
        tmp_path_factory.mktemp("demo-bootstrap"), extra_env={"DEMO_CSS": "bootstrap"}
    )
    with running(server):
        yield server


@pytest.fixture(scope="module")
def page(browser: Browser, bootstrap_server: DemoServer) -> Iterator[Page]:
    user = bootstrap_server.create_user("bootstrap")
    seed_downloads(bootstrap_server, user)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, bootstrap_server, user)
    yield page
    assert errors == []
    context.close()


def show(page: Page, server: DemoServer, theme: str) -> None:
    page.goto(f"{server.url}/bootstrap/?theme={theme}")
    # Bootstrap's CSS is there (its reboot sets the body's font) and loads after ours.
    assert page.evaluate("() => getComputedStyle(document.body).fontFamily").startswith("system-ui")
    open_menu(page)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_name_time_and_status_in_separate_boxes(
    page: Page, bootstrap_server: DemoServer, theme: str
) -> None:
    show(page, bootstrap_server, theme)
    items = page.locator(f"{CENTRE} .dlw-item")
    expect(items).to_have_count(5)
    assert_inside_viewport(page, f"{CENTRE} .dlw-menu")
    for item in items.all():
        key = item.get_attribute("data-key")
        parts = {
            role: box(page, f"{CENTRE} [data-key='{key}'] .dlw-{role}")
            for role in ("name", "time", "status", "actions")
        }
        for a, b in [
            ("name", "time"),
            ("name", "status"),
            ("time", "status"),
            ("status", "actions"),
        ]:
            assert not overlaps(parts[a], parts[b]), (key, a, b, parts)
        assert parts["status"]["y"] >= parts["name"]["y"] + parts["name"]["height"] - 0.5
    # The mapped classes are on, and Bootstrap's list-group-item did not undo the grid.
    first = items.first
    expect(first).to_have_class("dlw-item list-group-item px-0")
    assert first.evaluate("(li) => getComputedStyle(li).display") == "grid"
    assert (
        page.locator(f"{CENTRE} .dlw-list").evaluate("(ul) => getComputedStyle(ul).paddingLeft")
        == "0px"
    )


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_contrast_and_axe(
    page: Page, bootstrap_server: DemoServer, theme: str, artifacts: Path
) -> None:
    show(page, bootstrap_server, theme)
    ratios = page.locator(CENTRE).evaluate(CONTRAST)
    low = [r for r in ratios if r["ratio"] < 4.5]
    assert low == [], low
    assert axe_findings(page) == []
    menu = box(page, f"{CENTRE} .dlw-menu")
    page.screenshot(
        path=str(artifacts / f"centre-bootstrap-{theme}.png"),
        clip={"x": 0, "y": 0, "width": 1280, "height": menu["y"] + menu["height"] + 16},
    )


def test_no_horizontal_scroll_on_a_phone(page: Page, bootstrap_server: DemoServer) -> None:
    page.set_viewport_size({"width": 375, "height": 720})
    try:
        show(page, bootstrap_server, "light")
        assert horizontal_overflow(page) <= 0
        assert_inside_viewport(page, f"{CENTRE} .dlw-menu")
        expect(page.locator(f"{CENTRE} .dlw-menu")).to_have_attribute("data-placement", "sheet")
    finally:
        page.set_viewport_size({"width": 1280, "height": 800})
