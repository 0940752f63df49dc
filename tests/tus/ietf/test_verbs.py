"""Each rule of drafts -03 and -05 over the Django test client, on the tus endpoint: creation
with and without content, offset retrieval, append, cancellation, and their refusals."""

from __future__ import annotations

import base64
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from django_dlwidget.models import Upload
from django_dlwidget.tus.ietf.fields import DRAFT_03, DRAFT_05
from django_dlwidget.tus.tokens import verify_token

from ..conftest import LIST_URL, error_code, upload_id_of
from .conftest import INTEROP, append, create, draft_headers, head

pytestmark = pytest.mark.django_db


def test_creation_without_content_answers_the_upload_url(client: Client, version: str) -> None:
    response = create(client, version, length=10)
    assert response.status_code == 201
    assert response["Location"].startswith(LIST_URL)
    assert response["Upload-Offset"] == "0"
    assert response["Upload-Complete"] == "?0"
    assert response[INTEROP] == version
    assert "Tus-Resumable" not in response
    assert "Upload-Complete" in response["Access-Control-Expose-Headers"]
    # Upload-Limit came with draft -04.
    assert response.get("Upload-Limit") == (
        "min-size=0,max-size=10737418240" if version == DRAFT_05 else None
    )
    upload = Upload.objects.get(pk=upload_id_of(response["Location"]))
    assert (upload.length, upload.offset, upload.complete) == (10, 0, False)


def test_creation_with_the_complete_content_finishes_the_upload(
    client: Client, user: User, version: str
) -> None:
    data = os.urandom(3000)
    response = create(client, version, data, complete=True)
    assert response.status_code == 201
    assert response["Upload-Complete"] == "?1"
    assert response["Upload-Offset"] == "3000"
    assert response["Upload-Length"] == "3000"  # recorded from Content-Length
    upload = verify_token(response["Dlw-Upload-Token"], client.get("/").wsgi_request)
    assert upload.pk == upload_id_of(response["Location"])
    assert (upload.length, upload.offset, upload.complete) == (3000, 3000, True)


def test_creation_with_part_of_the_content_stays_open(client: Client, version: str) -> None:
    response = create(client, version, b"x" * 25, length=100)
    assert response.status_code == 201
    assert (response["Upload-Offset"], response["Upload-Complete"]) == ("25", "?0")
    assert "Dlw-Upload-Token" not in response


def test_an_empty_complete_creation_is_an_empty_file(client: Client, version: str) -> None:
    response = create(client, version, complete=True)
    assert response.status_code == 201
    assert (response["Upload-Offset"], response["Upload-Complete"]) == ("0", "?1")
    assert response["Dlw-Upload-Token"]


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({"Upload-Complete": "true"}, "invalid_header"),
        ({"Upload-Offset": "0"}, "invalid_header"),
        ({"Upload-Length": "-1"}, "invalid_header"),
    ],
)
def test_creation_refuses_malformed_fields(
    client: Client, version: str, headers: dict[str, str], code: str
) -> None:
    response = create(client, version, b"abc", headers=headers)
    assert response.status_code == 400
    assert error_code(response) == code
    assert not Upload.objects.exists()


def test_creation_needs_upload_complete(client: Client, version: str) -> None:
    response = client.generic(
        "POST", LIST_URL, b"", headers={INTEROP: version, "Upload-Length": "5"}
    )
    assert response.status_code == 400
    assert "Upload-Complete" in response.json()["detail"]


def test_two_inconsistent_sizes_are_refused(client: Client, version: str) -> None:
    response = create(client, version, b"abc", complete=True, length=10)
    assert response.status_code == 400
    assert error_code(response) == "inconsistent_length"
    response = create(client, version, b"abcdef", length=4)
    assert response.status_code == 400
    assert not Upload.objects.exists()


def test_the_representation_metadata_names_the_file(client: Client, version: str) -> None:
    response = create(
        client,
        version,
        b"%PDF-1.4",
        complete=True,
        headers={
            "Content-Type": "application/pdf",
            "Content-Disposition": 'attachment; filename="report.pdf"',
        },
    )
    upload = Upload.objects.get(pk=upload_id_of(response["Location"]))
    assert upload.filename == "report.pdf"
    assert base64.b64decode(upload.metadata["filetype"]) == b"application/pdf"


