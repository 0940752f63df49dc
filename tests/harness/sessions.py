"""Talk to a running demo site as a logged-in user: log in through its real login form, start an
export through its real view."""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.parse
import urllib.request


def login_cookie(base_url: str, username: str, password: str) -> str:
    return f"sessionid={login_session(base_url, username, password)['sessionid']}"


def login_session(base_url: str, username: str, password: str) -> dict[str, str]:
    """The cookies after logging in: ``sessionid`` and ``csrftoken``."""
    jar = http.cookiejar.CookieJar()
    # No proxies: the servers are on loopback.
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(jar)
    )
    login_url = f"{base_url}/accounts/login/"
    with opener.open(login_url, timeout=10) as response:
        page = response.read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if match is None:
        raise RuntimeError("no CSRF token on the login page")
    form = {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1)}
    request = urllib.request.Request(login_url, data=urllib.parse.urlencode(form).encode())
    with opener.open(request, timeout=10) as response:
        response.read()
    cookies = {cookie.name: cookie.value or "" for cookie in jar}
    if "sessionid" not in cookies:
        raise RuntimeError(f"login as {username} failed")
    return cookies


def start_export(base_url: str, cookies: dict[str, str], kind: str = "quick") -> str:
    """POST the demo's ``/exports/<kind>/`` as the user of ``cookies``; the new download's key."""
    request = urllib.request.Request(
        f"{base_url}/exports/{kind}/",
        method="POST",
        headers={
            "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
            "X-CSRFToken": cookies["csrftoken"],
            "Accept": "application/json",
        },
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxies
    with opener.open(request, timeout=10) as response:
        if response.status != 202:
            raise RuntimeError(f"starting the {kind} export answered {response.status}")
        return str(json.load(response)["key"])
