"""The admin: change forms and inline formsets (rows added on the page too) take tokens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from django_dlwidget.elements.assets import bundle_assets
from django_dlwidget.models import Upload

from .conftest import PDF, PNG, MakeUpload
from .models import Attachment, Document, Folder

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]


@pytest.fixture
def client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_change_form_loads_the_widget_and_its_media(client: Client) -> None:
    html = client.get("/admin/dlwidget_test_forms/document/add/").content.decode()
    assert '<dlw-upload class="dlw-upload" data-url="/dlwidget/uploads/"' in html
    assert 'data-max-size="65536"' in html
    assert 'accept="application/pdf,image/*,.csv"' in html
    assert 'name="file-token"' in html
    for asset in bundle_assets(("upload",)):
        assert asset.url in html
    assert len(re.findall(r"data-csrf-token=\"\w{64}\"", html)) == 1


def test_change_form_post(client: Client, make_upload: MakeUpload, media: Path) -> None:
    upload, token = make_upload()
    response = client.post(
        "/admin/dlwidget_test_forms/document/add/", {"title": "doc", "file-token": token}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get()
    assert (media / str(document.file.name)).read_bytes() == PDF
    assert not Upload.objects.filter(pk=upload.pk).exists()
    # Editing without a new upload keeps the file.
    response = client.post(
        f"/admin/dlwidget_test_forms/document/{document.pk}/change/", {"title": "renamed"}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.file.name) == ("renamed", "documents/report.pdf")


def test_change_form_shows_errors_and_keeps_the_token(
    client: Client, make_upload: MakeUpload
) -> None:
    _, token = make_upload(PDF + b"0" * 70_000)
    response = client.post(
        "/admin/dlwidget_test_forms/document/add/", {"title": "doc", "file-token": token}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "files may be at most 65.5 kB" in html
    assert not Document.objects.exists()


def test_inline_rows_including_one_added_on_the_page(
    client: Client, make_upload: MakeUpload, media: Path
) -> None:
    page = client.get("/admin/dlwidget_test_forms/folder/add/").content.decode()
    # The template row the admin clones for "Add another": ids and names carry __prefix__.
    assert 'name="attachments-__prefix__-file-token"' in page
    assert 'name="attachments-0-file"' in page
    tokens = [make_upload()[1], make_upload(PNG, "pixel.png")[1]]
    response = client.post(
        "/admin/dlwidget_test_forms/folder/add/",
        {
            "name": "f",
            "attachments-TOTAL_FORMS": "2",  # the second row was added on the page
            "attachments-INITIAL_FORMS": "0",
            "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000",
            "attachments-0-file-token": tokens[0],
            "attachments-1-file-token": tokens[1],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    folder = Folder.objects.get()
    names = sorted(Path(str(a.file.name)).name for a in Attachment.objects.filter(folder=folder))
    assert names == ["pixel.png", "report.pdf"]
    assert Upload.objects.count() == 0


def test_inline_refuses_another_users_token(
    client: Client, make_upload: MakeUpload, other: User
) -> None:
    _, token = make_upload(owner=other)
    response = client.post(
        "/admin/dlwidget_test_forms/folder/add/",
        {
            "name": "f",
            "attachments-TOTAL_FORMS": "1",
            "attachments-INITIAL_FORMS": "0",
            "attachments-0-file-token": token,
        },
    )
    assert response.status_code == 200
    assert "The upload could not be verified" in response.content.decode()
    assert not Folder.objects.exists()
