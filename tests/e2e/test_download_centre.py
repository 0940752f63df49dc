"""The download centre in a real browser against the demo under uvicorn, in each live mode."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.harness.demo_server import DemoServer, login
from tests.harness.processes import running

from .centre import CENTRE, expected_quick_csv, item, open_menu, start_export

_users = itertools.count(1)
READ_PROGRESS = (
    "(row) => [row.dataset.status,"
    " row.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow') ?? null]"
)


@pytest.fixture(scope="module", params=["poll", "ws", "auto"])
def demo_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoServer]:
    """The demo in each DLWIDGET["MODE"] (the only setting a project changes to switch)."""
    mode = request.param
    server = DemoServer(tmp_path_factory.mktemp(f"demo-{mode}"), extra_env={"DEMO_MODE": mode})
    with running(server):
        yield server


@pytest.fixture
def user(demo_server: DemoServer) -> str:
    return demo_server.create_user(f"centre{next(_users)}")


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def centre_page(context: BrowserContext, demo_server: DemoServer, user: str) -> Iterator[Page]:
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, demo_server, user)
    yield page
    assert errors == []


def test_export_progresses_to_ready_and_downloads_the_right_bytes(
    centre_page: Page, artifacts: Path, tmp_path: Path
) -> None:
    page = centre_page
    key = start_export(page, "slow")
    open_menu(page)
    expect(item(page, key)).to_have_attribute("data-status", "running", timeout=10_000)
    seen: set[int] = set()
    for _ in range(60):
        # Status and bar read in one go: the bar goes away the moment the job is ready.
        status, value = item(page, key).evaluate(READ_PROGRESS)
        if status != "running":
            break
        if value is not None:
            if not seen and int(value) > 0:
                page.screenshot(path=str(artifacts / "centre-running.png"))
            seen.add(int(value))
        page.wait_for_timeout(200)
    expect(item(page, key)).to_have_attribute("data-status", "ready", timeout=20_000)
    assert len(seen) >= 2, f"the bar never advanced: {seen}"
    assert all(0 <= value <= 100 for value in seen)  # pushed: 100 can show before "ready"

    quick = start_export(page, "quick")  # clicking the page closes the menu
    open_menu(page)
    expect(item(page, quick)).to_have_attribute("data-status", "ready", timeout=20_000)
    page.screenshot(path=str(artifacts / "centre-ready.png"))
    with page.expect_download() as info:
        item(page, quick).locator("a").click()
    download = info.value
    assert download.suggested_filename == "quick-report.csv"
    saved = tmp_path / "quick.csv"
    download.save_as(saved)
    assert saved.read_bytes() == expected_quick_csv(500)


def test_cancel_a_running_export(centre_page: Page, artifacts: Path) -> None:
    page = centre_page
    key = start_export(page, "slow")
    open_menu(page)
    row = item(page, key)
    expect(row).to_have_attribute("data-status", "running", timeout=10_000)
    row.get_by_role("button", name="Cancel").click()
    expect(row).to_have_attribute("data-status", "cancelled", timeout=10_000)
    page.screenshot(path=str(artifacts / "centre-cancelled.png"))
    # A cancelled job does not come back to life when its worker notices.
    page.wait_for_timeout(1500)
    expect(row).to_have_attribute("data-status", "cancelled")


def test_clear_removes_a_finished_download(centre_page: Page) -> None:
    page = centre_page
    key = start_export(page, "quick")
    open_menu(page)
    row = item(page, key)
    expect(row).to_have_attribute("data-status", "ready", timeout=20_000)
    row.get_by_role("button", name="Clear").click()
    expect(row).to_have_count(0, timeout=10_000)
    page.reload()
    open_menu(page)
    expect(item(page, key)).to_have_count(0)
    expect(page.locator(f"{CENTRE} .dlw-empty")).to_be_visible()


def test_a_failing_export_shows_its_message(centre_page: Page, artifacts: Path) -> None:
    page = centre_page
    key = start_export(page, "failing")
    open_menu(page)
    row = item(page, key)
    expect(row).to_have_attribute("data-status", "failed", timeout=20_000)
    expect(row).to_contain_text("The data source is unavailable")
    page.screenshot(path=str(artifacts / "centre-failed.png"))


def test_class_override_from_settings_is_in_the_dom(centre_page: Page) -> None:
    toggle = centre_page.locator(f"{CENTRE} > button")
    expect(toggle).to_have_class("dlw-toggle demo-centre-toggle")


def test_a_second_tab_sees_a_new_job_without_reload(
    centre_page: Page, context: BrowserContext, demo_server: DemoServer
) -> None:
    other = context.new_page()
    other.goto(f"{demo_server.url}/")
    open_menu(other)
    key = start_export(centre_page, "quick")
    expect(item(other, key)).to_have_count(1, timeout=10_000)
    other.close()


def test_keyboard_only(centre_page: Page, artifacts: Path) -> None:
    page = centre_page
    key = start_export(page, "quick")
    page.dispatch_event("body", "dlw:refresh")
    toggle = page.locator(f"{CENTRE} > button")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(item(page, key)).to_have_attribute("data-status", "ready", timeout=20_000)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('dlw-download-centre') !== null")
    assert focused, "Tab should move into the open menu"
    page.screenshot(path=str(artifacts / "centre-keyboard.png"))
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator(f"{CENTRE} .dlw-menu")).to_be_hidden()
    assert page.evaluate(
        "document.activeElement === document.querySelector('dlw-download-centre > button')"
    )
    page.keyboard.press(" ")
    expect(toggle).to_have_attribute("aria-expanded", "true")


def test_the_menu_is_a_native_popover_closed_by_a_click_outside(centre_page: Page) -> None:
    page = centre_page
    open_menu(page)
    menu = page.locator(f"{CENTRE} .dlw-menu")
    expect(menu).to_be_visible()
    # The platform owns it: in the top layer, anchored below the toggle (not in a corner).
    assert menu.evaluate("(m) => m.matches(':popover-open')")
    toggle_box = page.locator(f"{CENTRE} > button").bounding_box()
    menu_box = menu.bounding_box()
    assert toggle_box
    assert menu_box
    assert menu_box["y"] >= toggle_box["y"] + toggle_box["height"]
    assert abs(menu_box["x"] + menu_box["width"] - toggle_box["x"] - toggle_box["width"]) < 2
    page.mouse.click(5, 400)  # light dismiss
    expect(menu).to_be_hidden()
    expect(page.locator(f"{CENTRE} > button")).to_have_attribute("aria-expanded", "false")


def test_empty_state_and_axe_scan(centre_page: Page, artifacts: Path) -> None:
    page = centre_page
    open_menu(page)
    expect(page.locator(f"{CENTRE} .dlw-empty")).to_be_visible()
    page.screenshot(path=str(artifacts / "centre-empty.png"))
    start_export(page, "failing")
    start_export(page, "quick")
    start_export(page, "slow")
    expect(page.locator(f"{CENTRE} li[data-status=failed]")).to_have_count(1, timeout=20_000)
    expect(page.locator(f"{CENTRE} li[data-status=ready]")).to_have_count(1, timeout=20_000)
    open_menu(page)
    page.screenshot(path=str(artifacts / "centre-mixed.png"))
    violations = axe_violations(page)
    assert violations == [], violations


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page: Page) -> list[str]:
    """Serious or critical axe-core findings on the page (with the menu open)."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results
        if v["impact"] in ("serious", "critical")
    ]