def test_tus_metadata_wins_when_sent(client: Client, version: str) -> None:
    metadata = "filename " + base64.b64encode(b"a.bin").decode()
    response = create(client, version, length=3, headers={"Upload-Metadata": metadata})
    assert Upload.objects.get(pk=upload_id_of(response["Location"])).filename == "a.bin"


def test_tus_only_fields_mean_nothing_to_a_draft_request(client: Client, version: str) -> None:
    response = create(
        client,
        version,
        b"abc",
        complete=True,
        headers={"Upload-Concat": "partial", "Upload-Checksum": "sha1 AAAA"},
    )
    assert response.status_code == 201  # no 460 for the wrong checksum
    upload = Upload.objects.get(pk=upload_id_of(response["Location"]))
    assert not upload.is_partial
    assert upload.complete


def test_a_creation_body_may_be_a_partial_upload_document(client: Client) -> None:
    response = create(
        client, DRAFT_05, b"abc", length=6, headers={"Content-Type": "application/partial-upload"}
    )
    assert response.status_code == 201
    assert response["Upload-Offset"] == "3"
    assert "filetype" not in Upload.objects.get().metadata


def test_the_size_and_quota_limits_apply(client: Client, version: str) -> None:
    with override_settings(DLWIDGET={"UPLOAD_MAX_SIZE": 100, "UPLOAD_QUOTA": 150}):
        assert create(client, version, length=101).status_code == 413
        assert create(client, version, length=100).status_code == 201
        response = create(client, version, length=60)
        assert response.status_code == 413
        assert error_code(response) == "quota_exceeded"


def test_offset_retrieval(client: Client, version: str) -> None:
    url = create(client, version, b"x" * 4, length=10)["Location"]
    response = head(client, version, url)
    assert response.status_code == 204
    assert response["Upload-Offset"] == "4"
    assert response["Upload-Complete"] == "?0"
    assert response["Upload-Length"] == "10"
    assert response["Cache-Control"] == "no-store"
    assert response[INTEROP] == version
    assert ("Upload-Limit" in response) is (version == DRAFT_05)
    assert not response.content


def test_offset_retrieval_refuses_request_fields(client: Client, version: str) -> None:
    url = create(client, version, length=10)["Location"]
    assert head(client, version, url, Upload_Offset="0").status_code == 400
    assert head(client, version, url, Upload_Complete="?0").status_code == 400
    # Draft -05 forbids Upload-Length as well; -03 did not know the field.
    expected = 400 if version == DRAFT_05 else 204
    assert head(client, version, url, Upload_Length="10").status_code == expected


def test_offset_retrieval_of_a_finished_upload_carries_its_token(
    client: Client, version: str
) -> None:
    url = create(client, version, b"abc", complete=True)["Location"]
    response = head(client, version, url)
    assert (response["Upload-Offset"], response["Upload-Complete"]) == ("3", "?1")
    assert response["Dlw-Upload-Token"]


def test_appends_then_completes(client: Client, user: User, version: str) -> None:
    data = os.urandom(5000)
    url = create(client, version, length=len(data))["Location"]
    response = append(client, version, url, data[:2000], 0)
    assert response.status_code == 201
    assert (response["Upload-Offset"], response["Upload-Complete"]) == ("2000", "?0")
    response = append(client, version, url, data[2000:], 2000, complete=True)
    assert response.status_code == 201
    assert (response["Upload-Offset"], response["Upload-Complete"]) == ("5000", "?1")
    upload = verify_token(response["Dlw-Upload-Token"], client.get("/").wsgi_request)
    assert upload.complete


def test_the_last_append_fixes_an_unknown_size(client: Client, version: str) -> None:
    url = create(client, version)["Location"]
    assert "Upload-Length" not in head(client, version, url)
    append(client, version, url, b"a" * 10, 0)
    response = append(client, version, url, b"b" * 5, 10, complete=True)
    assert response.status_code == 201
    assert response["Upload-Length"] == "15"
    assert response["Upload-Complete"] == "?1"


def test_a_completing_append_of_the_wrong_size_is_refused(client: Client, version: str) -> None:
    url = create(client, version, length=10)["Location"]
    response = append(client, version, url, b"abc", 0, complete=True)
    assert response.status_code == 400
    assert error_code(response) == "inconsistent_length"
    response = append(client, version, url, b"x" * 11, 0)  # past the recorded size
    assert response.status_code == 400
    assert head(client, version, url)["Upload-Offset"] == "0"


