from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from django_dlwidget import init_download, save_download
from django_dlwidget.models import Download, DownloadStatus

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admin_client_(settings: object, db: None) -> Client:
    settings.ROOT_URLCONF = "tests.downloads.admin_urls"  # type: ignore[attr-defined]
    admin = User.objects.create_superuser("admin", "admin@example.com", "pw")
    client = Client()
    client.force_login(admin)
    return client


def test_changelist_and_actions(admin_client_: Client, owner: User, media: Path) -> None:
    ready = save_download(init_download(owner, "a.csv").key, [[1]])
    running = init_download(owner, "b.csv")
    url = reverse("admin:dlwidget_download_changelist")
    page = admin_client_.get(url + "?status__exact=ready")
    assert page.status_code == 200
    assert b"a.csv" in page.content
    assert b"b.csv" not in page.content
    response = admin_client_.post(
        url, {"action": "expire_now", "_selected_action": [str(running.key), str(ready.key)]}
    )
    assert response.status_code == 302
    assert Download.objects.get(key=running.key).status == DownloadStatus.CANCELLED
    path = media / str(ready.file.name)
    admin_client_.post(
        url,
        {"action": "delete_selected", "_selected_action": [str(ready.key)], "post": "yes"},
    )
    assert not Download.objects.filter(key=ready.key).exists()
    assert not path.exists()
