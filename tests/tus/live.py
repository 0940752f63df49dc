"""Helpers for the tus tests against a live server: a logged-in session over raw HTTP, and
what the server stored, read from its upload folder or from its S3 store's bucket."""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import socket
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from tests.harness.demo_server import PASSWORD, USERNAME, DemoServer

TUS = {"Tus-Resumable": "1.0.0"}
OCTET = "application/offset+octet-stream"


@dataclass
class Session:
    """What a non-browser client sends: the session cookie and the CSRF header."""

    server_url: str
    cookie: str
    csrf: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Cookie": self.cookie, "X-CSRFToken": self.csrf}

    @property
    def endpoint(self) -> str:
        return f"{self.server_url}/dlwidget/uploads/"


def login(server_url: str, username: str = USERNAME) -> Session:
    """Log in through the real login form, as a browser would."""
    http = requests.Session()
    page = http.get(f"{server_url}/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, page.text
    response = http.post(
        f"{server_url}/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text
    cookies = http.cookies.get_dict()
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    return Session(server_url, cookie, str(cookies["csrftoken"]))


def request(
    session: Session,
    method: str,
    url: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    *,
    auth: bool = True,
) -> http.client.HTTPResponse:
    parts = urllib.parse.urlsplit(urllib.parse.urljoin(session.endpoint, url))
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=60)
    sent = {**(session.headers if auth else {}), **(headers or {})}
    if method in ("POST", "PATCH") and "Content-Length" not in sent:
        sent["Content-Length"] = str(len(body))
    conn.request(method, parts.path, body=body or None, headers=sent)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def create(session: Session, length: int, headers: dict[str, str] | None = None) -> str:
    response = request(
        session,
        "POST",
        session.endpoint,
        headers={**TUS, "Upload-Length": str(length)} | (headers or {}),
    )
    assert response.status == 201, response.status
    return str(response.getheader("Location"))


def open_patch(session: Session, url: str, offset: int, length: int, **extra: str) -> socket.socket:
    """Start a PATCH by hand on a raw socket; the caller sends (part of) the body."""
    parts = urllib.parse.urlsplit(session.server_url)
    sock = socket.create_connection((parts.hostname or "", parts.port or 80), timeout=30)
    path = urllib.parse.urlsplit(urllib.parse.urljoin(session.endpoint, url)).path
    headers = {
        "Host": f"{parts.hostname}:{parts.port}",
        **session.headers,
        **TUS,
        "Content-Type": OCTET,
        "Upload-Offset": str(offset),
        "Content-Length": str(length),
        **extra,
    }
    head = f"PATCH {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    sock.sendall(head.encode("latin-1") + b"\r\n")
    return sock


def read_status(sock: socket.socket) -> int:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return int(data.split(b" ", 2)[1])


def head_offset(session: Session, url: str) -> int:
    response = request(session, "HEAD", url, headers=TUS)
    assert response.status == 200, response.status
    return int(response.getheader("Upload-Offset") or -1)


def wait_for_offset(session: Session, url: str, expected: int, timeout: float = 10) -> int:
    deadline = time.monotonic() + timeout
    offset = head_offset(session, url)
    while offset != expected and time.monotonic() < deadline:
        time.sleep(0.1)
        offset = head_offset(session, url)
    return offset


def partial_file(server: DemoServer, url: str) -> Path:
    upload_id = url.rstrip("/").rsplit("/", 1)[-1].replace("-", "")
    return server.workdir / "media" / "dlwidget" / "uploads" / f"{upload_id}.part"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def s3_store_of(server: DemoServer) -> dict[str, Any] | None:
    """The S3 store's OPTIONS when the server runs one (``DEMO_UPLOAD_STORE``), else None."""
    raw = server.env.get("DEMO_UPLOAD_STORE")
    if not raw:
        return None
    config = json.loads(raw)
    return dict(config["OPTIONS"]) if config["BACKEND"].endswith(".S3Store") else None


def _s3(options: dict[str, Any]) -> Any:
    import boto3

    return boto3.session.Session().client(
        "s3",
        endpoint_url=options["endpoint_url"],
        region_name=options["region_name"],
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
    )


def _key(url: str) -> str:
    return "dlwidget/uploads/" + url.rstrip("/").rsplit("/", 1)[-1].replace("-", "")


#: Where the storage store of the live tests keeps chunks, in the demo's default storage.
STORAGE_STORE_LOCATION = "tus-chunks"


def storage_chunks(server: DemoServer, url: str) -> list[Path] | None:
    """The chunk files of an upload when the server runs the storage store, in order (the run
    from offset 0 that the store counts), else None."""
    raw = server.env.get("DEMO_UPLOAD_STORE")
    if not raw or not json.loads(raw)["BACKEND"].endswith(".StorageStore"):
        return None
    upload_id = url.rstrip("/").rsplit("/", 1)[-1].replace("-", "")
    folder = server.workdir / "media" / STORAGE_STORE_LOCATION / upload_id
    spans = {}
    for path in folder.glob("*.part"):
        start, length = (int(part) for part in path.stem.split("-"))
        spans[start] = (length, path)
    run, end = [], 0
    while end in spans and spans[end][1].stat().st_size == spans[end][0] > 0:
        run.append(spans[end][1])
        end += spans[end][0]
    return run


def stored_bytes(server: DemoServer, url: str) -> bytes:
    """A finished upload's data (on S3 only a finished one can be read back)."""
    chunks = storage_chunks(server, url)
    if chunks is not None:
        return b"".join(path.read_bytes() for path in chunks)
    options = s3_store_of(server)
    if options is None:
        return partial_file(server, url).read_bytes()
    body = _s3(options).get_object(Bucket=options["bucket_name"], Key=_key(url))["Body"]
    return bytes(body.read())


def stored_sha256(server: DemoServer, url: str) -> str:
    options = s3_store_of(server)
    if options is None and storage_chunks(server, url) is None:
        return sha256_of(partial_file(server, url))
    return hashlib.sha256(stored_bytes(server, url)).hexdigest()


def stored_size(server: DemoServer, url: str) -> int:
    """Bytes stored: the file's size; on S3 the run of full parts plus the tail after it; with
    the storage store the run of chunks."""
    chunks = storage_chunks(server, url)
    if chunks is not None:
        return sum(path.stat().st_size for path in chunks)
    options = s3_store_of(server)
    if options is None:
        return partial_file(server, url).stat().st_size
    client, bucket, key = _s3(options), options["bucket_name"], _key(url)
    uploads = client.list_multipart_uploads(Bucket=bucket, Prefix=key).get("Uploads", [])
    if not uploads:
        return int(client.head_object(Bucket=bucket, Key=key)["ContentLength"])
    listing = client.list_parts(Bucket=bucket, Key=key, UploadId=uploads[0]["UploadId"])
    sizes = {int(part["PartNumber"]): int(part["Size"]) for part in listing.get("Parts", [])}
    full = 0
    while sizes.get(full + 1) == options["part_size"]:
        full += 1
    tail_key = f"{key}.tail.{full + 1}"
    tails = client.list_objects_v2(Bucket=bucket, Prefix=tail_key).get("Contents", [])
    tail = sum(int(item["Size"]) for item in tails if item["Key"] == tail_key)
    return full * int(options["part_size"]) + tail
