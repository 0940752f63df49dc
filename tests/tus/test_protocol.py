"""The tus protocol through the Django test client (the WSGI path), status by status."""

from __future__ import annotations

import base64
import hashlib
import re
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from django_dlwidget.models import Upload
from django_dlwidget.signals import upload_complete
from django_dlwidget.tus import partial
from django_dlwidget.tus.tokens import verify_token

from .conftest import LIST_URL, OCTET, TUS, create, head, patch

pytestmark = pytest.mark.django_db

GMT = re.compile(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def error_code(response: Any) -> str:
    return str(response.json()["error"])


def test_options_needs_no_version_nor_login(tus_dir: Path) -> None:
    response = Client().options(LIST_URL)
    assert response.status_code == 204
    assert response["Tus-Resumable"] == "1.0.0"
    assert response["Tus-Version"] == "1.0.0"
    assert set(response["Tus-Extension"].split(",")) == {
        "creation",
        "creation-with-upload",
        "creation-defer-length",
        "expiration",
        "checksum",
        "termination",
        "concatenation",
    }
    assert response["Tus-Max-Size"] == str(10 * 1024**3)
    assert response["Tus-Checksum-Algorithm"] == "sha1,sha256,md5"
    assert "Dlw-Upload-Token" in response["Access-Control-Expose-Headers"]
    assert "Upload-Offset" in response["Access-Control-Expose-Headers"]


@pytest.mark.parametrize("version", [None, "0.2.2", "2.0.0"])
def test_unsupported_version_is_412_with_tus_version(client: Client, version: str | None) -> None:
    headers = {"Upload-Length": "5"} | ({"Tus-Resumable": version} if version else {})
    response = client.generic("POST", LIST_URL, b"", headers=headers)
    assert response.status_code == 412
    assert response["Tus-Version"] == "1.0.0"
    assert error_code(response) == "unsupported_version"
    assert not Upload.objects.exists()


def test_anonymous_is_refused_by_default(tus_dir: Path) -> None:
    response = create(Client())
    assert response.status_code == 403
    assert error_code(response) == "forbidden"


def test_create_head_patch_complete(client: Client, user: User, tus_dir: Path) -> None:
    received: list[Upload] = []

    def on_complete(sender: Any, upload: Upload, request: Any, **kwargs: Any) -> None:
        received.append(upload)

    name = b64(b"../../etc/p\x00asswd.txt")
    response = create(client, 10, headers={"Upload-Metadata": f"filename {name},private"})
    assert response.status_code == 201
    url = response["Location"]
    assert re.fullmatch(r"/dlwidget/uploads/[0-9a-f-]{36}/", url)
    assert GMT.match(response["Upload-Expires"])
    upload = Upload.objects.get()
    assert upload.owner == user
    assert upload.filename == "passwd.txt"

    response = head(client, url)
    assert response.status_code == 200
    assert response["Upload-Offset"] == "0"
    assert response["Upload-Length"] == "10"
    assert response["Cache-Control"] == "no-store"
    assert response["Upload-Metadata"] == f"filename {name},private"
    assert GMT.match(response["Upload-Expires"])
    assert "Dlw-Upload-Token" not in response

    response = patch(client, url, b"01234")
    assert response.status_code == 204
    assert response["Upload-Offset"] == "5"
    assert "Dlw-Upload-Token" not in response

    upload_complete.connect(on_complete)
    try:
        response = patch(client, url, b"56789", offset=5)
    finally:
        upload_complete.disconnect(on_complete)
    assert response.status_code == 204
    assert response["Upload-Offset"] == "10"
    token = response["Dlw-Upload-Token"]
    assert [u.pk for u in received] == [upload.pk]
    assert partial.path_for(upload.id).read_bytes() == b"0123456789"
    upload.refresh_from_db()
    assert upload.complete
    assert upload.offset == 10
    assert not upload.lease_token

    response = head(client, url)
    assert response["Dlw-Upload-Token"]
    request = client.get("/").wsgi_request
    assert verify_token(token, request).pk == upload.pk


def test_patch_wrong_content_type_is_415(client: Client) -> None:
    url = create(client)["Location"]
    response = patch(client, url, b"abc", headers={"Content-Type": "application/octet-stream"})
    assert response.status_code == 415


def test_offset_mismatch_is_409(client: Client) -> None:
    url = create(client)["Location"]
    response = patch(client, url, b"abc", offset=3)
    assert response.status_code == 409
    assert response["Upload-Offset"] == "0"
    assert head(client, url)["Upload-Offset"] == "0"


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({"Upload-Length": "-1"}, "invalid_header"),
        ({"Upload-Length": "1e3"}, "invalid_header"),
        ({"Upload-Length": "12 "}, None),
        ({"Upload-Length": "5", "Upload-Defer-Length": "1"}, "invalid_header"),
        ({"Upload-Defer-Length": "2"}, "invalid_header"),
        ({"Upload-Length": "5", "Upload-Metadata": "filename not base64!"}, "invalid_metadata"),
        ({"Upload-Length": "5", "Upload-Metadata": "a YQ==,a YQ=="}, "invalid_metadata"),
        ({"Upload-Length": "5", "Upload-Metadata": "a b c"}, "invalid_metadata"),
        ({"Upload-Length": "5", "Upload-Checksum": "sha1"}, "invalid_checksum"),
        ({"Upload-Length": "5", "Upload-Checksum": "crc32 AAAA"}, "unsupported_checksum"),
        ({"Upload-Length": "5", "Upload-Checksum": "sha1 AAAA"}, "invalid_checksum"),
    ],
)
def test_malformed_creation_headers_are_400(
    client: Client, headers: dict[str, str], code: str | None
) -> None:
    response = client.generic("POST", LIST_URL, b"", headers={**TUS, **headers})
    if code is None:
        assert response.status_code == 201
    else:
        assert response.status_code == 400, response.content
        assert error_code(response) == code


