"""The example site under a real uvicorn process serves the page and every asset it references."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
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


def test_an_unchanged_list_poll_is_answered_before_the_middleware_chain(
    demo_server: DemoServer,
) -> None:
    """The demo's asgi.py is the README's: DlwidgetMiddleware answers the 304 itself, without
    the headers the site's middleware adds (X-Frame-Options); any other poll is Django's."""
    opener = logged_in_opener(demo_server)
    url = f"{demo_server.url}/dlwidget/downloads/"
    with opener.open(url, timeout=10) as response:
        etag = response.headers["ETag"]
        assert response.headers["X-Frame-Options"] == "DENY"
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(urllib.request.Request(url, headers={"If-None-Match": etag}), timeout=10)
    assert answer.value.code == 304
    assert answer.value.headers["ETag"] == etag
    assert answer.value.headers["Vary"] == "Cookie"
    assert "X-Frame-Options" not in answer.value.headers
    stale = urllib.request.Request(url, headers={"If-None-Match": '"stale"'})
    with opener.open(stale, timeout=10) as response:
        assert response.status == 200
        assert response.headers["ETag"] == etag
        assert response.headers["X-Frame-Options"] == "DENY"
    anonymous = urllib.request.Request(url, headers={"If-None-Match": etag})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(anonymous, timeout=10)
    assert refused.value.code == 403
