"""``compat.bgfiles.models``: ``FileRequest`` is a download under the predecessor's names."""

from __future__ import annotations

import os
import time as compat_time  # the module remove_expired sleeps with
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.utils import timezone

from django_dlwidget import init_download
from django_dlwidget.compat.bgfiles.models import FIELD_NAMES, FileRequest
from django_dlwidget.downloads.files import download_dir
from django_dlwidget.models import Download, DownloadStatus

pytestmark = pytest.mark.django_db


def test_every_upstream_name_reads_and_writes_its_native_column(requester: User) -> None:
    # The stubs know only the fields as keywords; the compat model takes the upstream names too.
    request = FileRequest(  # type: ignore[misc]
        requester=requester,
        criteria="a=1",
        file_type="report",
        requester_language="de",
        requester_timezone="Europe/Berlin",
        filename="r.csv",
        description="Mine",
        content_type="text/csv",
        size=3,
    )
    assert (request.owner, request.params, request.kind) == (requester, "a=1", "report")
    assert (request.language, request.timezone) == ("de", "Europe/Berlin")
    assert request.id == request.key
    assert request.requester_id == requester.pk
    assert request.filehandle is request.file
    for upstream, native in FIELD_NAMES.items():
        if upstream not in ("id", "filehandle", "requester", "requester_id", "expires_at"):
            setattr(request, upstream, getattr(request, native))
    request.requested_at = moment = timezone.now() - timedelta(hours=1)
    request.finished_at = moment
    request.expires_at = moment
    request.save()
    row = Download.objects.get(key=request.key)
    assert (row.created, row.finished, row.expires) == (moment, moment, moment)


def test_the_queryset_takes_upstream_names(requester: User, other: User) -> None:
    mine = FileRequest.objects.create(requester=requester, file_type="a", criteria="x")
    FileRequest.objects.create(requester=other, file_type="b")
    assert list(FileRequest.objects.filter(requester=requester)) == [mine]
    assert list(FileRequest.objects.filter(requester__username="req")) == [mine]
    assert list(FileRequest.objects.filter(requester_id=requester.pk, id=mine.key)) == [mine]
    assert list(FileRequest.objects.exclude(file_type="b")) == [mine]
    assert FileRequest.objects.get(criteria="x") == mine
    assert FileRequest.objects.filter(id__in=[mine.id]).count() == 1
    assert list(FileRequest.objects.values_list("file_type", flat=True).order_by("file_type")) == [
        "a",
        "b",
    ]
    assert list(FileRequest.objects.order_by("-requested_at").values("file_type")) == [
        {"kind": "b"},
        {"kind": "a"},
    ]
    assert FileRequest.objects.filter(id=mine.id).update(description="d") == 1
    assert Download.objects.get(key=mine.key).description == "d"


def test_to_handle_is_every_unfinished_request_oldest_first() -> None:
    now = timezone.now()
    FileRequest.objects.create(finished_at=now, requested_at=now)
    later = FileRequest.objects.create(requested_at=now + timedelta(seconds=30))
    earlier = FileRequest.objects.create(requested_at=now - timedelta(seconds=30))
    assert list(FileRequest.objects.to_handle()) == [earlier, later]


@pytest.fixture
def expired() -> list[FileRequest]:
    now = timezone.now()
    FileRequest.objects.create(expires_at=None, requested_at=now)
    FileRequest.objects.create(expires_at=now, requested_at=now)
    # A lifetime waiting for the end (the native expiry) is no expiry yet.
    FileRequest.objects.create(lifetime=timedelta(seconds=0), requested_at=now)
    return [
        FileRequest.objects.create(expires_at=now - timedelta(seconds=s), requested_at=now)
        for s in (300, 30, 10)
    ]


def test_remove_expired_deletes_what_expired_before_the_treshold(
    expired: list[FileRequest],
) -> None:
    treshold = timezone.now() - timedelta(seconds=5)
    assert FileRequest.objects.remove_expired(treshold) == ("processed", 3, 3)
    assert not FileRequest.objects.filter(id__in=[r.id for r in expired]).exists()
    assert FileRequest.objects.count() == 3


