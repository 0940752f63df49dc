"""The uploads' admin (``django_dlwidget.admin.UploadAdmin``): read-only rows, nothing that lets a
browser write to an upload on the page, and deleting a row removes its partial data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.urls import reverse

from django_dlwidget.models import Upload
from django_dlwidget.tus.stores import get_store

pytestmark = pytest.mark.django_db
SESSION_BINDING = "s3cr3t-session-binding-0123456789"
LEASE_TOKEN = "l3ase-token-abcdef0123456789abcd"


@pytest.fixture
def admin(tus_dir: Path) -> Iterator[Client]:
    # Nested inside tus_dir's override and undone before it: pytest-django's ``settings`` fixture
    # would be undone after it and put tus_dir's UPLOAD_TEMP_DIR back for every later test.
    with override_settings(ROOT_URLCONF="tests.downloads.admin_urls"):
        client = Client()
        client.force_login(User.objects.create_superuser("admin", "admin@example.com", "pw"))
        yield client


@pytest.fixture
def upload(user: User) -> Upload:
    row = Upload.objects.create(
        owner=user,
        filename="holiday.mov",
        length=2048,
        offset=1024,
        session_key=SESSION_BINDING,
        lease_token=LEASE_TOKEN,
    )
    with get_store().open(row.id) as data:
        writer = data.appender(0)
        writer.write(b"x" * 1024)
        writer.finish(complete=False)
    return row


def test_the_list_shows_what_each_upload_received(admin: Client, upload: Upload) -> None:
    page = admin.get(reverse("admin:dlwidget_upload_changelist"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "holiday.mov" in html
    assert "1 kB / 2 kB (50%)" in html
    assert SESSION_BINDING not in html


def test_a_row_is_shown_read_only_without_its_secrets(admin: Client, upload: Upload) -> None:
    url = reverse("admin:dlwidget_upload_change", args=[upload.pk])
    html = admin.get(url).content.decode()
    assert "holiday.mov" in html
    assert SESSION_BINDING not in html
    assert LEASE_TOKEN not in html
    assert '<input type="submit" value="Save"' not in html
    assert admin.post(url, {"filename": "renamed.mov"}).status_code == 403
    upload.refresh_from_db()
    assert upload.filename == "holiday.mov"
    assert admin.get(reverse("admin:dlwidget_upload_add")).status_code == 403


def test_search_and_filters(admin: Client, upload: Upload, user: User) -> None:
    Upload.objects.create(owner=user, filename="notes.txt", length=3, offset=3, complete=True)
    url = reverse("admin:dlwidget_upload_changelist")
    found = admin.get(url, {"q": "holiday"}).content.decode()
    assert "holiday.mov" in found
    assert "notes.txt" not in found
    finished = admin.get(url, {"complete__exact": "1"}).content.decode()
    assert "notes.txt" in finished
    assert "holiday.mov" not in finished


def test_deleting_rows_removes_their_partial_data(admin: Client, upload: Upload) -> None:
    store = get_store()
    assert store.finished_size(upload.id) == 1024
    response = admin.post(
        reverse("admin:dlwidget_upload_changelist"),
        {"action": "delete_selected", "_selected_action": [str(upload.pk)], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Upload.objects.filter(pk=upload.pk).exists()
    assert store.finished_size(upload.id) is None
