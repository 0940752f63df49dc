"""The quota: every upload a form has not used yet counts, deferred ones by offset on every
PATCH, finished ones until claimed; a count per owner; one budget for all anonymous uploaders;
a failed creation gives its reservation back. Each attack of issue 13 is reproduced here, on
every store."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client, RequestFactory

from django_dlwidget.models import Upload
from django_dlwidget.tus import verbs
from django_dlwidget.tus.auth import Principal
from django_dlwidget.tus.errors import TusError
from django_dlwidget.tus.messages import Body, TusRequest

from .conftest import ANON, OCTET, TUS, b64, create, error_code, head, patch, upload_id_of
from .limits import Limited, limited

pytestmark = pytest.mark.django_db
__all__ = ["limited"]  # the fixture, imported for pytest

DEFER = {"Upload-Defer-Length": "1"}


def offset_of(client: Client, url: str) -> int:
    return int(head(client, url)["Upload-Offset"])


def test_deferred_uploads_count_by_offset_on_every_patch(client: Client, limited: Limited) -> None:
    """Finding 3: five deferred uploads of 4 MiB each were written under a 1 MiB quota."""
    with limited(UPLOAD_QUOTA=100):
        first = create(client, None, DEFER)["Location"]
        assert patch(client, first, b"a" * 60).status_code == 204
        second = create(client, None, DEFER)["Location"]
        response = patch(client, second, b"b" * 60)
        assert response.status_code == 413
        assert error_code(response) == "quota_exceeded"
        assert offset_of(client, second) == 0  # refused before a byte was written
        assert patch(client, second, b"b" * 40).status_code == 204
        assert error_code(patch(client, first, b"a", offset=60)) == "quota_exceeded"
        held = sum(upload.offset for upload in Upload.objects.all())
    assert held == 100


def test_a_deferred_body_of_unknown_length_stops_at_the_quota(
    client: Client, user: User, tus_dir: Path, limited: Limited
) -> None:
    """A chunked body (no Content-Length) is cut where the quota ends; what fits is kept."""
    with limited(UPLOAD_QUOTA=100):
        url = create(client, None, DEFER)["Location"]
        request = RequestFactory().generic("PATCH", url)
        headers = {"upload-offset": "0", "content-type": OCTET, "tus-resumable": "1.0.0"}
        body = Body(io.BytesIO(b"x" * 150), None)
        tus = TusRequest(request, Principal(str(user.pk), ""), headers, body)
        with pytest.raises(TusError) as refused:
            verbs.patch(tus, upload_id_of(url))
        assert (refused.value.status, refused.value.code) == (413, "quota_exceeded")
        assert offset_of(client, url) == 100  # what fitted is kept


def test_declaring_a_length_past_the_quota_is_413(client: Client, limited: Limited) -> None:
    with limited(UPLOAD_QUOTA=100):
        url = create(client, None, DEFER)["Location"]
        assert patch(client, url, b"abc").status_code == 204
        response = patch(client, url, b"", offset=3, headers={"Upload-Length": "101"})
        assert error_code(response) == "quota_exceeded"
        response = patch(client, url, b"d", offset=3, headers={"Upload-Length": "100"})
        assert response.status_code == 204


def test_finished_uploads_count_until_a_form_uses_them(client: Client, limited: Limited) -> None:
    """Finding 4: only unfinished uploads counted; finished ones waited a day outside it."""
    with limited(UPLOAD_QUOTA=100):
        url = create(client, 60)["Location"]
        assert patch(client, url, b"a" * 60)["Dlw-Upload-Token"]
        response = create(client, 60)
        assert response.status_code == 413
        assert error_code(response) == "quota_exceeded"
        # A form's save() consumes the upload (its row goes): the bytes count no more.
        Upload.objects.get().delete()
        assert create(client, 60).status_code == 201


def test_uploads_per_owner_are_counted(client: Client, limited: Limited) -> None:
    """Finding 4: 3,000 uploads (3,000 files) from one user were accepted."""
    with limited(UPLOAD_MAX_COUNT=3):
        urls = [create(client, 0)["Location"] for _ in range(3)]
        response = create(client, 0)
        assert response.status_code == 413
        assert response.json() == {
            "error": "too_many_uploads",
            "detail": "You already hold 3 uploads that no form has used yet; use or delete "
            "some first.",
        }
        assert client.delete(urls[0], headers=TUS).status_code == 204
        assert create(client, 0).status_code == 201
    assert Upload.objects.count() == 3


def test_anonymous_uploaders_share_one_budget(user: User, limited: Limited) -> None:
    """Finding 5: each fresh cookie got a fresh quota."""
    with limited(**ANON, UPLOAD_QUOTA=80, UPLOAD_ANONYMOUS_QUOTA=100):
        assert create(Client(), 60).status_code == 201
        response = create(Client(), 60)
        assert response.status_code == 413
        assert error_code(response) == "quota_exceeded"
        assert "Anonymous uploads together" in response.json()["detail"]
        assert create(Client(), 40).status_code == 201
        member = Client()
        member.force_login(user)
        assert create(member, 60).status_code == 201  # a user's quota is their own


def test_anonymous_uploads_are_counted_together(limited: Limited) -> None:
    with limited(**ANON, UPLOAD_ANONYMOUS_MAX_COUNT=2):
        assert create(Client(), 0).status_code == 201
        assert create(Client(), 0).status_code == 201
        assert error_code(create(Client(), 0)) == "too_many_uploads"


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Upload-Checksum": "sha1 " + b64(hashlib.sha1(b"other").digest())}, 460),
        ({"Upload-Length": "99"}, 413),  # the body goes past the declared end
    ],
)
def test_a_failed_creation_with_upload_frees_its_reservation(
    client: Client, limited: Limited, headers: dict[str, str], status: int
) -> None:
    """Finding 8: the refused upload's bytes stayed reserved, and the next upload got 413."""
    with limited(UPLOAD_QUOTA=100):
        sent = {**TUS, "Upload-Length": "100", "Content-Type": OCTET, **headers}
        response = client.generic("POST", "/dlwidget/uploads/", b"z" * 100, headers=sent)
        assert response.status_code == status
        assert "Location" not in response
        assert not Upload.objects.exists()
        assert create(client, 100).status_code == 201


