"""PostgreSQL stopped for 5 s under a running site (``pg_ctl stop -m fast``, then started again on
the same port and data folder): every endpoint of the package answers a clean 503 with
``Retry-After`` while it is down, nothing is left half-written, and once it is back the same app
server serves again and an upload begun before the outage finishes with the right bytes."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harness.demo_server import PASSWORD, USERNAME, DemoServer
from tests.harness.postgres import PostgresCluster
from tests.harness.processes import running
from tests.harness.sessions import login_session, start_export
from tests.tus.live import (
    OCTET,
    TUS,
    Session,
    create,
    login,
    open_patch,
    partial_file,
    read_status,
)

from .client import Reply, send

pytestmark = pytest.mark.live

MIB = 1024 * 1024
OUTAGE = 5.0  # seconds the database is down
DETAIL = "The database cannot be reached right now. Try again in a few seconds."


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, pg_cluster: PostgresCluster
) -> Iterator[DemoServer]:
    """The demo on PostgreSQL, with Django's connection per request (what Django advises under
    ASGI: persistent connections are for WSGI)."""
    demo = DemoServer(
        tmp_path_factory.mktemp("pg-down"),
        extra_env={"DEMO_MODE": "poll"},
        postgres_port=pg_cluster.port,
    )
    with running(demo):
        yield demo


def assert_json_503(reply: Reply, *, tus: bool = False, bodiless: bool = False) -> None:
    assert reply.status == 503, (reply.status, reply.body[:500])
    assert reply.header("Retry-After") == "5"
    if tus:
        assert reply.header("Tus-Resumable") == "1.0.0"
    if not bodiless:
        assert reply.header("Content-Type") == "application/json"
        assert reply.json() == {"error": "database_unavailable", "detail": DETAIL}


def ready_download(server: DemoServer, session: Session) -> dict[str, object]:
    """A finished export (the demo's in-process worker runs it) as its detail endpoint shows it."""
    cookies = login_session(server.url, USERNAME, PASSWORD)
    key = start_export(server.url, cookies)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        download = send(session, "GET", f"/dlwidget/downloads/{key}/").json()
        if download["status"] == "ready":
            return dict(download)
        time.sleep(0.2)
    raise AssertionError(f"export {key} not ready: {download}")


def wait_for_size(path: Path, size: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not (path.exists() and path.stat().st_size >= size):
        assert time.monotonic() < deadline, f"{path.name} never reached {size} bytes"
        time.sleep(0.02)


def test_endpoints_answer_503_while_the_database_is_down_and_serve_again_after(
    server: DemoServer, pg_cluster: PostgresCluster
) -> None:
    session = login(server.url)
    download = ready_download(server, session)
    key = download["key"]
    file_before = send(session, "GET", f"/dlwidget/downloads/{key}/file/")
    assert file_before.status == 200
    listing = send(session, "GET", "/dlwidget/downloads/")
    assert listing.status == 200

    data = os.urandom(3 * MIB)
    upload = create(session, len(data))
    patch = {**TUS, "Content-Type": OCTET}
    first = send(session, "PATCH", upload, data[:MIB], {**patch, "Upload-Offset": "0"})
    assert first.status == 204, first.body

    # A PATCH under way when the database goes: half its body is on disk by then.
    cut = os.urandom(2 * MIB)
    in_flight = create(session, len(cut))
    sock = open_patch(session, in_flight, 0, len(cut))
    sock.sendall(cut[:MIB])
    wait_for_size(partial_file(server, in_flight), MIB)

    pg_cluster.pause()
    down_at = time.monotonic()
    try:
        sock.sendall(cut[MIB:])
        assert read_status(sock) == 503  # its offset could not be recorded
        sock.close()
        # The JSON endpoints, a conditional poll included (the login check needs the session).
        assert_json_503(send(session, "GET", "/dlwidget/downloads/"))
        etag = listing.header("ETag") or ""
        assert_json_503(
            send(session, "GET", "/dlwidget/downloads/", headers={"If-None-Match": etag})
        )
        assert_json_503(send(session, "GET", f"/dlwidget/downloads/{key}/"))
        assert_json_503(send(session, "POST", f"/dlwidget/downloads/{key}/cancel/"))
        assert_json_503(send(session, "DELETE", f"/dlwidget/downloads/{key}/"))
        assert_json_503(send(session, "GET", f"/dlwidget/downloads/{key}/file/"))
        # tus: creation, HEAD (no body), PATCH.
        created = send(
            session, "POST", "/dlwidget/uploads/", headers={**TUS, "Upload-Length": "10"}
        )
        assert_json_503(created, tus=True)
        assert_json_503(send(session, "HEAD", upload, headers=TUS), tus=True, bodiless=True)
        more = send(
            session, "PATCH", upload, data[MIB : MIB + 65536], {**patch, "Upload-Offset": str(MIB)}
        )
        assert_json_503(more, tus=True)
        # The HTML page: a plain 503 page, not the site's 500.
        page = send(session, "GET", "/dlwidget/downloads/all/")
        assert page.status == 503, page.body[:500]
        assert page.header("Retry-After") == "5"
        assert (page.header("Content-Type") or "").startswith("text/html")
        assert DETAIL in page.body.decode()
        cleared = send(session, "POST", f"/dlwidget/downloads/all/{key}/clear/")
        assert cleared.status == 503
    finally:
        time.sleep(max(0.0, OUTAGE - (time.monotonic() - down_at)))
        pg_cluster.resume()

    # Back, with the same app server process: the very first request is served.
    assert server.process.proc is not None
    assert server.process.proc.poll() is None
    again = send(session, "GET", "/dlwidget/downloads/")
    assert again.status == 200, again.body[:500]
    # Nothing half-written: the download is as it was, its file the same bytes.
    assert send(session, "GET", f"/dlwidget/downloads/{key}/").json() == download
    assert send(session, "GET", f"/dlwidget/downloads/{key}/file/").body == file_before.body
    # The upload: its offset is what was stored before the outage, and it finishes.
    head = send(session, "HEAD", upload, headers=TUS)
    assert head.status == 200
    assert (
        int(head.header("Upload-Offset") or -1)
        == MIB
        == partial_file(server, upload).stat().st_size
    )
    # The cut PATCH: whatever reached the disk counts, and HEAD says exactly that much.
    head = send(session, "HEAD", in_flight, headers=TUS)
    offset = int(head.header("Upload-Offset") or -1)
    assert offset == partial_file(server, in_flight).stat().st_size
    assert MIB <= offset <= len(cut)
    if offset < len(cut):
        tail = send(
            session, "PATCH", in_flight, cut[offset:], {**patch, "Upload-Offset": str(offset)}
        )
        assert tail.status == 204, tail.body
    assert partial_file(server, in_flight).read_bytes() == cut

    rest = send(session, "PATCH", upload, data[MIB:], {**patch, "Upload-Offset": str(MIB)})
    assert rest.status == 204, rest.body
    assert rest.header("Upload-Offset") == str(len(data))
    stored = partial_file(server, upload).read_bytes()
    assert hashlib.sha256(stored).hexdigest() == hashlib.sha256(data).hexdigest()
