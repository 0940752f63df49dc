"""Fixtures for the download tests: files in a temporary folder, a clean cache, two users."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from django_dlwidget import throttle
from django_dlwidget.loops import forget_loop


@pytest.fixture(autouse=True)
def _download_env(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROOT_URLCONF = "tests.downloads.urls"
    cache.clear()
    yield
    cache.clear()
    forget_loop()
    with throttle._lock:
        throttle._states.clear()


@pytest.fixture
def media(settings: Any) -> Path:
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def owner(db: None) -> User:
    return User.objects.create_user("owner", password="pw-owner")


@pytest.fixture
def other(db: None) -> User:
    return User.objects.create_user("other", password="pw-other")


@pytest.fixture
def owner_client(owner: User) -> Client:
    client = Client()
    client.force_login(owner)
    return client
