"""Fixtures for the django-downloadview adapter: a temporary ``MEDIA_ROOT``, the URLconf of
compat views, files on disk, documents, and a real HTTP server to proxy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from tests.testapp.models import Document

from .remote import Remote, remote_server

BODY = bytes(range(256)) * 8  # 2048 bytes, every byte value, so offsets are visible


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    settings.ROOT_URLCONF = "tests.compat.downloadview.urls"
    return root


@pytest.fixture
def files(media: Path) -> Path:
    """``MEDIA_ROOT/files`` with ``hello-world.txt``, ``data.bin`` (``BODY``) and
    ``sub/nested.txt``; ``MEDIA_ROOT/secret.txt`` lies beside it, outside."""
    root = media / "files"
    (root / "sub").mkdir(parents=True)
    (root / "hello-world.txt").write_bytes(b"Hello world!\n")
    (root / "data.bin").write_bytes(BODY)
    (root / "sub" / "nested.txt").write_bytes(b"nested\n")
    (media / "secret.txt").write_bytes(b"secret\n")
    return root


@pytest.fixture
def document(owner: User) -> Document:
    document = Document(owner=owner, title="hello-world")
    document.file.save("data.bin", ContentFile(BODY), save=False)
    document.save()
    return document


@pytest.fixture
def remote() -> Iterator[Remote]:
    with remote_server() as server:
        yield server
