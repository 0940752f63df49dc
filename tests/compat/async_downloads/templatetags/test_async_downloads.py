"""``{% include "async_downloads/download_centre.html" %}``: the native centre in a nav item, with
its assets, configured by ``ASYNC_DOWNLOADS_WS_MODE`` and ``ASYNC_DOWNLOADS_CSS_CLASS``."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.template import Context, Template
from django.test import RequestFactory, override_settings

from django_dlwidget.compat.async_downloads import cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compat_app")]

INCLUDE = '{% include "async_downloads/download_centre.html" %}'
UPDATE = "/async_downloads/ajax_update/"
CLEAR = "/async_downloads/ajax_clear_download/"


def render(user: Any, source: str = INCLUDE) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template(source).render(Context({"request": request, "user": user}))


def attribute(html: str, name: str) -> str:
    match = re.search(rf' {name}="([^"]*)"', html)
    assert match, f"{name} not rendered"
    return unescape(match.group(1))


def test_the_include_renders_the_native_centre_in_a_nav_item(owner: User) -> None:
    cache.init_download(owner, "r.csv", name="Quarterly report")
    html = render(owner)
    assert html.startswith('<li id="async-downloads" class="nav-item">')
    assert html.rstrip().endswith("</dlw-download-centre>\n</li>")
    assert attribute(html, "data-url") == "/async_downloads/downloads/"
    assert "Quarterly report" in html
    assert re.search(r'<script defer src="[^"]*download-centre[^"]*\.js"', html)
    assert re.search(r'<link rel="stylesheet" href="[^"]*\.css"', html)


def test_anonymous_visitors_get_nothing() -> None:
    assert render(AnonymousUser()).strip() == ""


@pytest.mark.parametrize(("ws_mode", "mode"), [(True, "auto"), (False, "poll")])
def test_the_ws_mode_setting_picks_the_live_mode(owner: User, ws_mode: bool, mode: str) -> None:
    with override_settings(ASYNC_DOWNLOADS_WS_MODE=ws_mode, DLWIDGET={"MODE": "ws"}):
        assert attribute(render(owner), "data-mode") == mode


@override_settings(DLWIDGET={"MODE": "ws"})
def test_without_the_ws_mode_setting_the_native_mode_applies(owner: User) -> None:
    assert attribute(render(owner), "data-mode") == "ws"


@override_settings(ASYNC_DOWNLOADS_CSS_CLASS="dark-nav")
def test_the_css_class_setting_is_added_to_the_centre(owner: User) -> None:
    assert '<dlw-download-centre class="dlw-centre dark-nav" ' in render(owner)


def test_the_old_script_tags_urls_still_reverse(owner: User) -> None:
    source = (
        "{% url 'async_downloads:ajax_update' %} {% url 'async_downloads:ajax_clear_download' %}"
    )
    assert render(owner, source) == f"{UPDATE} {CLEAR}"
