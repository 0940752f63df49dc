"""Fixtures for the download tests: files in a temporary folder, a clean cache, two users."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _download_env(settings: Any, tmp_path: Path, download_state: None) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROOT_URLCONF = "tests.downloads.urls"


@pytest.fixture
def media(settings: Any) -> Path:
    return Path(settings.MEDIA_ROOT)
