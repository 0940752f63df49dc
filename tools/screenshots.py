"""Writes the screenshots of docs/img/ from the running demo (`make screenshots`).

    python tools/screenshots.py              # every shot
    python tools/screenshots.py --out DIR    # somewhere else

The demo runs under uvicorn on a throwaway database (tests/harness' DemoServer). One user gets three
downloads, one ready, one failed and one still running, and one finished upload. Chromium then takes
each page in light and dark (``prefers-color-scheme``), at 1280 and at 375 CSS pixels: the download
centre with its menu open, and the upload form. A second demo, with the Bootstrap 5 class map
(``DEMO_CSS=bootstrap``), gives the download centre on its /bootstrap/ page, light and dark. Every
step waits for the element or state it shows, never for a fixed time, so the shots come out the same
after the look changes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example")]

from tests.harness.browser import CHROMIUM_ARGS, chromium_path  # noqa: E402
from tests.harness.demo_server import USERNAME, DemoServer, login  # noqa: E402
from tests.harness.processes import running  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

OUT = ROOT / "docs" / "img"
CENTRE = "dlw-download-centre"
TIMEOUT = 30_000
SLOW_SECONDS = 200  # the running export outlasts the shots
MIN_PROGRESS = 8  # percent
Scheme = Literal["light", "dark"]


@dataclass(frozen=True)
class Screen:
    name: str
    width: int
    height: int


SCREENS = (Screen("desktop", 1280, 800), Screen("mobile", 375, 740))
SCHEMES: tuple[Scheme, ...] = ("light", "dark")


def start_export(page: Page, kind: str) -> str:
    """Start one of the demo's exports from its home page; return the download's key."""
    with page.expect_response(f"**/exports/{kind}/") as info:
        page.click(f"button[data-export={kind}]")
    return str(info.value.json()["key"])


def prepare(page: Page, server: DemoServer, upload: Path) -> None:
    """Give the logged-in user a ready, a failed and a running download, and one upload."""
    page.goto(f"{server.url}/upload/")
    page.wait_for_selector("dlw-upload[data-dlw-connected]")
    page.fill("#id_title", "Quarterly figures")
    page.set_input_files("#id_file", str(upload))
    page.wait_for_selector('.dlw-upload-item[data-state="complete"]', timeout=TIMEOUT)
    page.goto(f"{server.url}/")
    states = {
        start_export(page, "quick"): "ready",
        start_export(page, "failing"): "failed",
        start_export(page, "slow"): "running",
    }
    for key, status in states.items():
        item = f"{CENTRE} li[data-key='{key}'][data-status='{status}']"
        page.wait_for_selector(item, state="attached", timeout=TIMEOUT)


def shoot_centre(page: Page, server: DemoServer, path: Path) -> None:
    """The home page with the download centre's menu open, cropped below the menu."""
    page.goto(f"{server.url}/")
    page.wait_for_function("customElements.get('dlw-download-centre') !== undefined")
    toggle = page.locator(f"{CENTRE} > button").first
    toggle.click()
    page.wait_for_function(
        "(el) => el.getAttribute('aria-expanded') === 'true'", arg=toggle.element_handle()
    )
    menu = page.locator(f"{CENTRE} .dlw-menu")
    menu.wait_for(state="visible")
    bar = menu.locator("li[data-status=running] [role=progressbar]")
    bar.wait_for(state="visible", timeout=TIMEOUT)
    page.wait_for_function(  # far enough along for the bar to show
        f"(el) => Number(el.getAttribute('aria-valuenow')) >= {MIN_PROGRESS}",
        arg=bar.element_handle(),
        timeout=TIMEOUT,
    )
    settle(page)
    box = menu.bounding_box()
    assert box is not None, "the open menu has a box"
    crop(page, box["y"] + box["height"], path)


