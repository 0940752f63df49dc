"""The plain-SQL statements of the hot paths do what the ORM's would."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import User
from django.db.models import F
from django.utils import timezone

from django_dlwidget import rowsql
from django_dlwidget.models import Download
from django_dlwidget.models.download import ACTIVE_STATUSES, DownloadStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner() -> User:
    return User.objects.create_user("rowsql", password="x")


def values(download: Download) -> dict[str, object]:
    return {f.attname: getattr(download, f.attname) for f in Download._meta.concrete_fields}


def test_a_download_reads_as_the_orm_reads_it(owner: User) -> None:
    download = Download.objects.create(
        owner=owner, name="Zoë's report", filename="report.csv", progress=40, size=None
    )
    read = rowsql.get(Download, {"key": download.key})
    assert read is not None
    assert values(read) == values(Download.objects.get(pk=download.pk))
    assert rowsql.get(Download, {"key": str(download.key)}) is not None  # a string key too
    assert rowsql.get(Download, {"key": uuid.uuid4()}) is None


def test_update_filters_by_equality_membership_and_null(owner: User) -> None:
    running = Download.objects.create(owner=owner, name="a", status=DownloadStatus.RUNNING)
    ready = Download.objects.create(owner=owner, name="b", status=DownloadStatus.READY)
    now = timezone.now()
    for download in (running, ready):
        changed = rowsql.update(
            Download,
            {"key": download.key, "status": ACTIVE_STATUSES, "finished": None},
            {"progress": 55, "updated": now},
        )
        assert changed == (1 if download is running else 0)
    assert Download.objects.get(pk=running.pk).progress == 55
    assert Download.objects.get(pk=running.pk).updated == now
    assert Download.objects.get(pk=ready.pk).progress != 55
    assert rowsql.update(Download, {"key": running.key, "status": ()}, {"progress": 1}) == 0


def test_expressions_are_refused(owner: User) -> None:
    download = Download.objects.create(owner=owner, name="a")
    with pytest.raises(TypeError):
        rowsql.update(Download, {"key": download.key}, {"progress": F("progress") + 1})


def test_a_read_after_the_first_builds_no_sql_and_converts_the_same(owner: User) -> None:
    connection = rowsql.connection_for(Download)
    download = Download.objects.create(owner=owner, name="cached", finished=timezone.now())
    first = rowsql.get(Download, {"key": download.key})
    built = rowsql._selects[connection][Download]
    second = rowsql.get(Download, {"key": download.key})
    assert rowsql._selects[connection][Download] is built
    assert first is not None
    assert second is not None
    assert values(first) == values(second) == values(Download.objects.get(pk=download.pk))


def test_update_returning_gives_the_row_as_written(owner: User) -> None:
    download = Download.objects.create(owner=owner, name="a", status=DownloadStatus.RUNNING)
    now = timezone.now()
    count, row = rowsql.update_returning(
        Download, {"key": download.key, "status": ACTIVE_STATUSES}, {"progress": 70, "updated": now}
    )
    assert count == 1
    stored = Download.objects.get(pk=download.pk)
    assert stored.progress == 70
    if rowsql.returns_rows(rowsql.connection_for(Download)):
        assert row is not None
        assert values(row) == values(stored)
    else:
        assert row is None


def test_update_returning_nothing_matched(owner: User) -> None:
    ready = Download.objects.create(owner=owner, name="b", status=DownloadStatus.READY)
    count, row = rowsql.update_returning(
        Download, {"key": ready.key, "status": ACTIVE_STATUSES}, {"progress": 3}
    )
    assert (count, row) == (0, None)
    assert Download.objects.get(pk=ready.pk).progress != 3


def test_update_returning_many_rows_returns_no_row(owner: User) -> None:
    for name in ("a", "b"):
        Download.objects.create(owner=owner, name=name, status=DownloadStatus.RUNNING)
    count, row = rowsql.update_returning(Download, {"owner": owner.pk}, {"progress": 9})
    assert count == 2
    assert row is None
    assert set(Download.objects.values_list("progress", flat=True)) == {9}
