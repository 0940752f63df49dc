"""The tus protocol over raw HTTP against the demo site under uvicorn with the ASGI wrapper,
once with each upload store (a shared folder, and S3)."""

from __future__ import annotations

import base64
import hashlib
import os
import time

import pytest

from tests.harness.demo_server import DemoServer

from .live import (
    OCTET,
    TUS,
    Session,
    create,
    head_offset,
    login,
    open_patch,
    read_status,
    request,
    stored_bytes,
    stored_size,
    wait_for_offset,
)

pytestmark = pytest.mark.live


@pytest.fixture
def session(tus_server: DemoServer) -> Session:
    return login(tus_server.url)


def test_options_discovery_without_login(session: Session) -> None:
    response = request(session, "OPTIONS", session.endpoint, auth=False)
    assert response.status == 204
    assert response.getheader("Tus-Version") == "1.0.0"
    assert "concatenation" in (response.getheader("Tus-Extension") or "")
    assert response.getheader("Tus-Max-Size")
    assert response.getheader("Tus-Checksum-Algorithm") == "sha1,sha256,md5"


def test_statuses_header_by_header(session: Session) -> None:
    response = request(session, "POST", session.endpoint, headers={"Upload-Length": "5"})
    assert response.status == 412
    assert response.getheader("Tus-Version") == "1.0.0"
    response = request(session, "POST", session.endpoint, headers={**TUS}, auth=False)
    assert response.status == 403
    response = request(
        session, "POST", session.endpoint, headers={**TUS, "Upload-Length": "5", "X-CSRFToken": ""}
    )
    assert response.status == 403  # session cookie without the CSRF header
    response = request(session, "POST", session.endpoint, headers={**TUS, "Upload-Length": "x"})
    assert response.status == 400

    url = create(
        session, 10, {"Upload-Metadata": "filename " + base64.b64encode(b"a.txt").decode()}
    )
    response = request(session, "HEAD", url, headers=TUS)
    assert response.status == 200
    assert response.getheader("Cache-Control") == "no-store"
    assert (response.getheader("Upload-Expires") or "").endswith(" GMT")
    assert "Dlw-Upload-Token" in (response.getheader("Access-Control-Expose-Headers") or "")

    patch = {**TUS, "Content-Type": OCTET, "Upload-Offset": "0"}
    assert (
        request(session, "PATCH", url, b"abc", {**patch, "Content-Type": "text/plain"}).status
        == 415
    )
    assert request(session, "PATCH", url, b"abc", {**patch, "Upload-Offset": "2"}).status == 409
    assert request(session, "PATCH", url, b"x" * 11, patch).status == 413
    wrong = base64.b64encode(hashlib.sha1(b"nope").digest()).decode()
    response = request(session, "PATCH", url, b"abc", {**patch, "Upload-Checksum": f"sha1 {wrong}"})
    assert response.status == 460
    assert head_offset(session, url) == 0
    good = base64.b64encode(hashlib.sha1(b"abc").digest()).decode()
    response = request(session, "PATCH", url, b"abc", {**patch, "Upload-Checksum": f"sha1 {good}"})
    assert response.status == 204
    assert response.getheader("Upload-Offset") == "3"
    response = request(session, "PATCH", url, b"defghij", {**patch, "Upload-Offset": "3"})
    assert response.status == 204
    assert response.getheader("Dlw-Upload-Token")
    response = request(session, "HEAD", url, headers=TUS)
    assert response.getheader("Dlw-Upload-Token")

    final_patch = request(
        session, "POST", session.endpoint, headers={**TUS, "Upload-Concat": f"final;{url}"}
    )
    assert final_patch.status == 400  # not a partial upload
    assert request(session, "DELETE", url, headers=TUS).status == 204
    assert request(session, "HEAD", url, headers=TUS).status == 404

    # Overridden POST streams through the wrapper too.
    url = create(session, 4)
    response = request(session, "POST", url, b"wxyz", {**patch, "X-HTTP-Method-Override": "PATCH"})
    assert response.status == 204
    assert response.getheader("Upload-Offset") == "4"


def test_bytes_before_a_dropped_connection_are_kept(
    session: Session, tus_server: DemoServer
) -> None:
    data = os.urandom(3 * 1024 * 1024)
    url = create(session, len(data))
    sock = open_patch(session, url, 0, len(data))
    sock.sendall(data[: 1024 * 1024 + 17])
    time.sleep(0.5)
    sock.close()
    offset = wait_for_offset(session, url, 1024 * 1024 + 17)
    assert offset == 1024 * 1024 + 17
    assert stored_size(tus_server, url) == offset
    response = request(
        session,
        "PATCH",
        url,
        data[offset:],
        {**TUS, "Content-Type": OCTET, "Upload-Offset": str(offset)},
    )
    assert response.status == 204
    assert stored_bytes(tus_server, url) == data


def test_a_cut_checksummed_body_is_discarded(session: Session) -> None:
    data = os.urandom(2 * 1024 * 1024)
    url = create(session, len(data))
    digest = base64.b64encode(hashlib.sha1(data).digest()).decode()
    sock = open_patch(session, url, 0, len(data), **{"Upload-Checksum": f"sha1 {digest}"})
    sock.sendall(data[: 1024 * 1024])
    time.sleep(0.5)
    sock.close()
    time.sleep(0.5)
    assert wait_for_offset(session, url, 0) == 0


def test_a_second_writer_gets_423(session: Session, tus_server: DemoServer) -> None:
    data = os.urandom(2 * 1024 * 1024)
    url = create(session, len(data))
    sock = open_patch(session, url, 0, len(data))
    sock.sendall(data[:100_000])
    time.sleep(0.3)
    response = request(
        session, "PATCH", url, data, {**TUS, "Content-Type": OCTET, "Upload-Offset": "0"}
    )
    assert response.status == 423
    sock.sendall(data[100_000:])
    assert read_status(sock) == 204
    sock.close()
    assert stored_bytes(tus_server, url) == data
