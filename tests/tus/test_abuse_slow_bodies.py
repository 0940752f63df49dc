"""The long slow-body run (``make abuse``, not in ``make test``): 110 PATCHes sending a byte
every 2 s from one user against PostgreSQL's ``max_connections=100`` for 60 s, while another
user keeps using the site; once with the default limits of slow bodies, once with their caps
raised past 110 so that every slow body is accepted and only the released connections keep the
server up."""

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
    pytest.mark.skipif(not (PG_PORT and os.environ.get("DLW_ABUSE")), reason="make abuse runs it"),
]
SLOW, SECONDS, INTERVAL = 110, 60.0, 2.0
# 110 uploads to write at once, and the other user's finished ones: past UPLOAD_MAX_COUNT (100),
# another limit than the one measured here.
COUNT = {"UPLOAD_MAX_COUNT": 1000}


@pytest.mark.parametrize(
    "limits",
    [
        pytest.param(COUNT, id="defaults"),
        pytest.param(
            {
                **COUNT,
                "UPLOAD_MAX_CONCURRENT_PER_USER": 200,
                "UPLOAD_MAX_CONCURRENT_PER_PROCESS": 200,
            },
            id="uncapped",
        ),
    ],
)
def test_110_slow_bodies_against_100_connections(tmp_path: Path, limits: dict[str, int]) -> None:
    server = DemoServer(
        tmp_path,
        postgres_port=int(PG_PORT or 0),
        extra_env={"DEMO_DLWIDGET": json.dumps(limits)},
    )
    with running(server):
        other_name = server.create_user("other")
        attacker, other = login(server.url, USERNAME), login(server.url, other_name)
        figures = attack(server, attacker, other, slow=SLOW, seconds=SECONDS, interval=INTERVAL)
    print(f"\n{limits}: {figures}")
    assert figures.max_connections <= SLOW - 10
    assert figures.other_failed == []
    assert figures.other_ok > 0
    assert figures.peak_held_connections <= 2
    assert figures.peak_connections < figures.max_connections // 2
    # Cut (the server's 204: 1 byte every 2 s is under the minimum rate) or refused (429).
    assert figures.slow_statuses["204"] > 0
    assert set(figures.slow_statuses) <= {"429", "204", "unfinished"}
