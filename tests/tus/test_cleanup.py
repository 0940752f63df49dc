"""Removal of expired uploads and orphan partial files, directly and by the cleanup command."""

from __future__ import annotations

import os
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from django_dlwidget.downloads.cleanup import run_cleanup
from django_dlwidget.models import Upload
from django_dlwidget.tus import partial
from django_dlwidget.tus.cleanup import cleanup_expired_uploads

from .conftest import create, upload_id_of

pytestmark = pytest.mark.django_db


def test_cleanup_removes_expired_uploads_and_orphans(client: Client, tus_dir: Path) -> None:
    create(client, 5)
    kept = create(client, 5)["Location"]
    Upload.objects.exclude(pk=upload_id_of(kept)).update(
        expires=timezone.now() - timedelta(seconds=1)
    )
    orphan = partial.temp_dir() / f"{uuid.uuid4().hex}.part"
    orphan.write_bytes(b"x")
    old = time.time() - 2 * 86400
    os.utime(orphan, (old, old))
    assert cleanup_expired_uploads() == 2
    assert Upload.objects.count() == 1
    assert not orphan.exists()
    assert len(list(partial.temp_dir().glob("*.part"))) == 1


def test_the_cleanup_command_removes_expired_uploads(client: Client, tus_dir: Path) -> None:
    create(client, 5)
    Upload.objects.update(expires=timezone.now() - timedelta(seconds=1))
    assert run_cleanup()["uploads"] == 1
    assert Upload.objects.count() == 0
    assert run_cleanup()["uploads"] == 0