def test_missing_length_is_400(client: Client) -> None:
    assert create(client, None).status_code == 400


def test_over_max_size_and_quota_are_413(client: Client, tus_dir: Path) -> None:
    settings = {"UPLOAD_TEMP_DIR": str(tus_dir), "UPLOAD_MAX_SIZE": 100, "UPLOAD_QUOTA": 150}
    with override_settings(DLWIDGET=settings):
        assert error_code(create(client, 101)) == "too_large"
        assert create(client, 100).status_code == 201
        response = create(client, 60)
        assert response.status_code == 413
        assert error_code(response) == "quota_exceeded"
        assert create(client, 50).status_code == 201


def test_body_past_length_is_413_and_nothing_written(client: Client) -> None:
    url = create(client, 4)["Location"]
    response = patch(client, url, b"123456")
    assert response.status_code == 413
    assert head(client, url)["Upload-Offset"] == "0"


@pytest.mark.parametrize(
    ("algorithm", "digest"),
    [
        ("sha1", hashlib.sha1(b"hello").digest()),
        ("sha256", hashlib.sha256(b"hello").digest()),
        ("md5", hashlib.md5(b"hello").digest()),
    ],
)
def test_checksums_accepted(client: Client, algorithm: str, digest: bytes) -> None:
    url = create(client, 5)["Location"]
    response = patch(
        client, url, b"hello", headers={"Upload-Checksum": f"{algorithm} {b64(digest)}"}
    )
    assert response.status_code == 204
    assert response["Upload-Offset"] == "5"


def test_checksum_mismatch_is_460_and_discarded(client: Client) -> None:
    url = create(client, 10)["Location"]
    assert patch(client, url, b"12345").status_code == 204
    wrong = b64(hashlib.sha1(b"other").digest())
    response = patch(client, url, b"67890", offset=5, headers={"Upload-Checksum": f"sha1 {wrong}"})
    assert response.status_code == 460
    assert error_code(response) == "checksum_mismatch"
    assert head(client, url)["Upload-Offset"] == "5"
    upload = Upload.objects.get()
    assert partial.path_for(upload.id).read_bytes() == b"12345"


