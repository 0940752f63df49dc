"""The example site under a real uvicorn process serves the page and every asset it references."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request

import pytest

from tests.harness.demo_server import PASSWORD, USERNAME, DemoServer

pytestmark = pytest.mark.live


def logged_in_opener(server: DemoServer) -> urllib.request.OpenerDirector:
    """A cookie-keeping client logged in through the real login form (loopback only)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login_url = f"{server.url}/accounts/login/"
    opener.open(login_url, timeout=10).read()
    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    form = {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token}
    request = urllib.request.Request(
        login_url, data=urllib.parse.urlencode(form).encode(), headers={"Referer": login_url}
    )
    with opener.open(request, timeout=10) as response:
        assert response.url == f"{server.url}/", "login did not redirect home"
    return opener


def test_home_page_holds_the_download_centre_and_loads_the_bundle(demo_server: DemoServer) -> None:
    opener = logged_in_opener(demo_server)
    with opener.open(f"{demo_server.url}/", timeout=10) as response:
        assert response.status == 200
        html = response.read().decode()
    assert "<dlw-download-centre" in html
    urls = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any(u.endswith(".js") for u in urls)
    assert any(u.endswith(".css") for u in urls)
    for url in urls:
        with opener.open(f"{demo_server.url}{url}", timeout=10) as response:
            assert response.status == 200, url
            assert response.read(), url
