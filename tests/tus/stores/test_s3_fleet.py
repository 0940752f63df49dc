"""Two app servers, no shared folder, one S3 server: they take turns on one upload, one is
killed mid-PATCH, the other finishes it; the stored object is the source, byte for byte.

Each uvicorn process has a folder of its own (its media and its temporary files); they share
only the database (one SQLite file, as a fleet shares its database server) and the bucket.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
from tusclient import client as tus_client

from tests.harness.demo_server import DemoServer
from tests.harness.processes import LOOPBACK
from tests.harness.s3 import S3Server

from ..live import (
    OCTET,
    TUS,
    Session,
    create,
    head_offset,
    login,
    open_patch,
    request,
    stored_sha256,
    stored_size,
)
from ..test_live_clients import MB, make_source

pytestmark = pytest.mark.live

PART = 5 * MB
# With a PostgreSQL cluster (``make test-postgres``) the fleet also runs on it, where the two
# servers' conditional UPDATEs of the lease really race.
PG_PORT = os.environ.get("DLW_TEST_PG_PORT")
DATABASES = [
    "sqlite",
    *([pytest.param("postgresql", marks=pytest.mark.postgres)] if PG_PORT else []),
]


@pytest.fixture(scope="module", params=DATABASES)
def fleet(
    s3_server: S3Server, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[tuple[DemoServer, DemoServer]]:
    setting = json.dumps(s3_server.store_setting(s3_server.new_bucket()))
    tmp_path = tmp_path_factory.mktemp("fleet")
    database = tmp_path / "database" / "db.sqlite3"
    database.parent.mkdir()
    port = int(PG_PORT) if request.param == "postgresql" and PG_PORT else None
    servers: list[DemoServer] = []
    for name in ("a", "b"):
        workdir = tmp_path / name
        (workdir / "tmp").mkdir(parents=True)
        env = {
            "DEMO_DB": str(database),
            "DEMO_UPLOAD_STORE": setting,
            "TMPDIR": str(workdir / "tmp"),
        }
        if port is not None and servers:
            env["DEMO_PG_NAME"] = servers[0].pg_database  # the first one's database
        servers.append(DemoServer(workdir, extra_env=env, postgres_port=port))
    for server in servers:
        server.start()
    try:
        yield servers[0], servers[1]
    finally:
        for server in servers:
            server.stop()
    for server in servers:
        # Neither kept anything of the uploads: no partial file, no leftover spool.
        assert not (server.workdir / "media" / "dlwidget" / "uploads").exists()
        assert list((server.workdir / "tmp").iterdir()) == []


def lease_runs_out(server: DemoServer, url: str) -> None:
    """A dead holder's lease expires LEASE_DURATION after its last renewal: say it did now."""
    upload_id = url.rstrip("/").rsplit("/", 1)[-1]
    if server.postgres_port is None:
        with sqlite3.connect(server.env["DEMO_DB"]) as db:
            db.execute(
                "UPDATE dlwidget_upload SET lease_expires = '2000-01-01 00:00:00' WHERE id = ?",
                (upload_id.replace("-", ""),),
            )
        return
    import psycopg

    from tests.harness.postgres import SUPERUSER

    with psycopg.connect(
        host=LOOPBACK, port=server.postgres_port, user=SUPERUSER, dbname=server.env["DEMO_PG_NAME"]
    ) as db:
        db.execute(
            "UPDATE dlwidget_upload SET lease_expires = '2000-01-01 00:00:00+00' WHERE id = %s",
            (upload_id,),
        )


def test_two_servers_take_turns_and_one_dies(
    fleet: tuple[DemoServer, DemoServer], tmp_path: Path
) -> None:
    a, b = fleet
    on_a = login(a.url)
    on_b = Session(b.url, on_a.cookie, on_a.csrf)  # one session: the database is shared
    source = tmp_path / "source.bin"
    expected = make_source(source, 4 * PART + 777)
    data = source.read_bytes()
    url = create(on_a, len(data))

    # B takes the first 3 MiB (kept as a tail), A the next 1 MiB (part 1 is not full yet).
    headers = {**TUS, "Content-Type": OCTET}
    assert (
        request(on_b, "PATCH", url, data[: 3 * MB], {**headers, "Upload-Offset": "0"}).status == 204
    )
    assert (
        request(
            on_a, "PATCH", url, data[3 * MB : 4 * MB], {**headers, "Upload-Offset": str(3 * MB)}
        ).status
        == 204
    )
    assert head_offset(on_b, url) == 4 * MB

    # A starts on the rest and is killed once at least two whole parts reached S3.
    sock = open_patch(on_a, url, 4 * MB, len(data) - 4 * MB)
    sock.sendall(data[4 * MB : 4 * MB + 2 * PART + 3 * MB])
    deadline = time.monotonic() + 20
    while stored_size(a, url) < 2 * PART and time.monotonic() < deadline:
        time.sleep(0.05)
    a.process.kill()
    sock.close()
    kept = stored_size(a, url)
    assert kept >= 2 * PART
    assert kept % PART == 0  # the part being spooled died with A

    # Until its lease runs out, nobody else writes; then B reports and takes what S3 has.
    response = request(on_b, "PATCH", url, b"x", {**headers, "Upload-Offset": str(kept)})
    assert response.status == 423
    lease_runs_out(b, url)
    assert head_offset(on_b, url) == kept
    client = tus_client.TusClient(on_b.endpoint, headers=on_b.headers)
    uploader = client.uploader(
        str(source), chunk_size=3 * MB, upload_checksum=True, url=urljoin(on_b.endpoint, url)
    )
    uploader.upload()
    assert stored_sha256(b, url) == expected
    assert request(on_b, "HEAD", url, headers=TUS).getheader("Dlw-Upload-Token")
    if a.postgres_port is not None:
        assert not Path(a.env["DEMO_DB"]).exists()  # all of it on PostgreSQL
    a.process.start()  # for the module's other tests


def test_tuspy_stops_on_one_server_and_resumes_on_the_other(
    fleet: tuple[DemoServer, DemoServer], tmp_path: Path
) -> None:
    a, b = fleet
    on_a = login(a.url)
    on_b = Session(b.url, on_a.cookie, on_a.csrf)
    source = tmp_path / "source.bin"
    expected = make_source(source, 3 * PART + 4321)
    first = tus_client.TusClient(on_a.endpoint, headers=on_a.headers)
    uploader = first.uploader(str(source), chunk_size=2 * MB, upload_checksum=True)
    uploader.upload(stop_at=7 * MB)
    url = str(uploader.url)
    assert head_offset(on_b, url) == 7 * MB  # one part and a tail of 2 MiB
    second = tus_client.TusClient(on_b.endpoint, headers=on_b.headers)
    resumed = second.uploader(str(source), chunk_size=2 * MB, upload_checksum=True, url=url)
    assert resumed.get_offset() == 7 * MB
    resumed.upload()
    assert stored_sha256(b, url) == expected
