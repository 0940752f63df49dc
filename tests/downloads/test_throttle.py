"""The throttle's fast path: the range of ``cur`` it skips stays in the bucket last written, and a
whole job writes its download row exactly as often as before, a progress call per row or not."""

from __future__ import annotations

import math

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from django_dlwidget import init_download, save_download, set_percentage, update_percentage
from django_dlwidget.downloads import throttle
from django_dlwidget.downloads.progress import percentage_of
from django_dlwidget.models import Download, DownloadStatus


def bucket(total: float, cur: float, resolution: int) -> int:
    return throttle.bucket_of(percentage_of(total, cur), resolution)  # type: ignore[arg-type]


@given(
    st.integers(min_value=-3, max_value=10**13),
    st.integers(min_value=1, max_value=100),
    st.integers(min_value=0, max_value=100),
)
def test_every_cur_in_the_range_is_in_the_bucket(total: int, resolution: int, step: int) -> None:
    written = throttle.bucket_of(step, resolution)
    low, high = throttle.cur_range(total, written, resolution)
    probes = [low, low + 0.5, high - 1, high - 0.5, high - 1e-9, (low + high) / 2]
    for cur in probes:
        if math.isfinite(cur) and low <= cur < high and total > 0:
            assert bucket(total, cur, resolution) == written, (cur, low, high)


def test_every_cur_of_small_totals() -> None:
    for total in range(1, 60):
        for resolution in (1, 3, 10, 25, 100):
            for cur in range(-2, total + 3):
                written = bucket(total, cur, resolution)
                low, high = throttle.cur_range(total, written, resolution)
                inside = [c for c in range(-2, total + 3) if low <= c < high]
                assert all(bucket(total, c, resolution) == written for c in inside)


def download_writes(queries: CaptureQueriesContext) -> int:
    return sum(
        1
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith("UPDATE") and "dlwidget_download" in q["sql"]
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("resolution", [1, 10, 25])
def test_a_whole_job_writes_its_row_once_per_bucket_and_once_when_ready(
    owner: User, resolution: int
) -> None:
    total = 20_000
    key = init_download(owner, "rows.csv").key

    def rows() -> object:
        for i in range(total):
            update_percentage(key, total, i, resolution)
            yield (i, "=x")

    with CaptureQueriesContext(connection) as queries:
        download = save_download(key, rows(), header=["id", "note"])  # type: ignore[arg-type]
    # One write per bucket reached (0 .. 100 - resolution; the last row is total - 1), one for
    # ready; the job is quicker than a heartbeat and a cancel check.
    assert download_writes(queries) == 100 // resolution + 1
    assert download.status == DownloadStatus.READY


@pytest.mark.django_db(transaction=True)
def test_the_fast_path_ends_with_the_job_and_with_set_percentage(owner: User) -> None:
    key = init_download(owner, "a.csv").key
    update_percentage(key, 100, 1)
    assert throttle.fast[0] is key
    set_percentage(key, 50)
    assert throttle.fast is throttle.IDLE
    update_percentage(key, 100, 51)
    assert Download.objects.get(key=key).progress == 50  # same bucket as set_percentage's 50
    save_download(key, [(1,)])
    assert throttle.fast is throttle.IDLE
    with pytest.raises(Exception, match=str(key)):
        update_percentage(key, 100, 52)  # finished: refused, as before, never skipped
