"""The "all downloads" page: owner-only, paginated, and every action a POST form with CSRF."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from django_dlwidget.downloads.page import PER_PAGE
from django_dlwidget.models import Download

pytestmark = pytest.mark.django_db
PAGE = "/dlwidget/downloads/all/"


def add(
    user: User, name: str, status: str = "ready", minutes_ago: int = 0, **fields: Any
) -> Download:
    created = timezone.now() - timedelta(minutes=minutes_ago)
    return Download.objects.create(
        owner=user, name=name, filename=f"{name}.csv", status=status, created=created, **fields
    )


def csrf_client(user: User) -> tuple[Client, str]:
    """A client that enforces CSRF like a browser, and the token from the page's forms."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    html = client.get(PAGE).content.decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "the page renders no form with a CSRF token"
    return client, match.group(1)


def test_url_names() -> None:
    assert reverse("dlwidget:downloads-page") == PAGE


def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_lists_only_the_owners_downloads_with_their_details(
    owner_client: Client, owner: User, other: User
) -> None:
    add(owner, "mine", description="March orders", size=1_500_000, finished=timezone.now())
    add(owner, "running", "running", progress=40)
    add(other, "theirs")
    html = owner_client.get(PAGE).content.decode()
    assert "mine" in html
    assert "March orders" in html
    assert "1.5 MB" in html
    assert "finished " in html
    assert "Running · 40%" in html
    assert "theirs" not in html
    assert html.count('class="dlw-page-item"') == 2


def test_paginated_newest_first(owner_client: Client, owner: User) -> None:
    for n in range(PER_PAGE + 3):
        add(owner, f"d{n:02}", minutes_ago=n)
    first = owner_client.get(PAGE).content.decode()
    assert first.count('class="dlw-page-item"') == PER_PAGE
    assert "d00" in first
    assert 'rel="next"' in first
    second = owner_client.get(PAGE, {"page": 2}).content.decode()
    assert second.count('class="dlw-page-item"') == 3
    assert 'rel="prev"' in second
    assert "Page 2 of 2" in second
    assert owner_client.get(PAGE, {"page": "nonsense"}).status_code == 200


def test_empty_page(owner_client: Client) -> None:
    html = owner_client.get(PAGE).content.decode()
    assert "No downloads yet." in html
    assert "Clear finished" not in html


def test_forms_need_the_csrf_token(owner: User) -> None:
    download = add(owner, "a")
    client, token = csrf_client(owner)
    url = f"{PAGE}{download.key}/clear/"
    assert client.post(url).status_code == 403
    assert Download.objects.filter(key=download.key).exists()
    response = client.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert not Download.objects.filter(key=download.key).exists()


def test_cancel_then_back_to_the_same_page(owner: User) -> None:
    download = add(owner, "job", "running")
    client, token = csrf_client(owner)
    response = client.post(
        f"{PAGE}{download.key}/cancel/", {"csrfmiddlewaretoken": token, "page": "3"}
    )
    assert response["Location"] == f"{PAGE}?page=3"
    download.refresh_from_db()
    assert download.status == "cancelled"


def test_the_page_field_is_never_a_redirect_target(owner: User) -> None:
    download = add(owner, "a")
    client, token = csrf_client(owner)
    response = client.post(
        f"{PAGE}{download.key}/clear/",
        {"csrfmiddlewaretoken": token, "page": "https://evil.example/"},
    )
    assert response["Location"] == PAGE


def test_clear_finished_keeps_running_jobs_and_other_users(owner: User, other: User) -> None:
    add(owner, "ready")
    add(owner, "failed", "failed")
    add(owner, "cancelled", "cancelled")
    running = add(owner, "running", "running")
    theirs = add(other, "theirs")
    client, token = csrf_client(owner)
    response = client.post(f"{PAGE}clear-finished/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert list(Download.objects.filter(owner=owner)) == [running]
    assert Download.objects.filter(key=theirs.key).exists()


def test_another_users_download_is_a_404(owner_client: Client, other: User) -> None:
    theirs = add(other, "theirs", "running")
    assert owner_client.post(f"{PAGE}{theirs.key}/clear/").status_code == 404
    assert owner_client.post(f"{PAGE}{theirs.key}/cancel/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "running"


def test_actions_are_post_only(owner_client: Client, owner: User) -> None:
    download = add(owner, "a")
    assert owner_client.get(f"{PAGE}{download.key}/clear/").status_code == 405
    assert owner_client.get(f"{PAGE}clear-finished/").status_code == 405
    assert owner_client.post(PAGE).status_code == 405
    assert Download.objects.filter(key=download.key).exists()
