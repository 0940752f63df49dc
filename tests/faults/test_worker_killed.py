"""A worker process killed mid-export (SIGKILL, as the OOM killer would): its job stops sending
heartbeats, the stale sweep of the cleanup fails it, and the download centre in Chromium shows the
failure with its message instead of a bar stuck at some percentage."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.harness.demo_server import DemoServer, login
from tests.harness.postgres import PostgresCluster
from tests.harness.processes import running
from tests.harness.redis import RedisServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = [pytest.mark.live, pytest.mark.browser]

STALE_AFTER = 3  # seconds without a heartbeat before the sweep fails a running job
ABANDONED = "The export stopped responding and was abandoned."


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, pg_cluster: PostgresCluster, redis_server: RedisServer
) -> Iterator[DemoServer]:
    """The demo on PostgreSQL, with the version cache on Redis, which the worker process shares."""
    env = {
        "DEMO_MODE": "poll",
        "DEMO_REDIS_URL": redis_server.url.rsplit("/", 1)[0] + "/7",  # a database of its own
        "DEMO_DLWIDGET": json.dumps({"STALE_AFTER": STALE_AFTER}),
    }
    demo = DemoServer(
        tmp_path_factory.mktemp("killed"), extra_env=env, postgres_port=pg_cluster.port
    )
    with running(demo):
        yield demo


def test_a_killed_worker_s_job_is_failed_by_the_sweep_and_the_menu_says_so(
    server: DemoServer, browser: Browser, artifacts: Path
) -> None:
    from playwright.sync_api import expect

    from tests.e2e import centre

    user = server.create_user("killed-worker")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    worker = server.start_job_worker("--username", user, "--steps", "100", "--delay", "0.2")
    try:
        assert worker.stdout is not None
        key = worker.stdout.readline().strip()
        login(page, server, user)
        centre.open_menu(page)
        row = centre.item(page, key)
        expect(row).to_have_attribute("data-status", "running", timeout=15_000)
        bar = row.locator("[role=progressbar]")
        expect(bar).not_to_have_attribute("aria-valuenow", "0", timeout=15_000)

        worker.kill()  # SIGKILL: no exception handler, no atexit, the row stays "running"
        worker.wait(10)
        killed_at = time.monotonic()
        stuck = bar.get_attribute("aria-valuenow")
        assert stuck is not None
        assert 0 < int(stuck) < 100

        time.sleep(max(0.0, STALE_AFTER + 1 - (time.monotonic() - killed_at)))
        out = server.manage("dlwidget_cleanup")
        assert "stale: 1" in out.splitlines(), out  # this job, failed by the sweep

        # The centre's next poll brings the failure; the page is not reloaded.
        expect(row).to_have_attribute("data-status", "failed", timeout=20_000)
        expect(row.locator("[role=progressbar]")).to_have_count(0)
        expect(row).to_contain_text("Failed")
        expect(row).to_contain_text(ABANDONED)
        expect(row.locator("[data-action=clear]")).to_be_visible()
        page.screenshot(path=str(artifacts / "faults-worker-killed.png"))
        assert errors == []
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)
        page.close()
