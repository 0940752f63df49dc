"""Browser smoke test: the demo loads, both custom elements are defined, no console errors."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from tests.harness.demo_server import DemoServer, login

DEFINED = "(names) => names.map((n) => customElements.get(n) !== undefined)"


def test_demo_pages_define_the_elements(
    page: Page, demo_server: DemoServer, artifacts: Path
) -> None:
    page.goto(f"{demo_server.url}/")
    page.wait_for_function("customElements.get('dlw-download-centre') !== undefined")
    # Anonymous visitors have no downloads: the tag renders nothing.
    assert page.locator("dlw-download-centre").count() == 0

    login(page, demo_server)
    assert page.locator("dlw-download-centre").count() == 1
    page.goto(f"{demo_server.url}/upload/")
    page.wait_for_function("customElements.get('dlw-upload') !== undefined")
    assert page.evaluate(DEFINED, ["dlw-download-centre", "dlw-upload"]) == [True, True]
    assert page.locator("dlw-upload input[type=file]").count() >= 1
    page.screenshot(path=str(artifacts / "smoke-upload-page.png"), full_page=True)
    assert page.errors == []  # type: ignore[attr-defined]
