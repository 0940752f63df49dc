"""The durable backend for real: the demo under uvicorn with its tasks in the database
(django-tasks-db), so the export view only enqueues, and a separate ``manage.py db_worker --batch``
process (cron's one-shot mode) runs the job; the list then shows the file ready, byte-exact."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests.harness.demo_server import PASSWORD, USERNAME, DemoServer
from tests.harness.sessions import login_session

pytest.importorskip("django_tasks_db")  # the [db] extra; in requirements/dev.txt

pytestmark = pytest.mark.live

ROWS = 500  # the harness's DEMO_QUICK_ROWS
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxies


@pytest.fixture(scope="module")
def db_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    server = DemoServer(tmp_path_factory.mktemp("demo-db-tasks"), extra_env={"DEMO_TASKS": "db"})
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


def start_export(server: DemoServer, cookies: dict[str, str]) -> str:
    request = urllib.request.Request(
        f"{server.url}/exports/quick/",
        method="POST",
        headers={
            "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
            "X-CSRFToken": cookies["csrftoken"],
            "Accept": "application/json",
        },
    )
    with OPENER.open(request, timeout=10) as response:
        assert response.status == 202
        return str(json.load(response)["key"])


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
    key = start_export(db_demo, cookies)
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
