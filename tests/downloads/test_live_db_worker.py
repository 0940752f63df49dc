"""The durable backend for real: the demo under uvicorn with its tasks in the database
(django-tasks-db), so the export view only enqueues, and a separate ``manage.py db_worker --batch``
process (cron's one-shot mode) runs the job; the list, and the download centre in Chromium, then
show the file ready, and it downloads byte-exact."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.harness.demo_server import PASSWORD, USERNAME, DemoServer, login
from tests.harness.sessions import login_session, start_export

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytest.importorskip("django_tasks_db")  # the [db] extra; in requirements/dev.txt

pytestmark = pytest.mark.live

ENV = {"DEMO_TASKS": "db", "DEMO_MODE": "poll"}  # no channel layer between server and worker
ROWS = 500  # the harness's DEMO_QUICK_ROWS
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxies


@pytest.fixture(scope="module")
def db_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    server = DemoServer(tmp_path_factory.mktemp("demo-db-tasks"), extra_env=ENV)
    server.start()  # `migrate` creates django_tasks_db's table too
    try:
        yield server
    finally:
        server.stop()


def get(
    server: DemoServer, cookies: dict[str, str], path: str, etag: str | None = None
) -> tuple[bytes, str]:
    """The body and ETag of a GET as the logged-in user (``etag``: sent as If-None-Match)."""
    headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}
    if etag is not None:
        headers["If-None-Match"] = etag
    request = urllib.request.Request(f"{server.url}{path}", headers=headers)
    with OPENER.open(request, timeout=10) as response:
        assert response.status == 200
        return response.read(), response.headers["ETag"]


def listed(
    server: DemoServer, cookies: dict[str, str], key: str, etag: str | None = None
) -> tuple[dict[str, Any], str]:
    """The download ``key`` as the list shows it, and the list's ETag."""
    body, list_etag = get(server, cookies, "/dlwidget/downloads/", etag)
    (found,) = (d for d in json.loads(body)["downloads"] if d["key"] == key)
    return dict(found), list_etag


def db_worker(server: DemoServer) -> str:
    """``manage.py db_worker --batch``: run what is queued, then exit (what cron would start)."""
    return server.manage("db_worker", "--batch", "--no-startup-delay")


def queued(server: DemoServer) -> list[str]:
    """The task rows django-tasks-db holds: ``<task path> <status>`` each."""
    script = (
        "from django_tasks_db.models import DBTaskResult as T\n"
        "for t in T.objects.order_by('enqueued_at'): print(t.task_path, t.status)"
    )
    return server.manage("shell", "-v0", "-c", script).split("\n")[:-1]


def test_a_view_only_enqueues_and_a_one_shot_db_worker_makes_the_file_ready(
    db_demo: DemoServer,
) -> None:
    from tests.e2e.centre import expected_quick_csv

    cookies = login_session(db_demo.url, USERNAME, PASSWORD)
    key = start_export(db_demo.url, cookies)
    # Nothing in the server process runs it: it waits in the database for a worker.
    pending, etag = listed(db_demo, cookies, key)
    assert (pending["status"], pending["url"]) == ("pending", None)
    assert queued(db_demo) == ["django_dlwidget.downloads.tasks.run_download READY"]

    assert "No more tasks to run" in db_worker(db_demo)
    assert queued(db_demo) == ["django_dlwidget.downloads.tasks.run_download SUCCESSFUL"]
    # The worker bumped the list's version where the server sees it: a poll with the old ETag
    # gets the new list (a 304 would raise here), so the browser's centre shows the file ready.
    download, new_etag = listed(db_demo, cookies, key, etag)
    assert new_etag != etag
    assert download["status"] == "ready", download
    assert download["progress"] == 100
    body, _ = get(db_demo, cookies, download["url"])
    assert body == expected_quick_csv(ROWS)
    assert download["size"] == len(body)

    # Run again with nothing queued: it exits at once and leaves the download as it was.
    assert "No more tasks to run" in db_worker(db_demo)
    assert listed(db_demo, cookies, key) == (download, new_etag)


@pytest.mark.browser
def test_the_centre_in_the_browser_shows_the_job_ready_after_the_db_worker_ran_it(
    db_demo: DemoServer, browser: Browser, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    from tests.e2e import centre

    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        login(page, db_demo, db_demo.create_user("dbworker-browser"))
        key = centre.start_export(page, "quick")
        centre.open_menu(page)
        row = centre.item(page, key)
        expect(row).to_have_attribute("data-status", "pending")
        assert "No more tasks to run" in db_worker(db_demo)
        # The centre's next poll brings the worker's result; the page is not reloaded.
        expect(row).to_have_attribute("data-status", "ready", timeout=20_000)
        with page.expect_download() as info:
            row.locator("a").click()
        saved = tmp_path / "quick.csv"
        info.value.save_as(saved)
        assert saved.read_bytes() == centre.expected_quick_csv(ROWS)
        assert errors == []
    finally:
        context.close()
