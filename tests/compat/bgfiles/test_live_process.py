"""The cron path of dj-bgfiles for real: the demo under uvicorn with the compat app
(``DEMO_BGFILES=1``), a view that records a request through the compat pattern, a separate
``manage.py bgfiles process`` process that makes the file, and the requester's list (and the
download centre in Chromium) showing it ready, byte-exact."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.harness.demo_server import PASSWORD, USERNAME, DemoServer, login
from tests.harness.processes import running
from tests.harness.sessions import login_session

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.live

ENV = {"DEMO_BGFILES": "1", "DEMO_MODE": "poll"}  # the command is another process: poll
ROWS = 500
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxies


@pytest.fixture(scope="module")
def bgfiles_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    server = DemoServer(tmp_path_factory.mktemp("demo-bgfiles"), extra_env=ENV)
    with running(server):
        yield server


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def get(
    server: DemoServer, cookies: dict[str, str], path: str, etag: str | None = None
) -> tuple[bytes, str]:
    headers = {"Cookie": cookie_header(cookies)}
    if etag is not None:
        headers["If-None-Match"] = etag
    request = urllib.request.Request(f"{server.url}{path}", headers=headers)
    with OPENER.open(request, timeout=10) as response:
        assert response.status == 200
        return response.read(), response.headers["ETag"] or ""


def listed(
    server: DemoServer, cookies: dict[str, str], key: str, etag: str | None = None
) -> tuple[dict[str, Any], str]:
    body, list_etag = get(server, cookies, "/dlwidget/downloads/", etag)
    (found,) = (d for d in json.loads(body)["downloads"] if d["key"] == key)
    return dict(found), list_etag


def request_export(server: DemoServer, cookies: dict[str, str], rows: int = ROWS) -> str:
    """POST the compat view as a plain form; the key on the delayed page it renders."""
    form = urllib.parse.urlencode({"rows": rows}).encode()
    request = urllib.request.Request(
        f"{server.url}/bgfiles/export/",
        data=form,
        headers={"Cookie": cookie_header(cookies), "X-CSRFToken": cookies["csrftoken"]},
    )
    with OPENER.open(request, timeout=10) as response:
        assert response.status == 200
        page = response.read().decode()
    match = re.search(r'id="bgfiles-request" data-key="([0-9a-f-]{36})"', page)
    assert match is not None, page
    return match.group(1)


def process(server: DemoServer, *args: str) -> str:
    return server.manage("bgfiles", "process", *args)


def test_a_view_records_the_request_and_bgfiles_process_makes_it_ready(
    bgfiles_demo: DemoServer,
) -> None:
    from tests.e2e.centre import expected_quick_csv

    cookies = login_session(bgfiles_demo.url, USERNAME, PASSWORD)
    key = request_export(bgfiles_demo, cookies)
    pending, etag = listed(bgfiles_demo, cookies, key)
    assert (pending["status"], pending["url"]) == ("pending", None)
    assert pending["name"] == "Quick report (bgfiles)"

    output = process(bgfiles_demo)
    assert f"Handled request {key}" in output
    assert output.rstrip().endswith("Handled 1 requests")
    # The command bumped the list's version where the server sees it: the old ETag is stale.
    ready, new_etag = listed(bgfiles_demo, cookies, key, etag)
    assert new_etag != etag
    assert ready["status"] == "ready", ready
    assert ready["filename"] == "quick-bgfiles.csv"
    body, _ = get(bgfiles_demo, cookies, ready["url"])
    assert body == expected_quick_csv(ROWS)
    assert ready["size"] == len(body)

    # Nothing is left to do: a second run handles nothing and changes nothing.
    assert process(bgfiles_demo).rstrip().endswith("Handled 0 requests")
    assert listed(bgfiles_demo, cookies, key) == (ready, new_etag)


def test_a_small_export_is_answered_at_once(bgfiles_demo: DemoServer) -> None:
    from tests.e2e.centre import expected_quick_csv

    cookies = login_session(bgfiles_demo.url, USERNAME, PASSWORD)
    form = urllib.parse.urlencode({"rows": 20}).encode()
    request = urllib.request.Request(
        f"{bgfiles_demo.url}/bgfiles/export/",
        data=form,
        headers={"Cookie": cookie_header(cookies), "X-CSRFToken": cookies["csrftoken"]},
    )
    with OPENER.open(request, timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        assert "quick-bgfiles.csv" in response.headers["Content-Disposition"]
        assert response.read() == expected_quick_csv(20)


@pytest.mark.browser
def test_the_centre_in_the_browser_shows_the_request_ready_after_the_command(
    bgfiles_demo: DemoServer, browser: Browser, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    from tests.e2e import centre

    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        login(page, bgfiles_demo, bgfiles_demo.create_user("bgfiles-browser"))
        page.click("button[data-bgfiles-export]")
        key = page.locator("#bgfiles-request").get_attribute("data-key")
        assert key
        centre.open_menu(page)
        row = centre.item(page, key)
        expect(row).to_have_attribute("data-status", "pending")
        assert f"Handled request {key}" in process(bgfiles_demo)
        # The centre's next poll brings the command's result; the page is not reloaded.
        expect(row).to_have_attribute("data-status", "ready", timeout=20_000)
        with page.expect_download() as info:
            row.locator("a").click()
        saved = tmp_path / "quick-bgfiles.csv"
        info.value.save_as(saved)
        assert saved.read_bytes() == centre.expected_quick_csv(ROWS)
        assert errors == []
    finally:
        context.close()
