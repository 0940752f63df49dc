"""A download's kind, parameters, description and end time; downloads nobody owns through the
job API, the sweep, the cleanup and the admin."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from django_dlwidget import cancel_download, init_download, save_download, set_error
from django_dlwidget.downloads.cleanup import cleanup_expired_downloads
from django_dlwidget.downloads.stale import sweep_stale
from django_dlwidget.models import Download, DownloadStatus

from .test_tasks import squares

pytestmark = pytest.mark.django_db


def test_init_download_records_kind_params_and_description(owner: User) -> None:
    download = init_download(
        owner, "a.csv", kind="reports.monthly", params="month=3", description="March"
    )
    download.refresh_from_db()
    assert (download.kind, download.params, download.description) == (
        "reports.monthly",
        "month=3",
        "March",
    )
    plain = init_download(owner, "b.csv")
    assert (plain.kind, plain.params, plain.description, plain.finished) == ("", "", "", None)


def test_a_download_task_records_its_path_and_arguments(owner: User, media: Path) -> None:
    download = squares.start(owner, "squares.csv", 3)
    assert download.kind == "tests.downloads.test_tasks.squares"
    assert json.loads(download.params) == [3]


@pytest.mark.parametrize("end", ["ready", "failed", "cancelled"])
def test_finished_is_set_when_it_ends(owner: User, media: Path, end: str) -> None:
    download = init_download(owner, "a.csv")
    before = timezone.now()
    if end == "ready":
        save_download(download.key, [[1]])
    elif end == "failed":
        set_error(download.key, "no")
    else:
        cancel_download(download.key)
    download.refresh_from_db()
    assert download.status == end
    assert download.finished is not None
    assert before <= download.finished <= timezone.now()


def test_a_download_nobody_owns_runs_like_any_other(media: Path) -> None:
    download = init_download(None, "nobody.csv")
    assert download.owner_id is None
    save_download(download.key, [[1, 2]])
    download.refresh_from_db()
    assert download.status == DownloadStatus.READY
    assert download.file.name


def test_a_stale_download_nobody_owns_is_failed(settings: object) -> None:
    download = init_download(None, "nobody.csv")
    Download.objects.filter(key=download.key).update(
        status=DownloadStatus.RUNNING, heartbeat=timezone.now() - timedelta(days=2)
    )
    assert sweep_stale() == 1
    download.refresh_from_db()
    assert download.status == DownloadStatus.FAILED
    assert download.finished is not None


def test_the_cleanup_removes_an_expired_download_nobody_owns(media: Path) -> None:
    download = save_download(init_download(None, "nobody.csv").key, [[1]])
    Download.objects.filter(key=download.key).update(expires=timezone.now() - timedelta(1))
    assert cleanup_expired_downloads() == 1
    assert not Download.objects.filter(key=download.key).exists()


def test_the_admin_shows_a_download_nobody_owns(settings: object, media: Path) -> None:
    settings.ROOT_URLCONF = "tests.downloads.admin_urls"  # type: ignore[attr-defined]
    admin = User.objects.create_superuser("admin", "admin@example.com", "pw")
    client = Client()
    client.force_login(admin)
    download = init_download(None, "nobody.csv", kind="reports.x", description="For nobody")
    changelist = client.get(reverse("admin:dlwidget_download_changelist") + "?kind=reports.x")
    assert changelist.status_code == 200
    assert b"nobody.csv" in changelist.content
    detail = client.get(reverse("admin:dlwidget_download_change", args=[download.key]))
    assert detail.status_code == 200
    assert b"For nobody" in detail.content


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_finished_downloads_their_end_time(owner: User) -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("dlwidget", "0003_download_language_download_timezone")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("dlwidget", "Download")
    moment = timezone.now() - timedelta(hours=3)
    done = old.objects.create(
        owner_id=owner.pk, name="a", filename="a", status="ready", updated=moment
    )
    running = old.objects.create(owner_id=owner.pk, name="b", filename="b", status="running")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Download.objects.get(key=done.key).finished == moment
    assert Download.objects.get(key=running.key).finished is None