def test_remove_expired_stops_at_max_items_and_timeout(expired: list[FileRequest]) -> None:
    treshold = timezone.now() - timedelta(seconds=5)
    assert FileRequest.objects.remove_expired(treshold, max_items=1) == ("max_items", 1, 3)
    assert not FileRequest.objects.filter(id=expired[0].id).exists()  # the oldest first
    assert FileRequest.objects.remove_expired(treshold, timeout=1.0) == ("timeout", 1, 2)


def test_remove_expired_sleeps_between_deletions(
    expired: list[FileRequest], monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(compat_time, "sleep", slept.append)
    treshold = timezone.now() - timedelta(seconds=5)
    assert FileRequest.objects.remove_expired(treshold, sleep=2.5)[0] == "processed"
    assert slept == [2.5, 2.5]


def test_str() -> None:
    request = FileRequest(file_type="report")  # type: ignore[misc]
    assert str(request) == f"report requested at {request.requested_at} by None"


def test_expire_in() -> None:
    request = FileRequest()
    now = timezone.now()
    request.expire_in(timedelta(days=1), timestamp=now)
    assert request.expires_at == now + timedelta(days=1)
    request.expire_in(timedelta(days=1))
    assert request.expires_at >= now + timedelta(days=1)


def test_expires_at_hides_a_lifetime_that_waits_for_the_end(requester: User) -> None:
    download = init_download(requester, "a.csv", expires=timedelta(hours=2))
    assert FileRequest.objects.get(id=download.key).expires_at is None


def test_attach_file_stores_where_downloads_live_and_delete_removes_it(
    media: Path, settings: Any
) -> None:
    request = FileRequest.objects.create(file_type="report")
    request.attach_file(ContentFile("something special"))
    request.save()
    assert request.finished_at is not None
    assert request.status == DownloadStatus.READY
    assert request.filehandle.name == f"{download_dir(request.key)}/download"
    path = request.filehandle.path
    assert Path(path).read_text() == "something special"
    request.delete()
    assert not os.path.isfile(path)  # at once, as before


def test_attach_file_takes_the_time_it_finished(media: Path) -> None:
    moment = timezone.now() - timedelta(minutes=5)
    request = FileRequest.objects.create()
    request.attach_file(ContentFile(b"x"), timestamp=moment)
    assert request.finished_at == moment


def test_attach_file_keeps_what_is_not_given(media: Path) -> None:
    request = FileRequest.objects.create(filename="ohboy", content_type="a/b", size=None)
    request.attach_file(ContentFile(b"x"), filename="", content_type="", size=None)
    assert (request.filename, request.content_type, request.size) == ("ohboy", "a/b", None)
    request.attach_file(b"raw bytes", filename="new", content_type="c/d", size=5)
    assert (request.filename, request.content_type, request.size) == ("new", "c/d", 5)
    assert Path(request.filehandle.path).read_bytes() == b"raw bytes"
    assert request.name == "ohboy"  # the centre's label, from the first file name


def test_saving_a_request_tells_its_requesters_list(
    requester: User, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django_dlwidget.live import publish

    events: list[Any] = []
    monkeypatch.setattr(publish, "publish_now", lambda *args, **kwargs: events.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        request = FileRequest.objects.create(requester=requester)
        request.description = "changed"
        request.save()
    assert events == [(request.key, requester.pk, "download")] * 2


def test_deleting_a_request_tells_its_requesters_list(
    requester: User, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django_dlwidget.live import publish

    events: list[Any] = []
    monkeypatch.setattr(publish, "publish_now", lambda *args, **kwargs: events.append(args))
    request = FileRequest.objects.create(requester=requester)
    key = request.key
    with django_capture_on_commit_callbacks(execute=True):
        request.delete()
    assert events == [(key, requester.pk, "removed")]
