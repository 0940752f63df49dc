"""The public serving API on a project's own model (tests/testapp)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from django_dlwidget.testing import assert_download_response
from tests.testapp.models import Document

DATA = b"project bytes " * 100


@pytest.fixture
def document(owner: User) -> Document:
    doc = Document(owner=owner, title="Quarterly")
    doc.file.save("q.txt", ContentFile(DATA))
    return doc


def test_function_with_a_field_file(client: Client, document: Document) -> None:
    response = client.get(reverse("testapp-function", args=[document.pk]))
    assert_download_response(
        response, content=DATA, filename="Quarterly.txt", content_type="text/plain"
    )
    ranged = client.get(
        reverse("testapp-function", args=[document.pk]), headers={"Range": "bytes=-4"}
    )
    assert_download_response(ranged, status=206, content=DATA[-4:])


def test_function_with_storage_and_name(client: Client, media: object) -> None:
    name = default_storage.save("free/notes.md", ContentFile(b"# notes"))
    response = client.get(reverse("testapp-stored", args=[name]))
    assert_download_response(response, content=b"# notes", filename="notes.md")
    assert client.get(reverse("testapp-stored", args=["free/missing.md"])).status_code == 404


def test_cbv_permission_hook_and_login(client: Client, document: Document, owner: User) -> None:
    url = reverse("testapp-cbv", args=[document.pk])
    assert client.get(url).status_code == 302  # LoginRequiredMixin
    client.force_login(owner)
    assert client.get(url).status_code == 403  # has_permission(): staff only
    User.objects.filter(pk=owner.pk).update(is_staff=True)
    response = client.get(url, headers={"Range": "bytes=0-6"})
    assert_download_response(response, status=206, content=DATA[:7], filename="report.txt")
    head = client.head(url)
    assert head.status_code == 200
    assert head["Content-Length"] == str(len(DATA))
    assert client.post(url).status_code == 405


def test_cbv_other_user_gets_404(client: Client, document: Document, other: User) -> None:
    User.objects.filter(pk=other.pk).update(is_staff=True)
    client.force_login(other)
    assert client.get(reverse("testapp-cbv", args=[document.pk])).status_code == 404


def test_object_view(client: Client, document: Document, owner: User, other: User) -> None:
    url = reverse("testapp-object", args=[document.pk])
    client.force_login(owner)
    assert_download_response(client.get(url), content=DATA, filename="q.txt")
    Document.objects.filter(pk=document.pk).update(file="")
    assert client.get(url).status_code == 404
    client.force_login(other)
    assert client.get(url).status_code == 404
