"""Concatenation under attack: each part once, at most ``UPLOAD_MAX_PARTS``, the parts' total
checked against size and quota before a byte is copied, and one final at a time per part."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from django_dlwidget.models import Upload
from django_dlwidget.tus.lease import Lease
from django_dlwidget.tus.locking import open_locked
from django_dlwidget.tus.stores import get_store

from .conftest import concat, create, error_code, patch, upload_id_of
from .limits import Limited, limited
from .test_concatenation import finished_parts

pytestmark = pytest.mark.django_db
__all__ = ["limited"]  # the fixture, imported for pytest


def test_a_part_listed_twice_is_refused(client: Client, limited: Limited) -> None:
    """Finding 2: one 8 MiB part listed 145 times made 1.15 GiB, outside the quota."""
    with limited():
        urls = finished_parts(client, b"abc", b"de")
        twice = "http://testserver" + urls[0]  # the same upload under another spelling
        response = concat(client, f"final;{urls[0]} {urls[1]} {twice}")
        assert response.status_code == 400
        assert response.json() == {
            "error": "invalid_concat",
            "detail": f"{twice} is listed more than once.",
        }
        assert list(Upload.objects.values_list("is_final", "offset")) == [(False, 2), (False, 3)]
        assert concat(client, f"final;{urls[0]} {urls[1]}").status_code == 201


def test_at_most_max_parts(client: Client, limited: Limited) -> None:
    """Finding 12: 10,000 parts (a 560 KB header) took 12-14 s of server work."""
    with limited(UPLOAD_MAX_PARTS=3):
        urls = finished_parts(client, b"a", b"b", b"c", b"d")
        response = concat(client, "final;" + " ".join(urls))
        assert response.status_code == 400
        assert response.json() == {
            "error": "too_many_parts",
            "detail": "A final upload may join at most 3 partial uploads.",
        }
        with CaptureQueriesContext(connection) as queries:
            response = concat(client, "final;" + " ".join([urls[0]] * 10_000))
        assert error_code(response) == "too_many_parts"
        assert len(queries) < 5  # the session and the user: no part was looked up
        assert concat(client, "final;" + " ".join(urls[:3])).status_code == 201
    assert Upload.objects.count() == 2


def test_the_parts_total_is_checked_against_the_quota_before_copying(
    client: Client, limited: Limited, monkeypatch: pytest.MonkeyPatch
) -> None:
    with limited(UPLOAD_QUOTA=100):
        urls = finished_parts(client, b"a" * 40, b"b" * 40)
        assert create(client, 20).status_code == 201
        # The parts give way to the final upload: 100 bytes held before and after.
        response = concat(client, "final;" + " ".join(urls))
        assert response.status_code == 201
    with limited(UPLOAD_QUOTA=1000):  # then the quota is lowered below what is held
        urls = finished_parts(client, b"c" * 10, b"d" * 10)
    with limited(UPLOAD_QUOTA=100):
        copies: list[object] = []

        def concatenate(*args: object) -> int:
            copies.append(args)
            return 0

        monkeypatch.setattr(type(get_store()), "concatenate", concatenate)
        response = concat(client, "final;" + " ".join(urls))  # 120 bytes held
        assert response.status_code == 413
        assert error_code(response) == "quota_exceeded"
        assert copies == []
        assert Upload.objects.filter(is_partial=True).count() == 2


def test_the_count_leaves_room_for_the_final_upload(client: Client, limited: Limited) -> None:
    with limited(UPLOAD_MAX_COUNT=3):
        urls = finished_parts(client, b"a", b"b", b"c")
        assert error_code(create(client, 1)) == "too_many_uploads"
        assert concat(client, "final;" + " ".join(urls)).status_code == 201


def test_a_part_held_by_another_request_is_423(client: Client, limited: Limited) -> None:
    """Two finals listing one part at once must not both copy it."""
    with limited():
        urls = finished_parts(client, b"abc", b"de")
        part = upload_id_of(urls[1])
        if get_store().locks:
            with open_locked(part, create=False):
                response = concat(client, "final;" + " ".join(urls))
        else:
            Lease(part, checksummed=False).acquire(file_locked=False)
            response = concat(client, "final;" + " ".join(urls))
        assert response.status_code == 423
        assert not Upload.objects.filter(is_final=True).exists()
        # Nothing stays held: the other part can still be written to, deleted, joined.
        assert Upload.objects.filter(lease_token="", pk=upload_id_of(urls[0])).exists()
        assert patch(client, urls[0], b"", offset=3).status_code == 204
