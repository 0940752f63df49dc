"""``{% download_centre %}``: icon, description, details line, "Waiting for a worker"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from django_dlwidget.downloads.centre import WORKER_WAIT_SECONDS, item_meta
from django_dlwidget.elements.contract import CENTRE_STRINGS, ICONS, translated

from .test_centre import add, render

pytestmark = pytest.mark.django_db


@pytest.fixture
def user() -> User:
    return User.objects.create_user("ada", password="x")


def test_pending_says_waiting_for_a_worker_once_the_wait_is_over(user: User) -> None:
    add(user, "fresh", "pending")
    old = add(user, "old", "pending")
    old.created = timezone.now() - timedelta(seconds=WORKER_WAIT_SECONDS + 1)
    old.save()
    html = render(user)
    assert '<span class="dlw-status">Pending</span>' in html
    assert '<span class="dlw-status">Waiting for a worker</span>' in html


def test_icons_description_and_clear_finished(user: User) -> None:
    add(user, "ready", "ready", description="March orders")
    html = render(user)
    assert 'data-icon="ready" viewBox="0 0 24 24"' in html
    assert f'<path d="{ICONS["ready"]}"/>' in html
    assert '<span class="dlw-description">March orders</span>' in html
    assert 'data-action="clear-finished">Clear finished</button>' in html  # not hidden


def test_details_line(user: User) -> None:
    strings = translated(CENTRE_STRINGS)
    running = add(user, "r", "running", progress=42)
    assert item_meta(running, strings) == "42%"
    assert item_meta(add(user, "p", "pending"), strings) == ""
    now = timezone.now()
    ready = add(user, "d", "ready", size=2_500_000, finished=now, expires=now + timedelta(days=1))
    meta = item_meta(ready, strings)
    assert meta.startswith("2.5 MB · finished ")
    assert " · expires " in meta
    failed = add(user, "f", "failed", size=10, finished=now)
    assert item_meta(failed, strings).startswith("finished ")
    html = render(user)
    assert '<span class="dlw-meta" hidden></span>' in html  # the pending one
    assert '<span class="dlw-meta">42%</span>' in html
