"""Fixtures for the dj-bgfiles adapter: files in a temporary folder, a clean state, a URLconf
with the native endpoints and views built on the compat API, and users."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

COMPAT_APP = "django_dlwidget.compat.bgfiles"


@pytest.fixture(autouse=True)
def _compat_env(settings: Any, tmp_path: Path, download_state: None) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROOT_URLCONF = "tests.compat.bgfiles.urls"
    settings.DLWIDGET = {"SITE_URL": "https://files.example.com"}
    templates = [dict(settings.TEMPLATES[0])]
    templates[0]["DIRS"] = [Path(__file__).parent / "templates"]
    settings.TEMPLATES = templates


@pytest.fixture
def media(settings: Any) -> Path:
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def requester(db: None) -> User:
    return User.objects.create_user("req", "req@example.com", "pw-req")
