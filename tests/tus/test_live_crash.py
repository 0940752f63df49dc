"""Several server processes and a crash: one writer at a time, nothing on disk is lost."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
from tusclient import client as tus_client

from tests.harness.demo_server import EXAMPLE, DemoServer
from tests.harness.processes import LOOPBACK, ServerProcess, free_port, running

from .live import (
    TUS,
    Session,
    create,
    head_offset,
    login,
    open_patch,
    partial_file,
    read_status,
    request,
    sha256_of,
)
from .test_live_clients import MB, make_source

pytestmark = pytest.mark.live


# With a PostgreSQL cluster (``make test-postgres`` runs these through tools/with-postgres.sh),
# the multi-process test runs on it too: there the lease's conditional UPDATEs really race.
PG_PORT = os.environ.get("DLW_TEST_PG_PORT")
DATABASES = [
    "sqlite",
    *([pytest.param("postgresql", marks=pytest.mark.postgres)] if PG_PORT else []),
]


@pytest.fixture
def own_server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[DemoServer]:
    """A demo site of this test's own, so it may be killed (on SQLite unless parametrized)."""
    backend = getattr(request, "param", "sqlite")
    server = DemoServer(
        tmp_path, postgres_port=int(PG_PORT) if backend == "postgresql" and PG_PORT else None
    )
    with running(server):
        yield server


def second_process(server: DemoServer) -> ServerProcess:
    """Another uvicorn process on the same database and upload directory."""
    port = free_port()
    args = [*server.process.args]
    args[args.index("--port") + 1] = str(port)
    return ServerProcess(
        args, env=server.env, cwd=EXAMPLE, log=server.workdir / "server2.log", port=port
    )


@pytest.mark.parametrize("own_server", DATABASES, indirect=True)
def test_two_processes_patching_at_once(own_server: DemoServer) -> None:
    other = second_process(own_server)
    other.start()
    try:
        session = login(own_server.url)
        other_session = Session(f"http://{LOOPBACK}:{other.port}", session.cookie, session.csrf)
        data = os.urandom(6 * MB)
        url = create(session, len(data))
        statuses: list[int] = []

        def patch_through(target: Session) -> None:
            sock = open_patch(target, url, 0, len(data))
            try:
                for start in range(0, len(data), 256 * 1024):
                    sock.sendall(data[start : start + 256 * 1024])
                    time.sleep(0.01)
                statuses.append(read_status(sock))
            except OSError:
                statuses.append(-1)  # refused early: the server closed while we sent
            finally:
                sock.close()

        threads = [
            threading.Thread(target=patch_through, args=(s,)) for s in (session, other_session)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert sorted(statuses) in ([204, 409], [204, 423])
        assert partial_file(own_server, url).read_bytes() == data
        assert head_offset(other_session, url) == len(data)
        if own_server.postgres_port is not None:
            assert not Path(own_server.env["DEMO_DB"]).exists()  # all of it on PostgreSQL
    finally:
        other.stop()


def test_sigkill_mid_patch_then_resume(own_server: DemoServer, tmp_path: Path) -> None:
    session = login(own_server.url)
    source = tmp_path / "source.bin"
    expected = make_source(source, 24 * MB)
    data = source.read_bytes()
    url = create(session, len(data))
    sock = open_patch(session, url, 0, len(data))
    sock.sendall(data[: 9 * MB + 4321])
    path = partial_file(own_server, url)
    deadline = time.monotonic() + 10
    while path.stat().st_size < 9 * MB and time.monotonic() < deadline:
        time.sleep(0.05)
    own_server.process.kill()
    sock.close()
    on_disk = path.stat().st_size
    assert on_disk >= 9 * MB

    own_server.process.start()
    session = login(own_server.url)
    assert head_offset(session, url) == on_disk
    client = tus_client.TusClient(session.endpoint, headers=session.headers)
    uploader = client.uploader(str(source), chunk_size=4 * MB, url=urljoin(session.endpoint, url))
    uploader.upload()
    assert sha256_of(path) == expected
    response = request(session, "HEAD", url, headers=TUS)
    assert response.getheader("Dlw-Upload-Token")
