"""Offloading to a real nginx (Debian's package) in front of the demo under uvicorn, configured as
docs/deployment.md says: ``DLWIDGET["SENDFILE"] = "nginx"`` with ``SENDFILE_RULES`` for two
storages on two internal locations. Django answers with an ``X-Accel-Redirect`` and no body;
nginx sends the bytes, answers Range itself, and keeps ``nosniff`` on the response."""

from __future__ import annotations

import hashlib
import http.client
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.harness.demo_server import DemoServer
from tests.harness.nginx import NginxServer
from tests.harness.processes import LOOPBACK
from tests.tus.live import Session, login

pytestmark = pytest.mark.live

SIZE = 300_000
LOCATIONS = {"default": "/media-internal/", "archive": "/archive-internal/"}


@dataclass
class Site:
    demo: DemoServer
    nginx: NginxServer
    session: Session
    files: dict[str, bytes]
    """storage alias -> the bytes of its file ``shared/<alias>.bin``."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    workdir = tmp_path_factory.mktemp("nginx-demo")
    folders = {"default": workdir / "media", "archive": workdir / "archive"}
    files = {}
    for seed, (alias, folder) in enumerate(folders.items()):
        data = hashlib.shake_256(alias.encode()).digest(SIZE + seed)
        (folder / "shared").mkdir(parents=True)
        (folder / "shared" / f"{alias}.bin").write_bytes(data)
        files[alias] = data
    demo = DemoServer(
        workdir, extra_env={"DEMO_SENDFILE": "nginx", "DEMO_ARCHIVE": str(folders["archive"])}
    )
    demo.start()
    nginx = NginxServer(
        workdir / "nginx",
        f"{LOOPBACK}:{demo.port}",
        {LOCATIONS[alias]: folder for alias, folder in folders.items()},
    )
    try:
        nginx.start()
        yield Site(demo, nginx, login(nginx.url), files)
    finally:
        nginx.stop()
        demo.stop()


def get(
    url: str, path: str, session: Session, headers: dict[str, str] | None = None
) -> tuple[http.client.HTTPResponse, bytes]:
    port = int(url.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
    conn.request("GET", path, headers={"Cookie": session.cookie, **(headers or {})})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("alias", ["default", "archive"])
def test_django_answers_with_the_rules_location_and_no_body(site: Site, alias: str) -> None:
    response, body = get(site.demo.url, f"/stored/{alias}/{alias}.bin", site.session)
    assert response.status == 200
    assert response.getheader("X-Accel-Redirect") == f"{LOCATIONS[alias]}shared/{alias}.bin"
    assert body == b""


@pytest.mark.parametrize("alias", ["default", "archive"])
def test_nginx_sends_the_file_of_each_storage_byte_exact(site: Site, alias: str) -> None:
    response, body = get(site.nginx.url, f"/stored/{alias}/{alias}.bin", site.session)
    assert response.status == 200, body[:500]
    assert (response.getheader("Server") or "").startswith("nginx")
    assert response.getheader("X-Accel-Redirect") is None
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Content-Length") == str(len(site.files[alias]))
    assert f'filename="{alias}.bin"' in (response.getheader("Content-Disposition") or "")
    assert sha256(body) == sha256(site.files[alias])


@pytest.mark.parametrize("alias", ["default", "archive"])
def test_nginx_answers_a_range_of_each_storage(site: Site, alias: str) -> None:
    response, body = get(
        site.nginx.url,
        f"/stored/{alias}/{alias}.bin",
        site.session,
        {"Range": "bytes=10-99"},
    )
    assert response.status == 206
    assert response.getheader("Content-Range") == f"bytes 10-99/{len(site.files[alias])}"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert body == site.files[alias][10:100]


def test_the_internal_locations_are_not_reachable_from_outside(site: Site) -> None:
    for alias, location in LOCATIONS.items():
        response, _ = get(site.nginx.url, f"{location}shared/{alias}.bin", site.session)
        assert response.status == 404


def test_a_download_centre_file_goes_through_x_accel(site: Site) -> None:
    port = int(site.nginx.url.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
    conn.request(
        "POST",
        "/exports/quick/",
        headers={**site.session.headers, "Accept": "application/json", "Content-Length": "0"},
    )
    started = conn.getresponse()
    assert started.status == 202
    key = json.loads(started.read())["key"]
    conn.close()
    deadline = time.monotonic() + 30
    while True:
        response, body = get(site.nginx.url, f"/dlwidget/downloads/{key}/", site.session)
        download = json.loads(body)
        if download["status"] == "ready" or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert download["status"] == "ready", download

    direct, empty = get(site.demo.url, download["url"], site.session)
    stored = direct.getheader("X-Accel-Redirect") or ""
    assert stored.startswith(LOCATIONS["default"]), stored
    assert empty == b""
    on_disk = (site.demo.workdir / "media" / stored.removeprefix(LOCATIONS["default"])).read_bytes()

    response, body = get(site.nginx.url, download["url"], site.session)
    assert response.status == 200
    assert response.getheader("X-Accel-Redirect") is None
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert sha256(body) == sha256(on_disk)
    assert len(body) == download["size"] > 100
    ranged, part = get(site.nginx.url, download["url"], site.session, {"Range": "bytes=10-99"})
    assert ranged.status == 206
    assert ranged.getheader("Content-Range") == f"bytes 10-99/{len(on_disk)}"
    assert part == on_disk[10:100]
