"""The menu's place, the phone sheet, dark mode, contrast, keyboard and axe, in Chromium.

One demo server for the module (the session's), one user with seeded downloads in every state,
one browser context per colour scheme and width.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.harness.demo_server import DemoServer, login

from .centre import CENTRE, open_menu
from .layout import (
    assert_inside_viewport,
    axe_findings,
    box,
    horizontal_overflow,
    seed_downloads,
)

CONTRAST = (Path(__file__).parent / "contrast.js").read_text()
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 375, "height": 720}
MENU = f"{CENTRE} .dlw-menu"


@pytest.fixture(scope="module")
def user(demo_server: DemoServer) -> str:
    name = demo_server.create_user("layout")
    seed_downloads(demo_server, name)
    return name


def new_page(
    browser: Browser, server: DemoServer, user: str, *, dark: bool, size: ViewportSize
) -> Page:
    context = browser.new_context(viewport=size, color_scheme="dark" if dark else "light")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors  # type: ignore[attr-defined]
    login(page, server, user)
    return page


@pytest.fixture(scope="module")
def desktop(browser: Browser, demo_server: DemoServer, user: str) -> Iterator[Page]:
    page = new_page(browser, demo_server, user, dark=False, size=DESKTOP)
    yield page
    assert page.errors == []  # type: ignore[attr-defined]
    page.context.close()


@pytest.fixture(scope="module")
def phone(browser: Browser, demo_server: DemoServer, user: str) -> Iterator[Page]:
    page = new_page(browser, demo_server, user, dark=False, size=PHONE)
    yield page
    assert page.errors == []  # type: ignore[attr-defined]
    page.context.close()


@pytest.fixture(scope="module")
def dark(browser: Browser, demo_server: DemoServer, user: str) -> Iterator[Page]:
    page = new_page(browser, demo_server, user, dark=True, size=DESKTOP)
    yield page
    assert page.errors == []  # type: ignore[attr-defined]
    page.context.close()


def show_layout(page: Page, server: DemoServer, align: str) -> None:
    page.goto(f"{server.url}/layout/?align={align}")
    expect(page.locator(f"{CENTRE} > button.dlw-toggle")).to_be_visible()
    open_menu(page)
    expect(page.locator(MENU)).to_have_attribute(
        "data-placement",
        "dropdown" if page.viewport_size and page.viewport_size["width"] >= 480 else "sheet",
    )


@pytest.mark.parametrize("align", ["start", "centre", "end"])
def test_menu_inside_the_viewport_on_a_desktop(
    desktop: Page, demo_server: DemoServer, align: str, artifacts: Path
) -> None:
    show_layout(desktop, demo_server, align)
    assert_inside_viewport(desktop, MENU)
    toggle = box(desktop, f"{CENTRE} > .dlw-toggle")
    menu = box(desktop, MENU)
    assert menu["y"] >= toggle["y"] + toggle["height"]  # below the toggle
    assert menu["x"] <= toggle["x"] + toggle["width"]
    assert menu["x"] + menu["width"] >= toggle["x"]
    desktop.screenshot(path=str(artifacts / f"centre-layout-{align}.png"))


@pytest.mark.parametrize("align", ["start", "centre", "end"])
def test_menu_is_a_bottom_sheet_on_a_phone(
    phone: Page, demo_server: DemoServer, align: str, artifacts: Path
) -> None:
    show_layout(phone, demo_server, align)
    assert_inside_viewport(phone, MENU)
    menu = box(phone, MENU)
    assert menu["x"] == 0
    assert menu["width"] == PHONE["width"]
    assert abs(menu["y"] + menu["height"] - PHONE["height"]) <= 1  # at the bottom
    phone.screenshot(path=str(artifacts / f"centre-sheet-{align}.png"))


def test_menu_follows_its_toggle_on_resize_and_scroll(
    desktop: Page, demo_server: DemoServer
) -> None:
    show_layout(desktop, demo_server, "end")
    desktop.set_viewport_size({"width": 700, "height": 600})
    expect(desktop.locator(MENU)).to_have_attribute("data-placement", "dropdown")
    desktop.wait_for_function(
        "() => { const m = document.querySelector('dlw-download-centre .dlw-menu')"
        ".getBoundingClientRect(); return m.right <= document.documentElement.clientWidth; }"
    )
    assert_inside_viewport(desktop, MENU)
    desktop.set_viewport_size(PHONE)
    expect(desktop.locator(MENU)).to_have_attribute("data-placement", "sheet")
    desktop.set_viewport_size(DESKTOP)
    expect(desktop.locator(MENU)).to_have_attribute("data-placement", "dropdown")
    assert_inside_viewport(desktop, MENU)


PAGES = ["/", "/upload/", "/layout/?align=centre", "/bootstrap/", "/dlwidget/downloads/all/"]


@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_scroll_on_a_phone(phone: Page, demo_server: DemoServer, path: str) -> None:
    phone.goto(demo_server.url + path)
    assert horizontal_overflow(phone) <= 0


def test_items_show_details_and_tell_same_names_apart(
    desktop: Page, demo_server: DemoServer
) -> None:
    desktop.goto(demo_server.url + "/")
    open_menu(desktop)
    items = desktop.locator(f"{CENTRE} .dlw-item")
    expect(items).to_have_count(5)
    ready = desktop.locator(f"{CENTRE} .dlw-item[data-status=ready]")
    expect(ready.first.locator(".dlw-meta")).to_contain_text("kB")
    expect(ready.last.locator(".dlw-meta")).to_contain_text("1.2 MB")
    expect(ready.last.locator(".dlw-meta")).to_contain_text("expires")
    expect(ready.last.locator(".dlw-description")).to_have_text("All orders of March")
    times = [t.inner_text() for t in ready.locator(".dlw-time").all()]
    assert len(set(times)) == 2, times
    assert all("started" in t for t in times), times
    expect(desktop.locator(f"{CENTRE} .dlw-item[data-status=running] .dlw-meta")).to_have_text(
        "40%"
    )
    expect(desktop.locator(f"{CENTRE} .dlw-item[data-status=pending] .dlw-status")).to_have_text(
        "Waiting for a worker"
    )
    expect(desktop.locator(f"{CENTRE} .dlw-item[data-status=failed] .dlw-icon")).to_have_attribute(
        "data-icon", "failed"
    )


def test_every_menu_state_is_keyboard_reachable(desktop: Page, demo_server: DemoServer) -> None:
    page = desktop
    page.goto(demo_server.url + "/")
    toggle = page.locator(f"{CENTRE} > button.dlw-toggle")  # the script has turned the link into it
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    wanted = [".dlw-clear-finished", ".dlw-cancel", ".dlw-link", ".dlw-clear", ".dlw-all"]
    reached: set[str] = set()
    seen = []
    for _ in range(20):
        page.keyboard.press("Tab")
        classes = page.evaluate("() => String(document.activeElement.className)")
        seen.append(classes)
        reached.update(w for w in wanted if w[1:] in classes.split())
        if ".dlw-all" in reached:
            break
    assert reached == set(wanted), seen
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_contrast_and_axe_in_light_and_dark(
    desktop: Page, dark: Page, demo_server: DemoServer, scheme: str, artifacts: Path
) -> None:
    page = dark if scheme == "dark" else desktop
    page.goto(demo_server.url + "/")
    open_menu(page)
    background = page.locator(MENU).evaluate("(m) => getComputedStyle(m).backgroundColor")
    assert background == ("rgb(21, 27, 35)" if scheme == "dark" else "rgb(255, 255, 255)")
    ratios = page.locator(CENTRE).evaluate(CONTRAST)
    assert len(ratios) >= 15, ratios
    low = [r for r in ratios if r["ratio"] < 4.5]
    assert low == [], low
    page.screenshot(path=str(artifacts / f"centre-menu-{scheme}.png"))
    assert axe_findings(page) == []


def test_the_all_downloads_page_has_no_axe_findings(
    desktop: Page, dark: Page, demo_server: DemoServer
) -> None:
    for page in (desktop, dark):
        page.goto(demo_server.url + "/dlwidget/downloads/all/")
        expect(page.locator(".dlw-page-item")).to_have_count(5)
        assert axe_findings(page) == []


def test_without_javascript_the_toggle_leads_to_the_page_and_its_forms_work(
    browser: Browser, demo_server: DemoServer
) -> None:
    name = demo_server.create_user("nojs")
    seed_downloads(demo_server, name)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        login(page, demo_server, name)
        toggle = page.locator(f"{CENTRE} > a.dlw-toggle")
        expect(toggle).to_have_attribute("href", "/dlwidget/downloads/all/")
        toggle.click()
        page.wait_for_url("**/dlwidget/downloads/all/")
        items = page.locator(".dlw-page-item")
        expect(items).to_have_count(5)
        failed = page.locator(".dlw-page-item[data-status=failed]")
        failed.get_by_role("button", name="Clear Customer list").click()
        expect(items).to_have_count(4)
        page.locator(".dlw-page-item[data-status=running]").get_by_role("button").click()
        expect(page.locator(".dlw-page-item[data-status=cancelled]")).to_have_count(1)
        page.get_by_role("button", name="Clear finished").click()
        expect(items).to_have_count(1)
        expect(items.first).to_have_attribute("data-status", "pending")
    finally:
        context.close()
