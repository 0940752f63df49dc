"""Fixtures for the tus unit tests: a temporary UPLOAD_TEMP_DIR, a user and helpers."""

from __future__ import annotations

import base64
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.test.utils import override_settings

TUS = {"Tus-Resumable": "1.0.0"}
OCTET = "application/offset+octet-stream"
LIST_URL = "/dlwidget/uploads/"
ANON = {"UPLOAD_PERMISSION": "django_dlwidget.tus.permissions.allow_anonymous"}
GMT = re.compile(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def error_code(response: Any) -> str:
    return str(response.json()["error"])


def upload_id_of(url: str) -> uuid.UUID:
    return uuid.UUID(url.rstrip("/").rsplit("/", 1)[-1])


@pytest.fixture
def tus_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(DLWIDGET={"UPLOAD_TEMP_DIR": str(tmp_path / "uploads")}):
        yield tmp_path / "uploads"


@pytest.fixture
def user(db: Any) -> User:
    return User.objects.create_user("alice", password="pw")


@pytest.fixture
def client(user: User, tus_dir: Path) -> Client:
    client = Client()
    client.force_login(user)
    return client


def create(client: Client, length: int | None = 10, headers: dict[str, str] | None = None) -> Any:
    sent = {**TUS, **(headers or {})}
    if length is not None:
        sent.setdefault("Upload-Length", str(length))
    return client.generic("POST", LIST_URL, b"", headers=sent)


def patch(
    client: Client, url: str, data: bytes, offset: int = 0, headers: dict[str, str] | None = None
) -> Any:
    sent = {**TUS, "Upload-Offset": str(offset), **(headers or {})}
    sent.setdefault("Content-Type", OCTET)
    # Sent even with an empty body, as tus clients do (the test client would drop it).
    return client.generic("PATCH", url, data, content_type=sent["Content-Type"], headers=sent)


def head(client: Client, url: str) -> Any:
    return client.head(url, headers=TUS)


def concat(client: Client, header: str, headers: dict[str, str] | None = None) -> Any:
    """``POST`` a final concatenation with ``Upload-Concat: <header>``."""
    sent = {**TUS, "Upload-Concat": header, **(headers or {})}
    return client.generic("POST", LIST_URL, b"", headers=sent)