class Meanwhile:
    """A body that, before its first block, makes another request of the same owner."""

    def __init__(self, data: bytes, request: Callable[[], int]) -> None:
        self.stream, self.request, self.status = io.BytesIO(data), request, 0

    def read(self, size: int, /) -> bytes:
        if not self.status:
            self.status = self.request()
        return self.stream.read(size)


def patch_directly(user: User, url: str, body: Body) -> None:
    request = RequestFactory().generic("PATCH", url)
    headers = {"upload-offset": "0", "content-type": OCTET, "tus-resumable": "1.0.0"}
    verbs.patch(TusRequest(request, Principal(str(user.pk), ""), headers, body), upload_id_of(url))


@pytest.mark.parametrize("sized", [True, False])
def test_a_running_deferred_patch_holds_its_room(
    client: Client, user: User, limited: Limited, sized: bool
) -> None:
    """Concurrent PATCHes of deferred uploads share the room: each reserves what it may write."""
    with limited(UPLOAD_QUOTA=100):
        url = create(client, None, DEFER)["Location"]
        body = Meanwhile(b"x" * 70, lambda: create(client, 40).status_code)
        patch_directly(user, url, Body(body, 70 if sized else None))
        assert body.status == 413  # 70 bytes reserved (or all 100, for a body of unknown length)
        assert offset_of(client, url) == 70
        assert Upload.objects.get(pk=upload_id_of(url)).reserved_to == 0  # given back
        assert create(client, 30).status_code == 201
