"""The drafts against the demo site under uvicorn (with the ASGI wrapper), on each upload
store: raw HTTP for the rules a test client cannot show (streamed bodies, a dropped
connection, no 104), and tus-js-client in both draft modes as the real client, each step in
a process of its own, the finished upload's token then posted in the demo's form."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.harness.demo_server import DemoServer

from ..live import Session, login, request, stored_sha256, wait_for_offset
from ..test_live_clients import MB, ROOT, make_source

pytestmark = pytest.mark.live

DRIVER = Path(__file__).resolve().parents[1] / "tus_js_client.cjs"
PROTOCOLS = {"ietf-draft-03": "5", "ietf-draft-05": "6"}
PARTIAL = "application/partial-upload"


@pytest.fixture
def session(tus_server: DemoServer) -> Session:
    return login(tus_server.url)


def draft(version: str, **headers: str) -> dict[str, str]:
    return {
        "Upload-Draft-Interop-Version": version,
        **{name.replace("_", "-"): value for name, value in headers.items()},
    }


def node_step(session: Session, source: Path, protocol: str, step: str, **env: str) -> Any:
    node = shutil.which("node")
    assert node, "node is required"
    result = subprocess.run(
        [node, str(DRIVER), session.endpoint, str(source), protocol, step],
        cwd=ROOT,
        env={**os.environ, "COOKIE": session.cookie, "CSRF_TOKEN": session.csrf, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def post_form(session: Session, token: str) -> requests.Response:
    """The demo's upload form, as a browser posts it once the widget has the token."""
    return requests.post(
        f"{session.server_url}/upload/",
        data={"title": "draft", "file-token": token, "csrfmiddlewaretoken": session.csrf},
        headers={"Cookie": session.cookie},
        allow_redirects=False,
        timeout=30,
    )


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_tus_js_client_aborts_and_a_new_process_resumes(
    tus_server: DemoServer, session: Session, tmp_path: Path, protocol: str
) -> None:
    source = tmp_path / "source.bin"
    expected = make_source(source, 3 * MB + 12345)
    aborted = node_step(session, source, protocol, "abort")
    assert aborted["sent"] < 3 * MB + 12345
    version = PROTOCOLS[protocol]
    offset = request(session, "HEAD", aborted["url"], headers=draft(version))
    assert offset.status == 204
    assert offset.getheader("Upload-Complete") == "?0"
    assert int(offset.getheader("Upload-Offset") or -1) < 3 * MB + 12345

    resumed = node_step(session, source, protocol, "resume", UPLOAD_URL=aborted["url"])
    assert resumed["url"] == aborted["url"]
    assert resumed["token"]
    assert stored_sha256(tus_server, resumed["url"]) == expected
    done = request(session, "HEAD", resumed["url"], headers=draft(version))
    assert done.getheader("Upload-Complete") == "?1"

    response = post_form(session, resumed["token"])
    assert response.status_code == 302, response.text  # the form took the file
    assert post_form(session, resumed["token"]).status_code == 200  # and only once


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_tus_js_client_completes_an_upload(
    tus_server: DemoServer, session: Session, tmp_path: Path, protocol: str
) -> None:
    source = tmp_path / "source.bin"
    expected = make_source(source, MB + 777)
    done = node_step(session, source, protocol, "complete")
    assert done["token"]
    assert stored_sha256(tus_server, done["url"]) == expected


def raw_exchange(session: Session, head: str, body: bytes = b"") -> bytes:
    """One request on a socket of its own; everything the server answered, 1xx included."""
    parts = urllib.parse.urlsplit(session.server_url)
    with socket.create_connection((parts.hostname or "", parts.port or 80), timeout=30) as sock:
        sock.sendall(head.encode("latin-1") + b"\r\n" + body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_creation_with_content_gets_no_informational_response(session: Session) -> None:
    """No server lets the application send 104 (docs/ietf-uploads.md); the client still gets
    the upload's URL in the final answer, which is all tus-js-client needs."""
    path = urllib.parse.urlsplit(session.endpoint).path
    body = os.urandom(70_000)
    fields = {
        **session.headers,
        **draft("6", Upload_Complete="?1"),
        "Host": urllib.parse.urlsplit(session.server_url).netloc,
        "Content-Type": "application/octet-stream",
        "Content-Length": str(len(body)),
        "Connection": "close",
    }
    head = f"POST {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items())
    answer = raw_exchange(session, head, body)
    assert answer.startswith(b"HTTP/1.1 201 "), answer[:200]
    assert b"\r\nupload-complete: ?1\r\n" in answer.lower()
    assert b"\r\nlocation: " in answer.lower()


def test_a_dropped_append_keeps_what_arrived(session: Session) -> None:
    """The draft asks the server to keep as much of a cut body as it received."""
    created = request(
        session,
        "POST",
        session.endpoint,
        headers=draft("6", Upload_Complete="?0", Upload_Length="200000"),
    )
    assert created.status == 201
    url = str(created.getheader("Location"))
    parts = urllib.parse.urlsplit(session.server_url)
    fields = {
        **session.headers,
        **draft("6", Upload_Complete="?1", Upload_Offset="0"),
        "Host": parts.netloc,
        "Content-Type": PARTIAL,
        "Content-Length": "200000",
    }
    path = urllib.parse.urlsplit(urllib.parse.urljoin(session.endpoint, url)).path
    head = f"PATCH {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items())
    sock = socket.create_connection((parts.hostname or "", parts.port or 80), timeout=30)
    sock.sendall(head.encode("latin-1") + b"\r\n" + b"a" * 80_000)
    time.sleep(0.5)  # the bytes reach the server before the connection drops
    sock.close()
    assert wait_for_offset_draft(session, url, 80_000) == 80_000
    response = request(
        session,
        "PATCH",
        url,
        b"b" * 120_000,
        headers={
            **draft("6", Upload_Complete="?1", Upload_Offset="80000"),
            "Content-Type": PARTIAL,
        },
    )
    assert response.status == 201
    assert response.getheader("Upload-Complete") == "?1"


def wait_for_offset_draft(session: Session, url: str, expected: int) -> int:
    """The tus helper polls with tus HEADs; a draft HEAD must report the same offset."""
    wait_for_offset(session, url, expected)
    response = request(session, "HEAD", url, headers=draft("6"))
    return int(response.getheader("Upload-Offset") or -1)


def test_a_chunked_append_of_a_known_size(session: Session) -> None:
    created = request(
        session,
        "POST",
        session.endpoint,
        headers=draft("5", Upload_Complete="?0", Upload_Length="5000"),
    )
    url = str(created.getheader("Location"))
    parts = urllib.parse.urlsplit(session.server_url)
    fields = {
        **session.headers,
        **draft("5", Upload_Complete="?1", Upload_Offset="0"),
        "Host": parts.netloc,
        "Transfer-Encoding": "chunked",
        "Connection": "close",
    }
    path = urllib.parse.urlsplit(urllib.parse.urljoin(session.endpoint, url)).path
    head = f"PATCH {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items())
    body = b"".join(b"%x\r\n%s\r\n" % (1000, b"c" * 1000) for _ in range(5)) + b"0\r\n\r\n"
    answer = raw_exchange(session, head, body)
    assert answer.startswith(b"HTTP/1.1 201 "), answer[:300]
    assert b"\r\nupload-offset: 5000\r\n" in answer.lower()
