"""Browser smoke test: the demo loads, both custom elements are defined, no console errors."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from tests.harness.demo_server import DemoServer, login


def test_demo_pages_define_the_elements(
    page: Page, demo_server: DemoServer, artifacts: Path
) -> None:
    page.goto(f"{demo_server.url}/")
    page.wait_for_function("customElements.get('dlw-download-centre') !== undefined")
    assert page.locator("dlw-download-centre[data-dlw-connected]").count() == 1

    login(page, demo_server)
    page.goto(f"{demo_server.url}/upload/")
    page.wait_for_function("customElements.get('dlw-upload') !== undefined")
    defined = page.evaluate(
        "['dlw-download-centre', 'dlw-upload'].map((n) => customElements.get(n) !== undefined)"
    )
    assert defined == [True, True]
    assert page.locator("dlw-upload input[type=file]").count() == 1
    page.screenshot(path=str(artifacts / "smoke-upload-page.png"), full_page=True)
    assert page.errors == []  # type: ignore[attr-defined]
