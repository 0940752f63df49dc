"""A PATCH refused while another one writes a deferred-length upload (423) leaves the room that
writer reserved: the owner cannot fill the quota twice over with retries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from django_dlwidget.models import Upload
from django_dlwidget.tus.stores import get_store

from .conftest import create, patch, upload_id_of

pytestmark = pytest.mark.django_db


def test_a_refused_patch_leaves_the_writers_reservation(client: Client, tus_dir: object) -> None:
    with override_settings(DLWIDGET={"UPLOAD_TEMP_DIR": str(tus_dir), "UPLOAD_QUOTA": 1000}):
        url = create(client, None, {"Upload-Defer-Length": "1"})["Location"]
        upload_id = upload_id_of(url)
        with get_store().open(upload_id, create=True):  # a writer holds the OS lock and the lease
            Upload.objects.filter(pk=upload_id).update(
                reserved_to=1000,
                lease_token="a" * 32,
                lease_expires=timezone.now() + timedelta(seconds=30),
            )
            assert patch(client, url, b"", 0).status_code == 423
            assert Upload.objects.get(pk=upload_id).reserved_to == 1000
            assert create(client, 1000).status_code == 413


def test_the_tus_views_stay_out_of_atomic_requests() -> None:
    """Under ATOMIC_REQUESTS a body-long transaction would keep the lease's and quota's rows
    locked and the connection held for as long as a slow body lasts."""
    from django_dlwidget.tus.views import upload_detail, upload_list

    for view in (upload_list, upload_detail):
        assert "default" in getattr(view, "_non_atomic_requests", set())
