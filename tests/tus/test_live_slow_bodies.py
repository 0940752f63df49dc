"""Slow-body PATCHes from one user on PostgreSQL: the other user is served, the slow bodies are
ended or refused, and the server's database connections stay bounded (issue 13, finding 1)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.harness.demo_server import USERNAME, DemoServer
from tests.harness.processes import running

from .live import login
from .slow_bodies import attack

PG_PORT = os.environ.get("DLW_TEST_PG_PORT")
pytestmark = [
    pytest.mark.live,
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_PORT, reason="needs a PostgreSQL cluster (make test-postgres)"),
]
LIMITS = {
    "UPLOAD_IDLE_TIMEOUT": 3,
    "UPLOAD_MIN_RATE": 100,
    "UPLOAD_MAX_CONCURRENT_PER_USER": 20,
}


def test_slow_bodies_hold_no_database_connection(tmp_path: Path) -> None:
    server = DemoServer(
        tmp_path,
        postgres_port=int(PG_PORT or 0),
        extra_env={"DEMO_DLWIDGET": json.dumps(LIMITS)},
    )
    with running(server):
        other_name = server.create_user("other")
        attacker, other = login(server.url, USERNAME), login(server.url, other_name)
        figures = attack(server, attacker, other, slow=30, seconds=8, interval=1.0)
    print(figures)
    # 20 bodies accepted at once, none holding a connection while it waits for bytes.
    assert figures.peak_held_connections <= 2
    assert figures.other_ok > 0
    assert figures.other_failed == []
    # Every slow PATCH was refused (429) or ended by the server (its answer, 204), none kept.
    assert figures.slow_statuses["429"] > 0
    assert figures.slow_statuses["204"] > 0
    assert set(figures.slow_statuses) <= {"429", "204", "unfinished"}