def test_defer_length(client: Client) -> None:
    response = client.generic("POST", LIST_URL, b"", headers={**TUS, "Upload-Defer-Length": "1"})
    assert response.status_code == 201
    url = response["Location"]
    response = head(client, url)
    assert response["Upload-Defer-Length"] == "1"
    assert "Upload-Length" not in response
    assert patch(client, url, b"abc").status_code == 204
    response = patch(client, url, b"def", offset=3, headers={"Upload-Length": "6"})
    assert response.status_code == 204
    assert response["Upload-Length"] == "6"
    assert response["Dlw-Upload-Token"]
    response = patch(client, url, b"", offset=6, headers={"Upload-Length": "7"})
    assert response.status_code == 400


def test_creation_with_upload(client: Client) -> None:
    response = client.post(
        LIST_URL,
        b"hello",
        content_type=OCTET,
        headers={**TUS, "Upload-Length": "8"},
    )
    assert response.status_code == 201
    assert response["Upload-Offset"] == "5"
    assert "Dlw-Upload-Token" not in response
    response = client.post(
        LIST_URL, b"done", content_type=OCTET, headers={**TUS, "Upload-Length": "4"}
    )
    assert response.status_code == 201
    assert response["Upload-Offset"] == "4"
    assert response["Dlw-Upload-Token"]


def test_creation_with_upload_wrong_type_is_415(client: Client) -> None:
    response = client.post(
        LIST_URL, b"hello", content_type="text/plain", headers={**TUS, "Upload-Length": "5"}
    )
    assert response.status_code == 415


def test_concatenation(client: Client) -> None:
    urls = []
    for data in (b"abc", b"defg", b"h"):
        response = create(client, len(data), headers={"Upload-Concat": "partial"})
        url = response["Location"]
        assert head(client, url)["Upload-Concat"] == "partial"
        assert patch(client, url, data).status_code == 204
        urls.append(url)
    response = client.generic(
        "POST",
        LIST_URL,
        b"",
        headers={
            **TUS,
            "Upload-Concat": "final;" + " ".join(["http://testserver" + urls[0], *urls[1:]]),
        },
    )
    assert response.status_code == 201, response.content
    assert response["Dlw-Upload-Token"]
    final_url = response["Location"]
    response = head(client, final_url)
    assert response["Upload-Offset"] == response["Upload-Length"] == "8"
    assert response["Upload-Concat"].startswith("final;")
    final = Upload.objects.get(is_final=True)
    assert partial.path_for(final.id).read_bytes() == b"abcdefgh"
    assert patch(client, final_url, b"x", offset=8).status_code == 403
    assert Upload.objects.count() == 1  # the parts were consumed


def test_concatenation_of_unfinished_part_is_400(client: Client) -> None:
    url = create(client, 3, headers={"Upload-Concat": "partial"})["Location"]
    response = client.generic(
        "POST", LIST_URL, b"", headers={**TUS, "Upload-Concat": f"final;{url}"}
    )
    assert response.status_code == 400
    response = client.generic(
        "POST", LIST_URL, b"", headers={**TUS, "Upload-Concat": "final;/nowhere/"}
    )
    assert response.status_code == 400


def test_termination(client: Client) -> None:
    url = create(client)["Location"]
    upload = Upload.objects.get()
    assert client.delete(url, headers=TUS).status_code == 204
    assert not partial.path_for(upload.id).exists()
    assert head(client, url).status_code == 404
    assert client.delete(url, headers=TUS).status_code == 404


def test_other_users_upload_is_404(client: Client, tus_dir: Path) -> None:
    url = create(client)["Location"]
    other = Client()
    other.force_login(User.objects.create_user("bob"))
    assert head(other, url).status_code == 404
    assert patch(other, url, b"x").status_code == 404
    assert other.delete(url, headers=TUS).status_code == 404
    assert head(client, f"/dlwidget/uploads/{uuid.uuid4()}/").status_code == 404


def test_expired_is_410(client: Client) -> None:
    url = create(client)["Location"]
    Upload.objects.update(expires=timezone.now() - timedelta(seconds=1))
    assert head(client, url).status_code == 410
    assert error_code(patch(client, url, b"x")) == "expired"


