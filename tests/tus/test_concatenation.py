"""The concatenation extension: finished partial uploads joined into a final one."""

from __future__ import annotations

import pytest
from django.test import Client
from django.test.utils import override_settings

from django_dlwidget.models import Upload
from django_dlwidget.tus import partial

from .conftest import concat, create, error_code, head, patch

pytestmark = pytest.mark.django_db


def finished_parts(client: Client, *chunks: bytes) -> list[str]:
    urls = []
    for data in chunks:
        response = create(client, len(data), headers={"Upload-Concat": "partial"})
        url = response["Location"]
        assert head(client, url)["Upload-Concat"] == "partial"
        assert patch(client, url, data).status_code == 204
        urls.append(url)
    return urls


def test_concatenation(client: Client) -> None:
    urls = finished_parts(client, b"abc", b"defg", b"h")
    header = "final;" + " ".join(["http://testserver" + urls[0], *urls[1:]])
    response = concat(client, header)
    assert response.status_code == 201, response.content
    assert response["Dlw-Upload-Token"]
    final_url = response["Location"]
    response = head(client, final_url)
    assert response["Upload-Offset"] == response["Upload-Length"] == "8"
    assert response["Upload-Concat"] == header  # the URLs as sent
    final = Upload.objects.get(is_final=True)
    assert partial.path_for(final.id).read_bytes() == b"abcdefgh"
    assert patch(client, final_url, b"x", offset=8).status_code == 403
    assert Upload.objects.count() == 1  # the parts were consumed


def test_concatenation_of_unfinished_part_is_400(client: Client) -> None:
    url = create(client, 3, headers={"Upload-Concat": "partial"})["Location"]
    response = concat(client, f"final;{url}")
    assert response.status_code == 400
    assert response.json()["detail"] == f"{url} is not a finished partial upload."
    response = concat(client, "final;/nowhere/")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ({"Upload-Length": "3"}, "A final upload must not carry an Upload-Length."),
        ({}, "Upload-Concat final lists no partial uploads."),
    ],
)
def test_a_malformed_final_request_is_400(
    client: Client, headers: dict[str, str], detail: str
) -> None:
    header = "final;" if not headers else "final;" + " ".join(finished_parts(client, b"abc"))
    response = concat(client, header, headers)
    assert response.status_code == 400
    assert response.json() == {"error": "invalid_concat", "detail": detail}
    assert not Upload.objects.filter(is_final=True).exists()


def test_parts_are_checked_in_the_order_listed(client: Client) -> None:
    done = finished_parts(client, b"abc")
    unfinished = create(client, 3, headers={"Upload-Concat": "partial"})["Location"]
    # The first faulty part decides the answer, whatever is wrong with the ones after it.
    response = concat(client, f"final;{done[0]} {unfinished} /nowhere/")
    assert response.json()["detail"] == f"{unfinished} is not a finished partial upload."
    response = concat(client, f"final;{done[0]} /nowhere/ {unfinished}")
    assert response.json()["detail"] == "/nowhere/ is not an upload URL."
    assert Upload.objects.count() == 2  # nothing was consumed


def test_a_final_upload_over_the_max_size_is_413(client: Client, tus_dir: object) -> None:
    urls = finished_parts(client, b"abc", b"def")
    settings = {"UPLOAD_TEMP_DIR": str(tus_dir), "UPLOAD_MAX_SIZE": 5}
    with override_settings(DLWIDGET=settings):
        response = concat(client, "final;" + " ".join(urls))
    assert response.status_code == 413
    assert error_code(response) == "too_large"
    assert Upload.objects.count() == 2