def test_draft_05_appends_need_partial_upload(client: Client) -> None:
    url = create(client, DRAFT_05, length=3)["Location"]
    response = append(
        client, DRAFT_05, url, b"abc", 0, headers={"Content-Type": "application/octet-stream"}
    )
    assert response.status_code == 415
    assert "application/partial-upload" in response.json()["detail"]


def test_draft_03_appends_take_any_media_type(client: Client) -> None:
    url = create(client, DRAFT_03, length=3)["Location"]
    response = append(
        client, DRAFT_03, url, b"abc", 0, headers={"Content-Type": "application/octet-stream"}
    )
    assert response.status_code == 201


def test_a_mismatching_offset_is_a_problem_in_draft_05(client: Client) -> None:
    url = create(client, DRAFT_05, b"abc", length=10)["Location"]
    response = append(client, DRAFT_05, url, b"def", 1)
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response["Upload-Offset"] == "3"
    body = json.loads(response.content)
    assert (
        body["type"] == "https://iana.org/assignments/http-problem-types#mismatching-upload-offset"
    )
    assert (body["expected-offset"], body["provided-offset"]) == (3, 1)
    assert body["error"] == "offset_mismatch"


def test_a_mismatching_offset_in_draft_03_is_a_plain_409(client: Client) -> None:
    url = create(client, DRAFT_03, b"abc", length=10)["Location"]
    response = append(client, DRAFT_03, url, b"def", 1)
    assert response.status_code == 409
    assert response["Upload-Offset"] == "3"
    assert error_code(response) == "offset_mismatch"


def test_a_finished_upload_cannot_be_appended_to(client: Client, version: str) -> None:
    url = create(client, version, b"abc", complete=True)["Location"]
    response = append(client, version, url, b"", 3, complete=True)
    assert response.status_code == 400
    body = json.loads(response.content)
    assert body["error"] == "completed_upload"
    if version == DRAFT_05:
        assert body["type"] == "https://iana.org/assignments/http-problem-types#completed-upload"


def test_cancellation(client: Client, version: str) -> None:
    url = create(client, version, b"abc", length=10)["Location"]
    refused = client.delete(url, headers=draft_headers(version, Upload_Complete="?0"))
    assert refused.status_code == 400
    response = client.delete(url, headers=draft_headers(version))
    assert response.status_code == 204
    assert not Upload.objects.exists()
    assert head(client, version, url).status_code == 404


def test_an_expired_upload_is_not_found(client: Client, version: str) -> None:
    url = create(client, version, length=10)["Location"]
    Upload.objects.update(expires=timezone.now() - timedelta(seconds=1))
    response = head(client, version, url)
    assert response.status_code == 404
    assert append(client, version, url, b"a", 0).status_code == 404


def test_someone_elses_upload_is_not_found(client: Client, version: str) -> None:
    url = create(client, version, length=10)["Location"]
    other = Client()
    other.force_login(User.objects.create_user("bob", password="pw"))
    assert head(other, version, url).status_code == 404
    assert append(other, version, url, b"a", 0).status_code == 404


def test_an_unknown_interop_version_is_refused(client: Client) -> None:
    response = create(client, "3", length=10)
    assert response.status_code == 412
    assert "5, 6" in response.json()["detail"]
    assert INTEROP not in response


def test_options_announce_the_limits(client: Client, version: str) -> None:
    response = client.options(LIST_URL, headers=draft_headers(version))
    assert response.status_code == 204
    expected = "min-size=0,max-size=10737418240" if version == DRAFT_05 else None
    assert response.get("Upload-Limit") == expected


def test_session_requests_need_the_csrf_header(user: User, tus_dir: Path, version: str) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = create(client, version, length=10)
    assert response.status_code == 403
    assert error_code(response) == "csrf_failed"
    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    response = create(client, version, length=10, headers={"X-CSRFToken": token})
    assert response.status_code == 201


def test_the_permission_applies(tus_dir: Path, db: Any, version: str) -> None:
    response = create(Client(), version, length=10)
    assert response.status_code == 403
    assert error_code(response) == "forbidden"


def test_tus_requests_are_untouched(client: Client) -> None:
    response = client.generic(
        "POST", LIST_URL, b"", headers={"Tus-Resumable": "1.0.0", "Upload-Length": "3"}
    )
    assert response.status_code == 201
    assert response["Tus-Resumable"] == "1.0.0"
    assert "Upload-Complete" not in response
