"""At most ``MAX_ACTIVE_DOWNLOADS`` pending or running downloads per user (finding 13).

A user could start as many exports as they liked, each holding a worker. Now one past the cap is
``TooManyDownloads`` from ``init_download`` and ``start``, before anything is written, enqueued
or published, and a 429 JSON error from ``inline_or_background``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import RequestFactory

from django_dlwidget import (
    DownloadJob,
    TooManyDownloads,
    download_task,
    init_download,
    inline_or_background,
    set_error,
)
from django_dlwidget.downloads import tasks
from django_dlwidget.live.versions import get_version
from django_dlwidget.models import Download

pytestmark = pytest.mark.django_db(transaction=True)
CAP = 3


@pytest.fixture(autouse=True)
def _cap(settings: Any) -> None:
    settings.DLWIDGET = {"MAX_ACTIVE_DOWNLOADS": CAP}


@download_task
def export_rows(job: DownloadJob) -> Iterator[Sequence[Any]]:
    yield ["a"]


def fill(user: User) -> list[Download]:
    return [init_download(user, f"{index}.csv") for index in range(CAP)]


def test_one_past_the_cap_is_refused_and_nothing_is_written(owner: User) -> None:
    fill(owner)
    version = get_version(owner.pk)
    with pytest.raises(TooManyDownloads) as refused:
        init_download(owner, "one-more.csv")
    assert refused.value.limit == CAP
    assert Download.objects.filter(owner=owner).count() == CAP
    assert get_version(owner.pk) == version  # nothing was published either


def test_finished_downloads_free_their_place(owner: User) -> None:
    first, *_rest = fill(owner)
    set_error(first.key, "gone")
    assert init_download(owner, "next.csv").status == "pending"


def test_each_user_has_their_own_cap_and_ownerless_downloads_none(owner: User, other: User) -> None:
    fill(owner)
    assert init_download(other, "theirs.csv").owner_id == other.pk
    assert all(init_download(None, f"{index}.csv").owner_id is None for index in range(CAP + 1))


def test_start_raises_before_enqueueing(owner: User, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(owner)
    enqueued: list[Any] = []
    monkeypatch.setattr(type(tasks.run_download), "enqueue", enqueued.append)
    with pytest.raises(TooManyDownloads):
        export_rows.start(owner, "rows.csv")
    assert enqueued == []


def test_inline_or_background_answers_429(owner: User) -> None:
    fill(owner)
    request = RequestFactory().post("/export/")
    request.user = owner
    response = inline_or_background(request, [["a"], ["b"]], export_rows, "rows.csv", threshold=1)
    assert response.status_code == 429
    assert json.loads(response.content) == {  # type: ignore[attr-defined]
        "error": "too_many_downloads",
        "detail": "You already have 3 exports in progress. Wait for one to finish, or cancel one.",
    }
    assert Download.objects.filter(owner=owner).count() == CAP


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_starts_of_one_user_never_pass_the_cap(owner: User) -> None:
    """The check and the insert are one step: 12 threads starting at once get exactly CAP."""
    barrier = threading.Barrier(12)

    def start(index: int) -> str:
        barrier.wait()
        try:
            init_download(owner.pk, f"{index}.csv")
            return "created"
        except TooManyDownloads:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(12) as pool:
        outcomes = sorted(pool.map(start, range(12)))
    assert outcomes == ["created"] * CAP + ["refused"] * (12 - CAP)
    assert Download.objects.filter(owner=owner).count() == CAP
