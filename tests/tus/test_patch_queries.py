"""The fixed database work of a PATCH to an existing upload, counted so that it cannot grow back
unnoticed: the session and its user (Django's), the row, the lease taken in one conditional
UPDATE, the owner's live writers, and the lease given back with the new offset in one more."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .conftest import LIST_URL, OCTET, TUS

pytestmark = pytest.mark.django_db(transaction=True)

PATCH_QUERIES = 6  # session, user, upload, lease taken, live writers, lease given back


def patch(client: Client, url: str, offset: int, body: bytes) -> int:
    headers = {**TUS, "Upload-Offset": str(offset)}
    return client.patch(url, body, content_type=OCTET, headers=headers).status_code


def test_a_patch_costs_six_queries_and_two_writes(client: Client, tus_dir: Path) -> None:
    created = client.post(LIST_URL, b"", content_type=OCTET, headers={**TUS, "Upload-Length": "15"})
    url = created["Location"]
    assert patch(client, url, 0, b"12345") == 204  # the first one may make the data
    with CaptureQueriesContext(connection) as queries:
        assert patch(client, url, 5, b"67890") == 204
    statements = [query["sql"].split()[0].upper() for query in queries.captured_queries]
    assert len(statements) == PATCH_QUERIES, statements
    assert statements.count("UPDATE") == 2  # no session write, one UPDATE per lease step
    assert "INSERT" not in statements


def test_the_last_patch_costs_no_more(client: Client, tus_dir: Path) -> None:
    created = client.post(LIST_URL, b"", content_type=OCTET, headers={**TUS, "Upload-Length": "10"})
    url = created["Location"]
    assert patch(client, url, 0, b"12345") == 204
    with CaptureQueriesContext(connection) as queries:
        assert patch(client, url, 5, b"67890") == 204  # completes the upload
    assert len(queries) == PATCH_QUERIES
