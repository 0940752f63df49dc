"""Fixtures for the django-async-downloads adapter: files in a temporary folder, a clean state,
the project's URLconf with the compat include, and the compat app when a test installs it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

COMPAT_APP = "django_dlwidget.compat.async_downloads"


@pytest.fixture(autouse=True)
def _compat_env(settings: Any, tmp_path: Path, download_state: None) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROOT_URLCONF = "tests.compat.async_downloads.urls"


@pytest.fixture
def compat_app(settings: Any) -> None:
    """``INSTALLED_APPS`` as the migration guide says: the compat app beside django_dlwidget."""
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, COMPAT_APP]


@pytest.fixture
def media(settings: Any) -> Path:
    return Path(settings.MEDIA_ROOT)
