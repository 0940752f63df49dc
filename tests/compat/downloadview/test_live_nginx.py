"""The predecessor's offload through a real nginx (Debian's package): ``SmartDownloadMiddleware``
with the demo's ``DOWNLOADVIEW_RULES`` and the ``x_accel_redirect`` decorator answer with an
``X-Accel-Redirect`` and no body; nginx, configured as the migration guide says, sends the file,
answers Range itself, and keeps ``nosniff``."""

from __future__ import annotations

import http.client
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.harness.nginx import NginxServer
from tests.harness.processes import LOOPBACK, ServerProcess, free_port

pytestmark = pytest.mark.live

ROOT = Path(__file__).resolve().parents[3]
DATA = bytes(range(256)) * 1000
LOCATIONS = ("/nginx-optimized-by-middleware/", "/nginx-optimized-by-decorator/")


@dataclass
class Site:
    django: str
    nginx: str


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    workdir = tmp_path_factory.mktemp("compat-nginx")
    media = workdir / "media"
    (media / "nginx").mkdir(parents=True)
    (media / "nginx" / "hello-world.txt").write_bytes(DATA)
    port = free_port()
    django = ServerProcess(
        [sys.executable, "-m", "tests.compat.downloadview.live_site", str(port)],
        env={"DLW_LIVE_MEDIA": str(media), "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        log=workdir / "django.log",
        port=port,
    )
    django.start()
    nginx = NginxServer(
        workdir / "nginx", f"{LOOPBACK}:{port}", dict.fromkeys(LOCATIONS, media / "nginx")
    )
    try:
        nginx.start()
        yield Site(f"{LOOPBACK}:{port}", f"{LOOPBACK}:{nginx.port}")
    finally:
        nginx.stop()
        django.stop()


def get(
    host: str, path: str, headers: dict[str, str] | None = None
) -> tuple[http.client.HTTPResponse, bytes]:
    address, port = host.split(":")
    conn = http.client.HTTPConnection(address, int(port), timeout=30)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


@pytest.mark.parametrize(
    ("path", "location"),
    [("/nginx/by-middleware/", LOCATIONS[0]), ("/nginx/by-decorator/", LOCATIONS[1])],
)
def test_django_answers_with_x_accel_and_no_body(site: Site, path: str, location: str) -> None:
    response, body = get(site.django, path)
    assert response.status == 200
    assert response.getheader("X-Accel-Redirect") == f"{location}hello-world.txt"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Content-Length") in (None, "0")
    assert body == b""


@pytest.mark.parametrize("path", ["/nginx/by-middleware/", "/nginx/by-decorator/"])
def test_nginx_sends_the_file_with_nosniff_and_ranges(site: Site, path: str) -> None:
    response, body = get(site.nginx, path)
    assert response.status == 200, body[:300]
    assert (response.getheader("Server") or "").startswith("nginx")
    assert response.getheader("X-Accel-Redirect") is None
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Content-Type") == "text/plain; charset=utf-8"
    assert 'filename="hello-world.txt"' in (response.getheader("Content-Disposition") or "")
    assert body == DATA
    ranged, part = get(site.nginx, path, {"Range": "bytes=100-199"})
    assert ranged.status == 206
    assert ranged.getheader("Content-Range") == f"bytes 100-199/{len(DATA)}"
    assert ranged.getheader("X-Content-Type-Options") == "nosniff"
    assert part == DATA[100:200]


def test_the_internal_location_is_not_reachable_from_outside(site: Site) -> None:
    response, _ = get(site.nginx, f"{LOCATIONS[0]}hello-world.txt")
    assert response.status == 404
