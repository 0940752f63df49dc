"""``compat.async_downloads.shortcuts``: a queryset saved as CSV with progress, and a dated CSV
download started on a Celery-style or a ``django.tasks`` task."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User

from django_dlwidget.compat.async_downloads import cache, shortcuts
from django_dlwidget.models import Download
from django_dlwidget.task_backends import task

pytestmark = pytest.mark.django_db


def content(key: str) -> bytes:
    with Download.objects.get(key=key).file.open("rb") as file:
        data: bytes = file.read()
    return data


def test_queryset_to_csv_writes_the_header_and_a_row_per_object(owner: User, other: User) -> None:
    _collection, key = cache.init_download(owner, "users.csv")
    users = User.objects.order_by("pk")
    shortcuts.queryset_to_csv(key, ["ID", "Name"], users, lambda user: [user.pk, user.username])
    download = Download.objects.get(key=key)
    assert (download.status, download.progress) == ("ready", 100)
    assert content(key) == f"ID,Name\r\n{owner.pk},owner\r\n{other.pk},other\r\n".encode()


def test_queryset_to_csv_refuses_anything_but_a_queryset(owner: User) -> None:
    _collection, key = cache.init_download(owner, "users.csv")
    with pytest.raises(ValueError, match="must be a QuerySet, not 'list'"):
        shortcuts.queryset_to_csv(key, ["ID"], [owner], lambda user: [user.pk])  # type: ignore[arg-type]


class CeleryStyleTask:
    """What ``init_generic_csv_download`` needs of a Celery task: ``delay``."""

    def __init__(self) -> None:
        self.calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def delay(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append((args, kwargs))


def test_init_generic_csv_download_names_the_file_and_delays_the_task(owner: User) -> None:
    celery_task = CeleryStyleTask()
    collection_key, key = shortcuts.init_generic_csv_download(
        celery_task, owner, "Active users", 7, only_staff=True
    )
    assert collection_key == cache.get_collection_key(owner)
    assert celery_task.calls == [((key, 7), {"only_staff": True})]
    download = Download.objects.get(key=key)
    assert re.fullmatch(r"Active_users_\d{4}-\d\d-\d\d_\d\d-\d\d\.csv", download.filename)
    assert re.fullmatch(r"Active users \d{4}-\d\d-\d\d", download.name)


@task
def export_usernames(download_key: str) -> None:
    shortcuts.queryset_to_csv(
        download_key, ["username"], User.objects.order_by("pk"), lambda u: [u.username]
    )


def test_init_generic_csv_download_enqueues_a_django_task(owner: User) -> None:
    _collection, key = shortcuts.init_generic_csv_download(export_usernames, owner.pk, "Users")
    assert Download.objects.get(key=key).status == "ready"  # the immediate backend ran it
    assert content(key) == b"username\r\nowner\r\n"
