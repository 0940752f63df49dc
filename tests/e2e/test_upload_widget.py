"""The upload widget in Chromium against the live demo: big files, dropped connections, a
reload mid-upload, the admin (change form and an inline row added on the page), no JavaScript,
and an accessibility scan."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Request, Route

from tests.harness.demo_server import DemoServer, login

MIB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
UPLOADS = "**/dlwidget/uploads/**"


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("files") / "big-30mb.bin"
    with path.open("wb") as out:
        for _ in range(30):
            out.write(os.urandom(MIB))
    return path


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(MIB), b""):
            digest.update(block)
    return digest.hexdigest()


def stored(server: DemoServer, name: str) -> Path:
    media = server.workdir / "media"
    found = list(media.glob(f"**/{name}"))
    if len(found) != 1:
        held = sorted(str(path.relative_to(media)) for path in media.rglob("*") if path.is_file())
        raise AssertionError(f"{len(found)} files named {name}; the media folder holds {held}")
    return found[0]


@pytest.fixture
def logged_in(page: Page, demo_server: DemoServer) -> Page:
    login(page, demo_server)
    return page


def open_form(page: Page, server: DemoServer, chunk_size: int | None = None) -> None:
    page.goto(f"{server.url}/upload/")
    page.wait_for_selector("dlw-upload[data-dlw-connected]")
    if chunk_size:
        page.eval_on_selector("dlw-upload", f"(el) => {{ el.dataset.chunkSize = '{chunk_size}'; }}")


def wait_uploaded(page: Page, scope: str = "dlw-upload", timeout: float = 60_000) -> None:
    page.wait_for_selector(f'{scope} .dlw-upload-item[data-state="complete"]', timeout=timeout)


def submit_and_check(page: Page, server: DemoServer, title: str, source: Path) -> None:
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_selector(f"li:has-text('Saved {title}')")
    assert sha256(stored(server, source.name)) == sha256(source)


def test_big_upload_through_the_form(
    logged_in: Page, demo_server: DemoServer, big_file: Path, artifacts: Path
) -> None:
    page = logged_in
    open_form(page, demo_server)
    events: list[str] = []
    page.expose_function("recordEvent", lambda kind: events.append(kind))
    page.evaluate(
        """() => { for (const k of ['start', 'progress', 'complete', 'error'])
          document.addEventListener('dlw:upload-' + k, () => window.recordEvent(k)); }"""
    )
    page.fill("#id_title", "big")
    page.set_input_files("#id_file", str(big_file))
    wait_uploaded(page)
    assert page.get_attribute("#id_file", "name") is None  # the bytes will not go twice
    assert page.input_value("input[name=file-token]")
    page.screenshot(path=str(artifacts / "upload-complete.png"), full_page=True)
    submit_and_check(page, demo_server, "big", big_file)
    assert events[0] == "start"
    assert "progress" in events
    assert events[-1] == "complete"
    assert "error" not in events
    page.screenshot(path=str(artifacts / "upload-saved.png"), full_page=True)
    assert page.errors == []  # type: ignore[attr-defined]


def test_submit_waits_for_the_upload(
    logged_in: Page, demo_server: DemoServer, big_file: Path, tmp_path: Path
) -> None:
    page = logged_in
    source = tmp_path / "waited.bin"
    source.write_bytes(big_file.read_bytes()[: 12 * MIB])
    open_form(page, demo_server, chunk_size=MIB)
    held: list[Route] = []

    def hold_one(route: Route, request: Request) -> None:
        if request.method == "PATCH" and not held:
            held.append(route)  # answered below, after the form was submitted
        else:
            route.continue_()

    page.route(UPLOADS, hold_one)
    page.fill("#id_title", "waited")
    page.set_input_files("#id_file", str(source))
    page.wait_for_function("document.querySelector('.dlw-upload-item[data-state=uploading]')")
    while not held:
        page.wait_for_timeout(50)
    page.click("button[type=submit]:has-text('Save')")
    notice = page.locator(".dlw-upload-notice")
    assert notice.inner_text() == "The form will be sent as soon as the upload has finished."
    held[0].continue_()
    page.unroute(UPLOADS)
    submit_and_check(page, demo_server, "waited", source)


def test_a_dropped_connection_resumes(
    logged_in: Page, demo_server: DemoServer, big_file: Path, tmp_path: Path, artifacts: Path
) -> None:
    page = logged_in
    source = tmp_path / "dropped.bin"
    source.write_bytes(big_file.read_bytes()[: 20 * MIB])
    open_form(page, demo_server, chunk_size=2 * MIB)
    seen: list[tuple[str, str]] = []
    patches = 0

    def flaky(route: Route, request: Request) -> None:
        nonlocal patches
        seen.append((request.method, request.headers.get("upload-offset", "")))
        if request.method == "PATCH":
            patches += 1
            if patches in (4, 5, 6):  # the network drops for three attempts in a row
                route.abort("connectionreset")
                return
        route.continue_()

    page.route(UPLOADS, flaky)
    page.fill("#id_title", "dropped")
    page.set_input_files("#id_file", str(source))
    wait_uploaded(page)
    page.unroute(UPLOADS)
    methods = [method for method, _ in seen]
    assert methods.count("POST") == 1  # one upload, resumed, never started over
    assert "HEAD" in methods  # asked the server where to carry on
    offsets = [int(offset) for method, offset in seen if method == "PATCH"]
    assert offsets == sorted(offsets)
    assert offsets[-1] == 18 * MIB
    page.screenshot(path=str(artifacts / "upload-resumed-after-drop.png"), full_page=True)
    submit_and_check(page, demo_server, "dropped", source)


def test_a_reload_resumes_from_the_stored_fingerprint(
    logged_in: Page, demo_server: DemoServer, big_file: Path, tmp_path: Path, artifacts: Path
) -> None:
    page = logged_in
    source = tmp_path / "reloaded.bin"
    source.write_bytes(big_file.read_bytes()[: 16 * MIB])
    open_form(page, demo_server, chunk_size=2 * MIB)
    patches = 0

    def stall_after_three(route: Route, request: Request) -> None:
        nonlocal patches
        if request.method == "PATCH":
            patches += 1
            if patches > 3:
                route.abort("internetdisconnected")
                return
        route.continue_()

    page.route(UPLOADS, stall_after_three)
    page.set_input_files("#id_file", str(source))
    page.wait_for_function(
        "Number(document.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow')) >= 37"
    )
    stored_keys = page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('tus::'))")
    assert len(stored_keys) == 1
    page.unroute(UPLOADS)
    page.reload()
    page.wait_for_selector("dlw-upload[data-dlw-connected]")
    notice = page.locator(".dlw-upload-notice")
    notice.wait_for()
    assert notice.inner_text() == "Choose reloaded.bin again to resume its upload."
    page.screenshot(path=str(artifacts / "upload-resumable-after-reload.png"), full_page=True)
    seen: list[tuple[str, str]] = []
    page.on(
        "request",
        lambda r: (
            seen.append((r.method, r.headers.get("upload-offset", "")))
            if "/dlwidget/uploads/" in r.url
            else None
        ),
    )
    page.fill("#id_title", "reloaded")
    page.set_input_files("#id_file", str(source))
    wait_uploaded(page)
    assert notice.is_hidden()  # the file was chosen again: the notice has gone
    methods = [method for method, _ in seen]
    assert "POST" not in methods
    assert methods[0] == "HEAD"
    first_patch = next(offset for method, offset in seen if method == "PATCH")
    # Carries on from what the server had (at least the three chunks let through).
    assert 6 * MIB <= int(first_patch) < 16 * MIB
    # Removed once the upload finished.
    assert page.evaluate("Object.keys(localStorage).some((k) => k.startsWith('tus::'))") is False
    submit_and_check(page, demo_server, "reloaded", source)


def test_admin_change_form_and_an_added_inline_row(
    logged_in: Page, demo_server: DemoServer, tmp_path: Path, artifacts: Path
) -> None:
    page = logged_in
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    doc = tmp_path / "admin-doc.bin"
    doc.write_bytes(os.urandom(3 * MIB))
    page.goto(f"{demo_server.url}/admin/demo/document/add/")
    page.wait_for_selector("dlw-upload[data-dlw-connected]")
    page.fill("#id_title", "from the admin")
    page.select_option("#id_owner", label="demo")
    page.set_input_files("#id_file", str(doc))
    wait_uploaded(page)
    page.screenshot(path=str(artifacts / "upload-admin-change-form.png"), full_page=True)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert sha256(stored(demo_server, doc.name)) == sha256(doc)

    inline = tmp_path / "inline-row.bin"
    inline.write_bytes(os.urandom(2 * MIB))
    page.goto(f"{demo_server.url}/admin/demo/folder/add/")
    page.fill("#id_name", "folder")
    page.click(".add-row a")
    row = page.locator("#attachments-0")
    row.locator("dlw-upload[data-dlw-connected]").wait_for()
    assert row.locator("input[type=file]").get_attribute("name") == "attachments-0-file"
    assert row.locator("input[data-dlw-token]").get_attribute("name") == "attachments-0-file-token"
    assert row.locator(".dlw-upload-zone").count() == 1  # the cloned row rebuilt, not wrapped twice
    row.locator("input[type=file]").set_input_files(str(inline))
    wait_uploaded(page, "#attachments-0")
    page.screenshot(path=str(artifacts / "upload-admin-inline.png"), full_page=True)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert sha256(stored(demo_server, inline.name)) == sha256(inline)
    assert missing == []
    # The admin has no favicon link, so Chromium asks for /favicon.ico (a 404 it logs).
    errors: list[str] = page.errors  # type: ignore[attr-defined]
    assert [error for error in errors if "status of 404" not in error] == []


def test_without_javascript_the_form_still_works(
    browser: Browser, demo_server: DemoServer, tmp_path: Path, artifacts: Path
) -> None:
    source = tmp_path / "no-js.pdf"
    source.write_bytes(b"%PDF-1.4\n" + os.urandom(200_000) + b"\n%%EOF\n")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        login(page, demo_server)
        page.goto(f"{demo_server.url}/upload/")
        assert page.get_attribute("#id_file", "name") == "file"
        page.fill("#id_title", "no-js")
        page.set_input_files("#id_file", str(source))
        page.screenshot(path=str(artifacts / "upload-no-javascript.png"), full_page=True)
        submit_and_check(page, demo_server, "no-js", source)
    finally:
        context.close()


def test_accessibility(
    logged_in: Page, demo_server: DemoServer, tmp_path: Path, artifacts: Path
) -> None:
    page = logged_in
    source = tmp_path / "a11y.bin"
    source.write_bytes(os.urandom(MIB))
    open_form(page, demo_server)
    page.set_input_files("#id_file", str(source))
    wait_uploaded(page)
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate("axe.run(document.querySelector('main'))")
    serious = [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert page.locator("dlw-upload [role=status][aria-live=polite]").count() == 1
    assert page.get_attribute("[role=progressbar]", "aria-label") == "Upload progress of a11y.bin"
    page.screenshot(path=str(artifacts / "upload-accessibility.png"), full_page=True)
