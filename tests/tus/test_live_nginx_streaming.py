"""PATCH bodies stream through nginx configured as docs/deployment.md says, with a Content-Length
and chunked alike: the app server has the first bytes before the client has sent the last.

Over HTTP/1.0 to the upstream (nginx's default ``proxy_http_version``) nginx buffers a chunked
body to its own disk whatever ``proxy_request_buffering`` says; the deployment config asks for
HTTP/1.1, and this test fails without it."""

from __future__ import annotations

import socket
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.harness.demo_server import DemoServer
from tests.harness.nginx import NginxServer
from tests.harness.processes import LOOPBACK

from .live import OCTET, TUS, Session, create, login, partial_file, read_status, wait_for_offset

pytestmark = pytest.mark.live

PIECE = 512 * 1024
PIECES = 4


@dataclass
class Proxied:
    demo: DemoServer
    nginx: NginxServer
    session: Session


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxied]:
    workdir = tmp_path_factory.mktemp("nginx-uploads")
    demo = DemoServer(workdir)
    demo.start()
    nginx = NginxServer(workdir / "nginx", f"{LOOPBACK}:{demo.port}", {}, host="$http_host")
    try:
        nginx.start()
        yield Proxied(demo, nginx, login(nginx.url))
    finally:
        nginx.stop()
        demo.stop()


def start_patch(session: Session, url: str, *, chunked: bool) -> socket.socket:
    parts = urllib.parse.urlsplit(session.server_url)
    sock = socket.create_connection((parts.hostname or "", parts.port or 80), timeout=30)
    framing = (
        {"Transfer-Encoding": "chunked"} if chunked else {"Content-Length": str(PIECE * PIECES)}
    )
    headers = {
        "Host": f"{parts.hostname}:{parts.port}",
        **session.headers,
        **TUS,
        "Content-Type": OCTET,
        "Upload-Offset": "0",
        **framing,
    }
    path = urllib.parse.urlsplit(url).path
    head = f"PATCH {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    sock.sendall(head.encode("latin-1") + b"\r\n")
    return sock


def send(sock: socket.socket, data: bytes, *, chunked: bool) -> None:
    sock.sendall(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)


def size_reaches(demo: DemoServer, url: str, size: int, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        path = partial_file(demo, url)
        if path.exists() and path.stat().st_size >= size:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_the_app_has_the_first_bytes_before_the_body_ends(proxied: Proxied, chunked: bool) -> None:
    session = proxied.session
    url = create(session, PIECE * PIECES)
    sock = start_patch(session, url, chunked=chunked)
    try:
        body = bytes(range(256)) * (PIECE // 256)
        for _ in range(PIECES - 1):
            send(sock, body, chunked=chunked)
        # The body is not over: nginx must have passed these bytes on already.
        assert size_reaches(proxied.demo, url, PIECE * (PIECES - 1)), (
            "the app server saw none of the body while the client was still sending it: "
            "nginx buffered the request"
        )
        send(sock, body, chunked=chunked)
        if chunked:
            sock.sendall(b"0\r\n\r\n")
        assert read_status(sock) == 204
    finally:
        sock.close()
    assert wait_for_offset(session, url, PIECE * PIECES) == PIECE * PIECES