def crop(page: Page, bottom: float, path: Path) -> None:
    """The viewport's whole width, from the top down to a margin below ``bottom``."""
    size = page.viewport_size
    assert size is not None
    height = min(size["height"], bottom + 24)
    page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": size["width"], "height": height})


def shoot_upload(page: Page, server: DemoServer, upload: Path, path: Path) -> None:
    """The upload form with one file uploaded, cropped below the form."""
    page.goto(f"{server.url}/upload/")
    page.wait_for_selector("dlw-upload[data-dlw-connected]")
    page.fill("#id_title", "Annual report")
    page.set_input_files("#id_file", str(upload))
    page.wait_for_selector('.dlw-upload-item[data-state="complete"]', timeout=TIMEOUT)
    page.evaluate("() => document.activeElement?.blur()")
    settle(page)
    box = page.locator("form.demo-form").bounding_box()
    assert box is not None, "the form has a box"
    crop(page, box["y"] + box["height"], path)


def settle(page: Page) -> None:
    """Wait until transitions and animations have finished and fonts are in."""
    page.evaluate("() => document.fonts.ready")
    page.wait_for_function(
        "() => document.getAnimations().every((a) => a.playState !== 'running'"
        " || a.effect?.getTiming().iterations === Infinity)"
    )


def run(browser: Browser, server: DemoServer, upload: Path, out: Path) -> list[Path]:
    written = []
    setup = browser.new_context()
    page = setup.new_page()
    login(page, server)
    prepare(page, server, upload)
    state = setup.storage_state()
    setup.close()
    for scheme in SCHEMES:
        for screen in SCREENS:
            context = browser.new_context(
                storage_state=state,
                color_scheme=scheme,
                viewport={"width": screen.width, "height": screen.height},
                device_scale_factor=2 if screen.name == "mobile" else 1,
                reduced_motion="reduce",
            )
            page = context.new_page()
            dark = page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches")
            assert dark == (scheme == "dark"), f"the {scheme} scheme is not emulated"
            centre = out / f"download-centre-{scheme}-{screen.name}.png"
            shoot_centre(page, server, centre)
            widget = out / f"upload-widget-{scheme}-{screen.name}.png"
            shoot_upload(page, server, upload, widget)
            written += [centre, widget]
            context.close()
    return written


def run_bootstrap(browser: Browser, server: DemoServer, out: Path) -> list[Path]:
    """The download centre under Bootstrap 5 (docs/styling.md's map), in Bootstrap's two themes."""
    from tests.e2e.layout import seed_downloads

    seed_downloads(server, USERNAME)
    written = []
    for theme in SCHEMES:
        viewport: ViewportSize = {"width": 1280, "height": 800}
        context = browser.new_context(viewport=viewport, reduced_motion="reduce")
        page = context.new_page()
        login(page, server)
        page.goto(f"{server.url}/bootstrap/?theme={theme}")
        page.locator(f"{CENTRE} > button").first.click()
        menu = page.locator(f"{CENTRE} .dlw-menu")
        menu.wait_for(state="visible")
        settle(page)
        box = menu.bounding_box()
        assert box is not None
        path = out / f"centre-bootstrap-{theme}.png"
        crop(page, box["y"] + box["height"], path)
        written.append(path)
        context.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    executable = chromium_path()
    if executable is None:
        sys.exit("chromium is not installed (`make test` installs it: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        upload = workdir / "annual-report.pdf"
        upload.write_bytes(b"%PDF-1.4\n" + os.urandom(3 * 1024 * 1024))
        server = DemoServer(workdir, extra_env={"DEMO_SLOW_SECONDS": str(SLOW_SECONDS)})
        (workdir / "bootstrap").mkdir()
        styled = DemoServer(workdir / "bootstrap", extra_env={"DEMO_CSS": "bootstrap"})
        with running(server), running(styled), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                shots = run(browser, server, upload, args.out)
                for path in shots + run_bootstrap(browser, styled, args.out):
                    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
            finally:
                browser.close()


if __name__ == "__main__":
    main()
