"""``{% download_centre %}``: the server-rendered list, its data-* contract, options, escaping."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory, override_settings
from django.utils import timezone

from django_dlwidget.downloads.centre import user_key
from django_dlwidget.live.versions import get_version
from django_dlwidget.models import Download

pytestmark = pytest.mark.django_db

ZERO = "00000000-0000-0000-0000-000000000000"


@pytest.fixture
def user() -> User:
    return User.objects.create_user("ada", password="x")


def render(user: Any, source: str = "{% download_centre %}") -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load dlwidget %}" + source)
    return template.render(Context({"request": request, "user": user}))


def add(user: User, name: str, status: str, minutes_ago: int = 0, **fields: Any) -> Download:
    created = timezone.now() - timedelta(minutes=minutes_ago)
    return Download.objects.create(
        owner=user, name=name, filename=f"{name}.csv", status=status, created=created, **fields
    )


def attribute(html: str, name: str) -> str:
    match = re.search(rf' {name}="([^"]*)"', html)
    assert match, f"{name} not rendered"
    return unescape(match.group(1))


def snapshot(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json">(.*?)</script>', html, re.S)
    assert match
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def test_anonymous_renders_nothing() -> None:
    assert render(AnonymousUser()) == ""


def test_data_attributes(user: User) -> None:
    html = render(user)
    assert html.startswith(
        '<dlw-download-centre class="dlw-centre" data-url="/dlwidget/downloads/" '
    )
    assert attribute(html, "data-detail-url") == f"/dlwidget/downloads/{ZERO}/"
    assert attribute(html, "data-cancel-url") == f"/dlwidget/downloads/{ZERO}/cancel/"
    assert attribute(html, "data-ws-url") == "/ws/dlwidget/"
    assert attribute(html, "data-mode") == "auto"
    assert attribute(html, "data-poll-interval") == "5000"
    assert attribute(html, "data-user") == user_key(user)
    assert len(attribute(html, "data-csrf-token")) == 64
    assert json.loads(attribute(html, "data-classes")) == {}
    strings = json.loads(attribute(html, "data-strings"))
    assert strings["isReady"] == "%(name)s is ready"
    assert strings["pending"] == "Pending"
    assert " data-notify" not in html


def test_empty_state(user: User) -> None:
    html = render(user)
    # Without JavaScript the toggle is a link to the "all downloads" page.
    assert re.search(
        r'<a class="dlw-toggle" href="/dlwidget/downloads/all/" aria-controls="dlw-menu-1">'
        r'<svg class="dlw-icon" data-icon="download" [^>]*aria-hidden="true"[^>]*><path d="[^"]+"/>'
        r'</svg> Downloads <span class="dlw-badge" hidden>0</span></a>',
        html,
    )
    assert '<div class="dlw-menu" id="dlw-menu-1" popover aria-labelledby="dlw-title-1">' in html
    assert '<h2 class="dlw-title" id="dlw-title-1">Downloads</h2>' in html
    assert (
        '<button type="button" class="dlw-clear-finished" data-action="clear-finished" hidden>'
        "Clear finished</button>"
    ) in html
    assert '<ul class="dlw-list" hidden>' in html
    assert '<p class="dlw-empty">No downloads yet.</p>' in html
    assert '<a class="dlw-all" href="/dlwidget/downloads/all/">All downloads</a>' in html
    assert attribute(html, "data-page-url") == "/dlwidget/downloads/all/"
    assert attribute(html, "data-worker-wait") == "30"
    assert snapshot(html) == {"version": get_version(user.pk), "downloads": []}


def test_server_rendered_list_newest_first(user: User) -> None:
    running = add(user, "running", "running", minutes_ago=1, progress=40)
    ready = add(user, "ready", "ready", minutes_ago=3)
    failed = add(user, "failed", "failed", minutes_ago=5, error="Disk full")
    cancelled = add(user, "cancelled", "cancelled", minutes_ago=7)
    pending = add(user, "pending", "pending", minutes_ago=9)
    add(User.objects.create_user("eve"), "not mine", "ready")
    html = render(user)

    keys = re.findall(r'<li class="dlw-item" data-key="([^"]+)"', html)
    assert keys == [str(d.key) for d in (running, ready, failed, cancelled, pending)]
    assert [d["name"] for d in snapshot(html)["downloads"]] == [
        "running",
        "ready",
        "failed",
        "cancelled",
        "pending",
    ]
    assert "not mine" not in html
    # Badge: pending + running (ready ones depend on the browser's "seen" set).
    assert '<span class="dlw-badge">2</span>' in html
    assert (
        '<div class="dlw-progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" '
        'aria-valuenow="40" aria-label="Progress of running"><div class="dlw-bar"></div></div>'
    ) in html
    assert html.count('role="progressbar"') == 2
    assert '<p class="dlw-error">Disk full</p>' in html
    assert html.count('data-action="cancel"') == 2
    assert html.count('data-action="clear"') == 3
    assert (
        f'<a class="dlw-link" href="/dlwidget/downloads/{ready.key}/file/" download="ready.csv" '
        'data-action="download" aria-label="Download ready">Download</a>'
    ) in html
    assert '<time class="dlw-time" datetime="' in html
    assert ">3\xa0minutes ago</time>" in html
    assert f'data-key="{cancelled.key}" data-status="cancelled"' in html
    assert f'data-key="{failed.key}" data-status="failed"' in html


@override_settings(DLWIDGET={"LIST_LIMIT": 2})
def test_list_limit(user: User) -> None:
    for minutes in range(4):
        add(user, f"d{minutes}", "ready", minutes_ago=minutes)
    html = render(user)
    assert [d["name"] for d in snapshot(html)["downloads"]] == ["d0", "d1"]
    assert html.count('class="dlw-item"') == 2


def test_hostile_names_are_escaped(user: User) -> None:
    add(user, '</script><img src=x onerror=alert(1)>"', "failed", error="<b>bad</b>")
    html = render(user)
    assert "<img" not in html
    assert "<b>bad</b>" not in html
    assert "&lt;b&gt;bad&lt;/b&gt;" in html
    body = re.search(r'<script type="application/json">(.*?)</script>', html, re.S)
    assert body
    assert "</script" not in body.group(1)
    assert snapshot(html)["downloads"][0]["name"].startswith("</script><img")


@override_settings(
    DLWIDGET={
        "CSS_CLASSES": {"toggle": "btn btn-outline-secondary", "menu": "dropdown-menu show"},
        "MODE": "poll",
        "POLL_INTERVAL": 2000,
    }
)
def test_class_overrides_and_options(user: User) -> None:
    add(user, "ready", "ready")
    html = render(user, '{% download_centre css_class="nav-item" mode="ws" notify=True %}')
    assert html.startswith('<dlw-download-centre class="dlw-centre nav-item" ')
    assert 'class="dlw-toggle btn btn-outline-secondary"' in html
    assert 'class="dlw-menu dropdown-menu show" id="dlw-menu-1" popover ' in html
    assert attribute(html, "data-mode") == "ws"
    assert attribute(html, "data-poll-interval") == "2000"
    assert " data-notify " in html
    assert json.loads(attribute(html, "data-classes")) == {
        "menu": "dropdown-menu show",
        "toggle": "btn btn-outline-secondary",
    }


def test_two_centres_on_one_page_get_distinct_ids(user: User) -> None:
    html = render(user, "{% download_centre %}{% download_centre %}")
    assert 'id="dlw-menu-1"' in html
    assert 'id="dlw-menu-2"' in html


def test_bad_mode_is_a_template_error(user: User) -> None:
    with pytest.raises(TemplateSyntaxError, match="mode='smoke'"):
        render(user, '{% download_centre mode="smoke" %}')


def test_template_option(user: User, tmp_path: Path) -> None:
    (tmp_path / "mine.html").write_text("<li>{{ list_url }} {{ items|length }} {{ uid }}</li>")
    add(user, "a", "ready")
    templates = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [tmp_path]}]
    with override_settings(TEMPLATES=templates):
        assert render(user, '{% download_centre template="mine.html" %}') == (
            "<li>/dlwidget/downloads/ 1 1</li>"
        )
