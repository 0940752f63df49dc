"""Finding 7: twelve creations at once from one user, up to seven accepted past the quota on
PostgreSQL. Each request runs in a thread of its own with a database connection of its own,
all released together; exactly as many as fit may be accepted.

It needs a real server: ``make test-postgres`` runs it on a throwaway PostgreSQL cluster.
(SQLite takes its database-wide write lock for the same UPDATE, so it serialises there by
nature; its in-memory test database cannot be shared by threads.)
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.test import Client
from django.test.utils import override_settings

from django_dlwidget.models import Upload

from .conftest import ANON, create

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

REQUESTS = 12


def at_once(clients: list[Client], length: int) -> list[int]:
    """Each client creates one upload of ``length`` bytes, all released by one barrier."""
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def run(client: Client) -> None:
        try:
            barrier.wait()
            statuses.append(create(client, length).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(client,)) for client in clients]
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
        statuses = at_once(clients, 100)
    assert statuses == [201] * 4 + [413] * (REQUESTS - 4)
    assert sum(upload.length or 0 for upload in Upload.objects.all()) == 400


def test_concurrent_anonymous_creations_never_pass_the_shared_budget(tus_dir: Path) -> None:
    clients = [Client() for _ in range(REQUESTS)]  # a fresh session each
    setting = {**ANON, "UPLOAD_TEMP_DIR": str(tus_dir), "UPLOAD_ANONYMOUS_MAX_COUNT": 5}
    with override_settings(DLWIDGET=setting):
        statuses = at_once(clients, 0)
    assert statuses == [201] * 5 + [413] * (REQUESTS - 5)
