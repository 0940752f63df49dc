from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import StreamingHttpResponse
from django.test import RequestFactory

from django_dlwidget import DownloadJob, download_task, inline_or_background
from django_dlwidget.models import Download, DownloadStatus
from django_dlwidget.testing import content_disposition_filename

pytestmark = pytest.mark.django_db(transaction=True)


@download_task(header=["id", "name"])
def export_users(job: DownloadJob) -> Iterator[Sequence[Any]]:
    yield from User.objects.order_by("pk").values_list("pk", "username")


def request_for(user: User) -> Any:
    request = RequestFactory().post("/export/")
    request.user = user
    return request


def body(response: Any) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)  # type: ignore[arg-type]


def test_small_export_is_inline(owner: User) -> None:
    rows = User.objects.order_by("pk").values_list("pk", "username")
    response = inline_or_background(
        request_for(owner), rows, export_users, "users.csv", threshold=1
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename=\"users.csv\"; filename*=UTF-8''users.csv"
    )
    assert body(response) == f"id,name\r\n{owner.pk},owner\r\n".encode()
    assert not Download.objects.exists()


def test_inline_name_is_hardened_like_every_served_file(owner: User) -> None:
    """A right-to-left override would show ``evil.exe`` as ``exe.csv``: it goes, as in
    ``serve_file``; the answer is private and not sniffed."""
    rows = [[1]]
    response = inline_or_background(
        request_for(owner), rows, export_users, "report\u202evsc.exe", threshold=5
    )
    assert content_disposition_filename(response["Content-Disposition"]) == "reportvsc.exe"
    assert "\u202e" not in response["Content-Disposition"]
    assert response["Cache-Control"] == "private"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_large_export_goes_to_the_background(owner: User, other: User) -> None:
    rows = User.objects.order_by("pk").values_list("pk", "username")
    response = inline_or_background(
        request_for(owner), rows, export_users, "users.csv", threshold=1
    )
    assert response.status_code == 202
    download = Download.objects.get()
    assert download.owner == owner
    assert download.status == DownloadStatus.READY
    assert response["Location"].endswith(f"/downloads/{download.key}/")


def test_generators_lists_and_callables(owner: User) -> None:
    request = request_for(owner)
    generator = ([i, "=x"] for i in range(3))
    inline = inline_or_background(request, generator, export_users, "a.csv", threshold=3)
    assert body(inline) == b"id,name\r\n0,'=x\r\n1,'=x\r\n2,'=x\r\n"
    big = inline_or_background(
        request, ([i] for i in range(10)), export_users, "a.csv", threshold=3
    )
    assert big.status_code == 202
    listed = inline_or_background(request, [[1]], export_users, "a.csv", threshold=lambda r: True)
    assert listed.status_code == 202
    redirect = inline_or_background(
        request, [[1], [2]], export_users, "a.csv", threshold=1, redirect_to="/downloads/"
    )
    assert (redirect.status_code, redirect["Location"]) == (302, "/downloads/")
