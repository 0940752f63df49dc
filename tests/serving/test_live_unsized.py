"""A generated download of unknown size through real servers, uvicorn (ASGI) and wsgiref
(WSGI): byte-exact, chunked or close-delimited, and with the server's memory flat whatever the
size (the demo's ``/generated/`` view streams deterministic pseudo-random bytes)."""

from __future__ import annotations

import hashlib
import http.client
from collections.abc import Iterator
from pathlib import Path

import pytest

from demo.generated import pseudo_random_chunks
from tests.harness.demo_server import DemoServer
from tests.harness.processes import LOOPBACK, running
from tests.harness.wsgi_server import WsgiDemoServer
from tests.tus.live import Session, login

pytestmark = pytest.mark.live

MIB = 1024 * 1024
SIZE = 64 * MIB
RSS_BOUND_MIB = 16  # a quarter of the body: what a buffered body could never stay under


@pytest.fixture(scope="module")
def wsgi_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    server = WsgiDemoServer(tmp_path_factory.mktemp("demo-wsgi"))
    with running(server):
        yield server


@pytest.fixture(params=["uvicorn", "wsgiref"])
def server(request: pytest.FixtureRequest) -> DemoServer:
    name = "demo_server" if request.param == "uvicorn" else "wsgi_server"
    return request.getfixturevalue(name)  # type: ignore[no-any-return]


def status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def download(session: Session, size: int, seed: int) -> tuple[http.client.HTTPResponse, str, int]:
    """GET /generated/ with a Range header; returns the response, the body's sha256 and length,
    reading it in 1 MiB steps (the test process holds no more of it than the server should)."""
    port = int(session.server_url.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=120)
    conn.request(
        "GET",
        f"/generated/?size={size}&seed={seed}",
        headers={"Cookie": session.cookie, "Range": "bytes=0-99"},
    )
    response = conn.getresponse()
    digest, length = hashlib.sha256(), 0
    while block := response.read(MIB):
        digest.update(block)
        length += len(block)
    conn.close()
    return response, digest.hexdigest(), length


def expected_sha256(size: int, seed: int) -> str:
    digest = hashlib.sha256()
    for chunk in pseudo_random_chunks(size, seed):
        digest.update(chunk)
    return digest.hexdigest()


def test_a_generated_download_arrives_byte_exact_with_flat_server_memory(
    server: DemoServer,
) -> None:
    session = login(server.url)
    warm, _, _ = download(session, MIB, seed=1)  # imports, URLconf, session: before measuring
    assert warm.status == 200
    assert server.process.proc is not None
    pid = server.process.proc.pid
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # peak RSS := current RSS (Linux 4.0+)
    base = status_kib(pid, "VmRSS")

    response, sha256, length = download(session, SIZE, seed=7)

    growth_mib = (status_kib(pid, "VmHWM") - base) / 1024
    assert response.status == 200  # the Range header asked for 100 bytes: no size, no ranges
    assert response.getheader("Content-Length") is None
    assert response.getheader("Accept-Ranges") == "none"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert 'filename="generated.bin"' in (response.getheader("Content-Disposition") or "")
    if isinstance(server, WsgiDemoServer):  # wsgiref speaks HTTP/1.0: the close ends the body
        assert response.version == 10
    else:
        assert response.getheader("Transfer-Encoding") == "chunked"
    assert length == SIZE
    assert sha256 == expected_sha256(SIZE, seed=7)
    assert growth_mib < RSS_BOUND_MIB, f"server peak RSS grew {growth_mib:.1f} MiB"
