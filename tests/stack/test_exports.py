"""Exports through the production stack, in Chromium: one made by the db_worker process (a
``@download_task``), one by the Celery worker (the job API). Each one's progress reaches the
page over the socket (through nginx, from a worker process, through Redis), and its file is sent
by nginx: the app server answers with an ``X-Accel-Redirect`` and no body, nginx sends the bytes,
and answers a Range request itself."""

from __future__ import annotations

import csv
import http.client
import io
import time
from pathlib import Path
from typing import Any

import pytest

from tests.harness.processes import LOOPBACK
from tests.harness.stack import Stack

from .conftest import Watched

pytestmark = [pytest.mark.live, pytest.mark.browser]

ROWS = 500  # DEMO_QUICK_ROWS of the stack


def served(stack: Stack, key: str, status: str, wait: float = 10.0) -> dict[str, Any]:
    """nginx's access-log entry for the file of ``key`` answered with ``status``."""
    deadline = time.monotonic() + wait
    while True:
        found = [
            entry
            for entry in stack.nginx.requests()
            if f"/dlwidget/downloads/{key}/file/" in entry["request"] and entry["status"] == status
        ]
        if found or time.monotonic() > deadline:
            assert found, f"no {status} for {key} in nginx's log"
            return found[-1]
        time.sleep(0.1)


def stored_file(stack: Stack, key: str) -> bytes:
    [path] = (stack.exports_dir / "dlwidget" / "downloads" / key).iterdir()
    return path.read_bytes()


def download_in_browser(watched: Watched, key: str, tmp_path: Path) -> bytes:
    from playwright.sync_api import expect

    from tests.e2e.centre import item, open_menu

    open_menu(watched.page)
    row = item(watched.page, key)
    expect(row).to_have_attribute("data-status", "ready", timeout=30_000)
    with watched.page.expect_download() as info:
        row.locator("a").click()
    saved = tmp_path / f"{key}.csv"
    info.value.save_as(saved)
    return saved.read_bytes()


def check_sent_by_nginx(stack: Stack, watched: Watched, key: str, body: bytes) -> None:
    """The browser's GET: the upstream answered X-Accel-Redirect with no body, nginx sent it.
    Then a Range request through nginx: 206 with exactly those bytes, sent by nginx too."""
    full = served(stack, key, "200")
    assert full["accel"].startswith(f"/protected/dlwidget/downloads/{key}/"), full
    assert (full["upstream_status"], full["upstream_bytes"]) == ("200", "0"), full
    assert int(full["bytes"]) == len(body) > 100
    assert body == stored_file(stack, key)

    conn = http.client.HTTPConnection(LOOPBACK, stack.nginx.port, timeout=30)
    conn.request(
        "GET",
        f"/dlwidget/downloads/{key}/file/",
        headers={"Cookie": watched.cookie_header(), "Range": "bytes=17-99"},
    )
    response = conn.getresponse()
    part = response.read()
    conn.close()
    assert response.status == 206
    assert response.getheader("Content-Range") == f"bytes 17-99/{len(body)}"
    assert response.getheader("X-Accel-Redirect") is None  # nginx took it off
    assert part == body[17:100]
    ranged = served(stack, key, "206")
    assert ranged["accel"] == full["accel"]
    assert (ranged["upstream_bytes"], ranged["bytes"]) == ("0", str(len(part)))


def check_progress_over_the_socket(watched: Watched, key: str) -> None:
    progress = watched.progress_of(key)
    # Values between the start and the end: the job's own progress, not only the final state.
    assert [p for p in progress if 0 < p < 100], progress
    assert progress == sorted(progress)
    assert watched.statuses_of(key)[-1] == "ready"


def open_home(stack: Stack, watched: Watched) -> None:
    from playwright.sync_api import expect

    watched.page.goto(f"{stack.url}/")
    expect(watched.page.locator("dlw-download-centre[data-dlw-connected]")).to_have_count(1)


def ran_by(stack: Stack, key: str) -> tuple[str, list[str]]:
    """The status of the task row that made download ``key``, and the workers that ran it."""
    [(status, workers)] = stack.sql(
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult"
        " WHERE args_kwargs::text LIKE %s",
        f"%{key}%",
    )
    return str(status), [str(worker) for worker in workers]


def test_an_export_by_the_db_worker_over_the_socket_and_sent_by_nginx(
    stack: Stack, watched: Watched, tmp_path: Path
) -> None:
    from tests.e2e.centre import start_export

    page = watched.page
    open_home(stack, watched)
    key = start_export(page, "slow")  # DEMO_SLOW_SECONDS=4, in 50 steps
    body = download_in_browser(watched, key, tmp_path)
    assert body.startswith(b"step,at\r\n1,")
    check_progress_over_the_socket(watched, key)
    check_sent_by_nginx(stack, watched, key, body)
    # The db_worker process ran it (the app servers only enqueue with DEMO_TASKS=db).
    status, workers = ran_by(stack, key)
    assert status == "SUCCESSFUL"
    assert [
        f"worker_id={worker} " in (stack.logs / "db_worker.log").read_text() for worker in workers
    ] == [True]
    assert watched.errors == []


def expected_celery_csv(count: int) -> bytes:
    from demo.celery import HEADER, celery_rows  # Celery: only where these tests run

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(celery_rows(count))
    return out.getvalue().encode()


def test_an_export_by_the_celery_worker_over_the_socket_and_sent_by_nginx(
    stack: Stack, watched: Watched, tmp_path: Path
) -> None:
    from tests.e2e.centre import start_export

    page = watched.page
    open_home(stack, watched)
    key = start_export(page, "celery")  # the home page offers it when a broker is configured
    body = download_in_browser(watched, key, tmp_path)
    assert body == expected_celery_csv(ROWS)
    check_progress_over_the_socket(watched, key)
    check_sent_by_nginx(stack, watched, key, body)
    log = (stack.logs / "celery.log").read_text()
    assert "Task demo.celery_export[" in log, log[-2000:]
    assert "succeeded" in log, log[-2000:]
    assert watched.errors == []
