"""Fixtures for the django-resumable adapter: the project's URLconf with the compat include, a
temporary MEDIA_ROOT and partial-data folder, and a logged-in client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client


@pytest.fixture(autouse=True)
def _compat_env(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROOT_URLCONF = "tests.compat.resumable.urls"
    settings.DLWIDGET = {"UPLOAD_TEMP_DIR": str(tmp_path / "partial")}


@pytest.fixture
def user(db: None) -> User:
    return User.objects.create_user("ada", password="pw")


@pytest.fixture
def client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def opening_tag(html: str) -> str:
    return html[: html.index(">") + 1]