def test_live_lease_is_423_and_file_lock_too(client: Client) -> None:
    url = create(client)["Location"]
    upload = Upload.objects.get()
    with partial.PartialFile(upload.id):  # another writer holds the OS lock
        response = patch(client, url, b"abc")
        assert response.status_code == 423
        assert error_code(response) == "locked"
    # A live-looking lease whose holder is gone (no OS lock) is taken over.
    Upload.objects.update(lease_token="dead", lease_expires=timezone.now() + timedelta(hours=1))
    assert patch(client, url, b"abc").status_code == 204


def test_bytes_on_disk_after_a_crash_are_reported(client: Client) -> None:
    url = create(client, 10)["Location"]
    upload = Upload.objects.get()
    # A writer died after writing 4 bytes, before recording them.
    partial.path_for(upload.id).write_bytes(b"abcd")
    Upload.objects.update(lease_token="dead", lease_expires=timezone.now() + timedelta(hours=1))
    assert head(client, url)["Upload-Offset"] == "4"
    assert patch(client, url, b"efghij", offset=4).status_code == 204
    assert partial.path_for(upload.id).read_bytes() == b"abcdefghij"


def test_unverified_bytes_of_a_dead_checksummed_writer_are_dropped(client: Client) -> None:
    url = create(client, 10)["Location"]
    upload = Upload.objects.get()
    partial.path_for(upload.id).write_bytes(b"abcd")
    Upload.objects.update(
        lease_token="dead",
        lease_expires=timezone.now() + timedelta(hours=1),
        lease_checksummed=True,
    )
    assert head(client, url)["Upload-Offset"] == "0"
    assert partial.path_for(upload.id).read_bytes() == b""


def test_method_override_on_post_only(client: Client) -> None:
    url = create(client, 3)["Location"]
    response = client.post(
        url,
        b"abc",
        content_type=OCTET,
        headers={**TUS, "Upload-Offset": "0", "X-HTTP-Method-Override": "PATCH"},
    )
    assert response.status_code == 204
    assert response["Upload-Offset"] == "3"
    response = client.generic(
        "PATCH",
        url,
        b"",
        headers={**TUS, "Content-Type": OCTET, "X-HTTP-Method-Override": "DELETE"},
    )
    assert response.status_code == 400  # still a PATCH (no Upload-Offset), not a DELETE
    assert Upload.objects.exists()
    response = client.generic("POST", url, b"", headers={**TUS, "X-HTTP-Method-Override": "DELETE"})
    assert response.status_code == 204
    assert not Upload.objects.exists()


def test_session_requests_need_the_csrf_header(user: User, tus_dir: Path) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = create(client)
    assert response.status_code == 403
    assert error_code(response) == "csrf_failed"
    client.get("/dlwidget/uploads/", headers=TUS)  # no token cookie yet: make one
    from django.middleware.csrf import _get_new_csrf_string

    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    response = create(client, headers={"X-CSRFToken": token})
    assert response.status_code == 201
    url = response["Location"]
    assert patch(client, url, b"ab").status_code == 403
    assert patch(client, url, b"ab", headers={"X-CSRFToken": token}).status_code == 204
    assert client.delete(url, headers=TUS).status_code == 403
    # A cross-site Origin is refused even with the token.
    response = create(client, headers={"X-CSRFToken": token, "Origin": "https://evil.example"})
    assert response.status_code == 403


ANON = {"UPLOAD_PERMISSION": "django_dlwidget.permissions.allow_anonymous"}


def test_anonymous_uploads_are_bound_to_the_session_which_survives_login(
    user: User, tus_dir: Path
) -> None:
    with override_settings(DLWIDGET={**ANON, "UPLOAD_TEMP_DIR": str(tus_dir)}):
        browser = Client()
        url = create(browser, 3)["Location"]
        upload = Upload.objects.get()
        assert upload.owner is None
        assert upload.session_key
        assert head(Client(), url).status_code == 404
        assert patch(browser, url, b"abc")["Dlw-Upload-Token"]
        token = patch(browser, url, b"", offset=3)["Dlw-Upload-Token"]
        browser.force_login(user)
        assert head(browser, url).status_code == 200
        request = browser.get("/").wsgi_request
        assert verify_token(token, request).pk == upload.pk


