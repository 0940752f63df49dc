"""One token in two requests (a double submit, two tabs): one saves, the other gets a form
error, never a 500; a request's reservation is given back when it ends."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.contrib.auth.models import User
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.utils import timezone

from django_dlwidget.middleware import CurrentRequestMiddleware
from django_dlwidget.models import Upload
from django_dlwidget.tus.lease import Lease
from django_dlwidget.uploads.reservation import hand_over, release, reserve

from . import views
from .conftest import MakeUpload, request_for
from .models import Document

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.forms.urls")]


@pytest.fixture
def hook() -> Iterator[None]:
    yield
    views.after_clean = None


def client_for(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_two_requests_with_one_token_save_once(
    user: User, make_upload: MakeUpload, hook: None
) -> None:
    """Both requests clean the form before either saves (the order a double submit takes)."""
    _, token = make_upload()
    a_cleaned, b_cleaned, a_done = threading.Event(), threading.Event(), threading.Event()

    def after_clean(label: str) -> None:
        if label == "a":
            a_cleaned.set()
            assert b_cleaned.wait(10)
        else:
            b_cleaned.set()
            assert a_done.wait(10)

    views.after_clean = after_clean
    responses: dict[str, Any] = {}

    def submit(label: str) -> None:
        if label == "b":
            assert a_cleaned.wait(10)
        try:
            responses[label] = client_for(user).post(
                "/documents/new/", {"title": label, "file-token": token}
            )
        finally:
            connection.close()  # this thread's own (a PostgreSQL session otherwise stays)
            if label == "a":
                a_done.set()
            else:
                b_cleaned.set()

    threads = [threading.Thread(target=submit, args=(label,)) for label in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert responses["a"].status_code == 302
    assert responses["b"].status_code == 200, responses["b"].status_code
    assert responses["b"].json()["file"][0]["code"] == "used"
    assert [document.title for document in Document.objects.all()] == ["a"]
    assert not Upload.objects.exists()


def test_a_form_with_other_errors_leaves_the_token_usable(
    user: User, make_upload: MakeUpload
) -> None:
    upload, token = make_upload()
    client = client_for(user)
    # Too long a title: the form is refused, the upload stays the user's to submit again.
    refused = client.post("/documents/new/", {"title": "x" * 200, "file-token": token})
    assert refused.status_code == 200
    assert "title" in refused.json()
    assert Upload.objects.get(pk=upload.pk).lease_token == ""
    saved = client.post("/documents/new/", {"title": "ok", "file-token": token})
    assert saved.status_code == 302
    assert Document.objects.get().file.name == "documents/report.pdf"


def test_a_reservation_held_by_a_live_request_refuses_the_token(
    user: User, make_upload: MakeUpload
) -> None:
    upload, token = make_upload()
    Upload.objects.filter(pk=upload.pk).update(
        lease_token="someone-else", lease_expires=timezone.now() + timedelta(minutes=1)
    )
    response = client_for(user).post("/documents/new/", {"title": "t", "file-token": token})
    assert response.json()["file"][0]["code"] == "used"
    # One whose holder died (run out) is taken over.
    Upload.objects.filter(pk=upload.pk).update(lease_expires=timezone.now() - timedelta(minutes=1))
    assert client_for(user).post("/documents/new/", {"file-token": token}).status_code == 302


def test_an_async_request_gives_its_reservation_back(user: User, make_upload: MakeUpload) -> None:
    upload, token = make_upload()
    seen: list[str] = []

    async def view(request: HttpRequest) -> HttpResponse:
        form = views.DocumentForm(data={"title": "x" * 200, "file-token": token})
        assert not await sync_to_async(form.is_valid)()
        seen.append(await sync_to_async(lambda: Upload.objects.get(pk=upload.pk).lease_token)())
        return HttpResponse()

    middleware = CurrentRequestMiddleware(view)
    async_to_sync(middleware.__acall__)(request_for(user))
    assert seen[0]  # reserved while the request ran
    assert Upload.objects.get(pk=upload.pk).lease_token == ""


def test_a_reservation_is_handed_over_to_a_store_whose_claim_is_a_lease(
    user: User, make_upload: MakeUpload
) -> None:
    upload, _ = make_upload()
    first, second = request_for(user), request_for(user)
    reservation = reserve(upload.id, first)
    assert reservation is not None
    assert reserve(upload.id, second) is None
    hand_over(upload.id, reservation)
    assert reserve(upload.id, second) is None  # still held, for another request's clean()
    claim = Lease(upload.id, checksummed=False)
    claim.acquire(file_locked=False)  # but taken at once by the store's claim
    assert Upload.objects.get(pk=upload.pk).lease_token == claim.token
    release(upload.id, reservation)  # the request's end: the claim keeps its lease
    assert Upload.objects.get(pk=upload.pk).lease_token == claim.token
