"""The fuzz runs' fixtures: a logged-in client, a temporary upload directory, the figures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.test.utils import override_settings

from .checks import SEEN


@pytest.fixture
def user(db: None) -> User:
    return User.objects.create_user("fuzz", password="pw")


@pytest.fixture
def other(db: None) -> User:
    return User.objects.create_user("other", password="pw")


@pytest.fixture
def upload_dir(tmp_path: Path) -> Iterator[Path]:
    # Small limits: more of the fuzzed lengths and offsets land on either side of them.
    limits = {"UPLOAD_TEMP_DIR": str(tmp_path / "uploads"), "UPLOAD_MAX_SIZE": 4096}
    with override_settings(DLWIDGET=limits):
        yield tmp_path / "uploads"


@pytest.fixture
def client(user: User, upload_dir: Path) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SEEN:
        total = sum(SEEN.values())
        statuses = ", ".join(f"{key}: {count}" for key, count in sorted(SEEN.items()))
        terminalreporter.write_line(f"fuzz: {total} requests; {statuses}")
