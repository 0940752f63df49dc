"""Finding 7: twelve creations at once from one user, up to seven accepted past the quota on
PostgreSQL. Each request runs in a thread of its own with a database connection of its own,
all released together; exactly as many as fit may be accepted.

It needs a real server: ``make test-postgres`` runs it on a throwaway PostgreSQL cluster.
(SQLite takes its database-wide write lock for the same UPDATE, so it serialises there by
nature; its in-memory test database cannot be shared by threads.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.test import Client
from django.test.utils import override_settings

from django_dlwidget.models import Upload

from .conftest import ANON, create, patch

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

REQUESTS = 12


def creation(client: Client, length: int) -> int:
    return int(create(client, length).status_code)


def at_once(requests: list[Callable[[], int]]) -> list[int]:
    """Each request in a thread of its own, all released by one barrier; their statuses."""
    barrier = threading.Barrier(len(requests))
    statuses: list[int] = []

    def run(request: Callable[[], int]) -> None:
        try:
            barrier.wait()
            statuses.append(request())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(request,)) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return sorted(statuses)


@pytest.fixture(autouse=True)
def _postgres_only(db: object) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (make test-postgres)")


def test_concurrent_creations_never_pass_the_quota(tus_dir: Path) -> None:
    user = User.objects.create_user("racer")
    clients = []
    for _ in range(REQUESTS):
        client = Client()
        client.force_login(user)
        clients.append(client)
    with override_settings(DLWIDGET={"UPLOAD_TEMP_DIR": str(tus_dir), "UPLOAD_QUOTA": 400}):
        statuses = at_once([partial(creation, client, 100) for client in clients])
    assert statuses == [201] * 4 + [413] * (REQUESTS - 4)
    assert sum(upload.length or 0 for upload in Upload.objects.all()) == 400


def test_concurrent_anonymous_creations_never_pass_the_shared_budget(tus_dir: Path) -> None:
    clients = [Client() for _ in range(REQUESTS)]  # a fresh session each
    setting = {**ANON, "UPLOAD_TEMP_DIR": str(tus_dir), "UPLOAD_ANONYMOUS_MAX_COUNT": 5}
    with override_settings(DLWIDGET=setting):
        statuses = at_once([partial(creation, client, 0) for client in clients])
    assert statuses == [201] * 5 + [413] * (REQUESTS - 5)


def test_concurrent_deferred_patches_share_the_room(tus_dir: Path) -> None:
    """Twelve deferred-length uploads, each PATCHed with 100 bytes at once, under 400 bytes."""
    user = User.objects.create_user("racer")
    client = Client()
    client.force_login(user)
    setting = {"UPLOAD_TEMP_DIR": str(tus_dir), "UPLOAD_QUOTA": 400}
    with override_settings(DLWIDGET=setting):
        urls = [
            create(client, None, {"Upload-Defer-Length": "1"})["Location"] for _ in range(REQUESTS)
        ]

        def write(url: str) -> int:
            own = Client()
            own.force_login(user)
            return int(patch(own, url, b"x" * 100).status_code)

        statuses = at_once([partial(write, url) for url in urls])
    assert statuses == [204] * 4 + [413] * (REQUESTS - 4)
    assert sum(upload.offset for upload in Upload.objects.all()) == 400