def test_deleting_a_user_deletes_uploads_and_files(client: Client, user: User) -> None:
    create(client)
    upload = Upload.objects.get()
    path = partial.path_for(upload.id)
    assert path.exists()
    user.delete()
    assert not Upload.objects.exists()
    assert not path.exists()


def test_disk_full_is_507_and_keeps_what_fitted(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    url = create(client, 10)["Location"]
    real_pwrite = os.pwrite

    def pwrite(fd: int, data: Any, offset: int) -> int:
        if offset >= 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_pwrite(fd, bytes(data[:3]), offset)

    monkeypatch.setattr(os, "pwrite", pwrite)
    response = patch(client, url, b"abcdef")
    monkeypatch.undo()
    assert response.status_code == 507
    assert error_code(response) == "disk_full"
    assert head(client, url)["Upload-Offset"] == "3"


def test_patch_after_a_crash_without_head_keeps_the_bytes_on_disk(client: Client) -> None:
    url = create(client, 10)["Location"]
    upload = Upload.objects.get()
    partial.path_for(upload.id).write_bytes(b"abcd")
    Upload.objects.update(lease_token="dead", lease_expires=timezone.now() + timedelta(hours=1))
    response = patch(client, url, b"abcdefghij")
    assert response.status_code == 409
    assert response["Upload-Offset"] == "4"
    assert patch(client, url, b"efghij", offset=4).status_code == 204
    assert partial.path_for(upload.id).read_bytes() == b"abcdefghij"
    assert Upload.objects.get().lease_token == ""


def test_patch_after_a_dead_checksummed_writer_drops_its_bytes(client: Client) -> None:
    url = create(client, 10)["Location"]
    upload = Upload.objects.get()
    partial.path_for(upload.id).write_bytes(b"abcd")
    Upload.objects.update(lease_token="dead", lease_checksummed=True)
    assert patch(client, url, b"ABCDEFGHIJ").status_code == 204
    assert partial.path_for(upload.id).read_bytes() == b"ABCDEFGHIJ"


def test_a_patch_touches_the_upload_row_three_times(client: Client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = create(client, 6)["Location"]
    assert patch(client, url, b"abc").status_code == 204
    with CaptureQueriesContext(connection) as queries:
        assert patch(client, url, b"def", offset=3).status_code == 204
    table = Upload._meta.db_table
    on_upload = [q["sql"].split()[0] for q in queries.captured_queries if table in q["sql"]]
    # Read and check it; take the lease (proving the row unchanged); release it with the offset.
    assert on_upload == ["SELECT", "UPDATE", "UPDATE"]


def test_head_of_a_handed_over_upload_creates_nothing(client: Client) -> None:
    url = create(client, 3)["Location"]
    assert patch(client, url, b"abc").status_code == 204
    upload = Upload.objects.get()
    # A form's save() has moved the data away and is about to delete the row.
    partial.path_for(upload.id).unlink()
    response = head(client, url)
    assert response.status_code == 200
    assert response["Upload-Offset"] == "3"
    assert response["Dlw-Upload-Token"]
    assert not partial.path_for(upload.id).exists()
    assert Upload.objects.get().offset == 3
    assert patch(client, url, b"", offset=3).status_code == 404
    assert not partial.path_for(upload.id).exists()


def test_head_of_an_unfinished_upload_without_data_reports_zero(client: Client) -> None:
    url = create(client, 10)["Location"]
    assert patch(client, url, b"abcd").status_code == 204
    upload = Upload.objects.get()
    partial.path_for(upload.id).unlink()
    assert head(client, url)["Upload-Offset"] == "0"
    assert not partial.path_for(upload.id).exists()
    assert patch(client, url, b"abcd").status_code == 204  # starts over
    assert partial.path_for(upload.id).read_bytes() == b"abcd"
