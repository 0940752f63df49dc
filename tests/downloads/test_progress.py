from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from django_dlwidget import (
    DownloadCancelled,
    cancel_download,
    init_download,
    set_percentage,
    update_percentage,
)
from django_dlwidget.downloads.progress import percentage_of
from django_dlwidget.models import Download, DownloadStatus

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("total", "cur", "expected"),
    [
        (0, 0, 100),  # an empty job is complete
        (0, 5, 100),
        (-3, 1, 100),
        (3, 0, 0),
        (3, 1, 33),
        (3, 2, 66),
        (3, 3, 100),
        (3, 7, 100),  # overshoot is clamped
        (3, -1, 0),
        (1000, 999, 99),
        (10**12, 1, 0),
    ],
)
def test_percentage_of(total: int, cur: int, expected: int) -> None:
    assert percentage_of(total, cur) == expected


def progress_of(key: uuid.UUID) -> int:
    return Download.objects.values_list("progress", flat=True).get(key=key)


def download_writes(queries: CaptureQueriesContext) -> int:
    return sum(
        1
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith("UPDATE") and "dlwidget_download" in q["sql"]
    )


@pytest.mark.parametrize("total", [1, 2, 3, 9])
def test_total_below_resolution(owner: User, total: int) -> None:
    key = init_download(owner, "a.csv").key
    for cur in range(total + 1):
        update_percentage(key, total, cur, resolution=10)
    assert progress_of(key) == 100
    assert Download.objects.get(key=key).status == DownloadStatus.RUNNING


def test_total_zero(owner: User) -> None:
    key = init_download(owner, "a.csv").key
    update_percentage(key, 0, 0)
    assert progress_of(key) == 100


def test_bad_resolution(owner: User) -> None:
    key = init_download(owner, "a.csv").key
    for resolution in (0, -1, 101):
        with pytest.raises(ValueError, match="resolution"):
            update_percentage(key, 10, 1, resolution)


@pytest.mark.parametrize("resolution", [1, 5, 10, 25])
def test_writes_are_throttled(owner: User, resolution: int) -> None:
    key = init_download(owner, "a.csv").key
    calls = 100_000
    with CaptureQueriesContext(connection) as queries:
        for cur in range(calls + 1):
            update_percentage(key, calls, cur, resolution)
    writes = download_writes(queries)
    assert writes <= 100 // resolution + 5
    assert writes >= 100 // resolution  # it did report progress along the way
    assert progress_of(key) == 100


def test_slow_job_keeps_its_heartbeat(owner: User, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    key = init_download(owner, "a.csv").key
    clock = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    update_percentage(key, 100, 1)
    first = Download.objects.get(key=key).heartbeat
    assert first is not None
    clock[0] += timedelta(minutes=3).total_seconds()  # a quarter of STALE_AFTER has passed
    update_percentage(key, 100, 2)  # same bucket, but the heartbeat is due
    second = Download.objects.get(key=key).heartbeat
    assert second is not None
    assert second > first


def test_cancel_noticed_between_writes(owner: User, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    key = init_download(owner, "a.csv").key
    clock = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    update_percentage(key, 100, 1)
    cancel_download(key)
    update_percentage(key, 100, 2)  # same bucket, no check due yet
    clock[0] += 3
    with pytest.raises(DownloadCancelled):
        update_percentage(key, 100, 3)


def test_set_percentage(owner: User) -> None:
    key = init_download(owner, "a.csv").key
    with CaptureQueriesContext(connection) as queries:
        for _ in range(1000):
            set_percentage(key, 40)
    assert download_writes(queries) == 1
    set_percentage(key, 250)
    assert progress_of(key) == 100
    set_percentage(key, -5)
    assert progress_of(key) == 0


def test_progress_on_finished_download_raises(owner: User) -> None:
    key = init_download(owner, "a.csv").key
    cancel_download(key)
    with pytest.raises(DownloadCancelled):
        set_percentage(key, 10)
    Download.objects.filter(key=key).delete()
    with pytest.raises(DownloadCancelled):
        update_percentage(key, 10, 1)
    assert not Download.objects.filter(key=key).exists()
