"""Every state of the upload widget in Chromium, reached and left with the keyboard, each one
scanned by axe in light and dark; the connection lost (retrying, offline) is never a failure."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Request, Route

from tests.harness.demo_server import DemoServer, login

from .upload_pages import open_page, serious_violations

UPLOADS = "**/dlwidget/uploads/**"
ITEM = "dlw-upload:has(#id_file) .dlw-upload-item"


@pytest.fixture
def logged_in(page: Page, demo_server: DemoServer) -> Page:
    login(page, demo_server)
    return page


def active(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(
        """() => {
          const el = document.activeElement;
          const label = el.getAttribute("aria-label");
          return { id: el.id, action: el.dataset.action || "", label };
        }"""
    )
    return found


def state(page: Page, expected: str, timeout: float = 30_000) -> None:
    page.wait_for_selector(f'{ITEM}[data-state="{expected}"]', timeout=timeout)


def assert_accessible(page: Page, artifacts: Path, name: str) -> None:
    for scheme in ("light", "dark"):
        assert serious_violations(page, scheme) == [], (name, scheme)
        page.screenshot(path=str(artifacts / f"upload-state-{name}-{scheme}.png"), full_page=True)
    page.emulate_media(color_scheme="light")


def source_file(tmp_path: Path) -> Path:
    source = tmp_path / "states.bin"
    source.write_bytes(os.urandom(2 * 1024 * 1024))
    return source


def test_the_keyboard_reaches_the_zone_and_opens_the_picker(
    logged_in: Page, demo_server: DemoServer, tmp_path: Path
) -> None:
    page = logged_in
    # Playwright turns file-chooser interception on without waiting for Chromium, so a chooser
    # opened right after `expect_file_chooser` may be missed: switch it on first.
    page.on("filechooser", lambda _chooser: None)
    open_page(page, demo_server, "p")
    page.focus("#id_title")
    page.keyboard.press("Tab")
    assert active(page)["id"] == "id_file"
    zone = page.locator("dlw-upload:has(#id_file) .dlw-upload-zone")
    assert zone.evaluate("(z) => getComputedStyle(z).outlineStyle") == "solid"
    assert page.locator("#id_file").evaluate("(i) => i.labels.length") == 2  # the form's, the zone
    with page.expect_file_chooser() as by_enter:
        page.keyboard.press("Enter")
    assert not by_enter.value.is_multiple()
    page.focus("#id_photos")
    with page.expect_file_chooser() as by_space:
        page.keyboard.press(" ")
    assert by_space.value.is_multiple()
    source = tmp_path / "chosen.bin"
    source.write_bytes(b"y" * 1500)
    by_space.value.set_files(str(source))
    page.wait_for_selector('dlw-upload:has(#id_photos) .dlw-upload-item[data-state="complete"]')
    with page.expect_file_chooser():
        page.click("dlw-upload:has(#id_file) .dlw-upload-prompt")  # the mouse, on the zone


def test_every_state_by_keyboard_and_accessible_in_light_and_dark(
    logged_in: Page, demo_server: DemoServer, tmp_path: Path, artifacts: Path
) -> None:
    page = logged_in
    open_page(page, demo_server, "div")
    page.eval_on_selector(
        "dlw-upload:has(#id_file)", "(el) => { el.dataset.chunkSize = '262144'; }"
    )
    mode = {"patch": "hold"}
    held: list[Route] = []
    errors: list[str] = []
    page.expose_function("recordError", lambda message: errors.append(message))
    page.evaluate(
        "document.addEventListener('dlw:upload-error', (e) => window.recordError(e.detail.message))"
    )

    def handle(route: Route, request: Request) -> None:
        patch = mode["patch"] if request.method == "PATCH" else "pass"
        if patch == "hold":
            held.append(route)
        elif patch == "drop":
            route.abort("connectionreset")
        elif patch == "refuse":
            body = '{"error": "forbidden", "detail": "Not allowed here."}'
            route.fulfill(status=403, content_type="application/json", body=body)
        else:
            route.continue_()

    page.route(UPLOADS, handle)
    page.set_input_files("#id_file", str(source_file(tmp_path)))
    state(page, "uploading")
    while not held:
        page.wait_for_timeout(50)
    page.focus("#id_file")
    page.keyboard.press("Tab")
    assert active(page)["action"] == "pause"
    assert active(page)["label"] == "Pause the upload of states.bin"
    assert_accessible(page, artifacts, "uploading")

    page.keyboard.press("Enter")
    state(page, "paused")
    assert active(page)["action"] == "resume"  # the keyboard stays on the row
    assert_accessible(page, artifacts, "paused")
    for route in held:
        with contextlib.suppress(Exception):  # the paused request may be gone already
            route.abort()

    mode["patch"] = "drop"  # the network drops: the transport retries by itself
    page.keyboard.press("Enter")
    state(page, "retrying")
    item = page.locator(ITEM)
    status = item.locator(".dlw-upload-status")
    assert "Reconnecting · Waiting for the connection" in status.inner_text()
    assert item.locator(".dlw-upload-error").is_hidden()
    assert "Failed" not in item.inner_text()
    assert active(page)["action"] == "pause"
    assert_accessible(page, artifacts, "retrying")
    assert errors == []

    mode["patch"] = "refuse"  # the next attempt is answered with a refusal: a real failure
    state(page, "error")
    assert item.locator(".dlw-upload-error").inner_text() == (
        "states.bin could not be uploaded: Not allowed here."
    )
    assert active(page)["action"] == "retry"
    assert_accessible(page, artifacts, "error")

    mode["patch"] = "pass"
    page.keyboard.press("Enter")
    state(page, "complete")
    assert active(page)["action"] == "remove"
    assert page.input_value("input[name=file-token]")
    assert_accessible(page, artifacts, "complete")
    page.keyboard.press("Enter")
    page.wait_for_selector(ITEM, state="detached")
    assert page.input_value("input[name=file-token]") == ""

    page.focus("#id_older")  # the upload the form refused: its row and button
    page.keyboard.press("Tab")
    assert active(page) == {"id": "", "action": "remove", "label": "Remove old-report.pdf"}
    older = page.locator("dlw-upload:has(#id_older) .dlw-upload-item")
    assert older.get_attribute("data-state") == "error"
    assert "not accepted here" in older.inner_text()
    assert "Uploaded" not in older.inner_text()


def test_offline_is_waiting_for_the_connection_never_a_failure(
    logged_in: Page, demo_server: DemoServer, tmp_path: Path, artifacts: Path
) -> None:
    page = logged_in
    open_page(page, demo_server, "p")
    page.eval_on_selector(
        "dlw-upload:has(#id_file)", "(el) => { el.dataset.chunkSize = '262144'; }"
    )
    errors: list[str] = []
    page.expose_function("recordError", lambda message: errors.append(message))
    page.evaluate(
        "document.addEventListener('dlw:upload-error', (e) => window.recordError(e.detail.message))"
    )
    held: list[Route] = []
    page.route(
        UPLOADS,
        lambda route, request: (
            held.append(route) if request.method == "PATCH" and not held else route.continue_()
        ),
    )
    page.set_input_files("#id_file", str(source_file(tmp_path)))
    while not held:
        page.wait_for_timeout(50)
    page.context.set_offline(True)
    state(page, "retrying")
    status = page.locator(f"{ITEM} .dlw-upload-status")
    assert status.inner_text() == "Reconnecting · Waiting for the connection"
    with page.expect_event("requestfailed"):
        held[0].abort("internetdisconnected")  # the transport gives up while offline
    page.wait_for_function("() => !navigator.onLine")
    assert page.get_attribute(ITEM, "data-state") == "retrying"
    assert page.locator(f"{ITEM} .dlw-upload-error").is_hidden()
    page.screenshot(path=str(artifacts / "upload-offline.png"), full_page=True)
    page.context.set_offline(False)
    state(page, "complete")
    assert errors == []
