"""The example site under a real uvicorn process serves the page and every asset it references."""

from __future__ import annotations

import re
import urllib.request

import pytest

from tests.harness.demo_server import DemoServer

pytestmark = pytest.mark.live


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # loopback only
        return response.status, response.read()


def test_home_page_holds_the_download_centre_and_loads_the_bundle(demo_server: DemoServer) -> None:
    status, body = fetch(f"{demo_server.url}/")
    html = body.decode()
    assert status == 200
    assert "<dlw-download-centre" in html
    urls = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any(u.endswith(".js") for u in urls)
    assert any(u.endswith(".css") for u in urls)
    for url in urls:
        status, content = fetch(f"{demo_server.url}{url}")
        assert status == 200, url
        assert content, url
