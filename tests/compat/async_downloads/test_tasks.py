"""``compat.async_downloads.tasks``: the cleanup, enqueued on ``django.tasks`` and run by Celery
under the name a beat schedule gives, and importable without Celery."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from django_dlwidget.compat.async_downloads import cache, tasks
from django_dlwidget.models import Download
from django_dlwidget.task_backends import Task

pytestmark = pytest.mark.django_db(transaction=True)  # files are deleted once deletes commit

BEAT_NAME = "django_dlwidget.compat.async_downloads.tasks.cleanup_expired_downloads"


@pytest.fixture
def leftovers(owner: User, media: Path) -> dict[str, Path]:
    """An expired download, a current one, and a file in the downloads folder no row owns."""
    paths = {}
    for label, offset in (("expired", -1), ("current", 1)):
        _collection, key = cache.init_download(owner, f"{label}.csv")
        cache.save_download(key, [[label]])
        Download.objects.filter(key=key).update(expires=timezone.now() + timedelta(hours=offset))
        paths[label] = media / str(Download.objects.get(key=key).file.name)
    orphan = media / "dlwidget" / "downloads" / "5f0c1a9e-0000-4000-8000-000000000000" / "x.csv"
    orphan.parent.mkdir(parents=True)
    orphan.write_text("left behind")
    paths["orphan"] = orphan
    return paths


def assert_cleaned(paths: dict[str, Path]) -> None:
    assert list(Download.objects.values_list("filename", flat=True)) == ["current.csv"]
    assert not paths["expired"].exists()
    assert not paths["orphan"].exists()
    assert paths["current"].exists()


def test_the_task_is_enqueued_on_django_tasks(leftovers: dict[str, Path]) -> None:
    assert isinstance(tasks.cleanup_expired_downloads, Task)
    assert tasks.cleanup_expired_downloads.module_path == BEAT_NAME
    result = tasks.cleanup_expired_downloads.enqueue()
    assert result.status == "SUCCESSFUL"
    assert_cleaned(leftovers)


def test_celery_runs_the_task_by_the_name_a_beat_schedule_gives(
    leftovers: dict[str, Path],
) -> None:
    celery = pytest.importorskip("celery")
    app = celery.Celery("project", set_as_current=False)
    app.conf.beat_schedule = {"async_downloads_cleanup": {"task": BEAT_NAME, "schedule": 3600}}
    app.finalize()
    scheduled = app.conf.beat_schedule["async_downloads_cleanup"]["task"]
    result = app.tasks[scheduled].apply()  # what a worker does with the name beat sends
    assert result.successful(), result.traceback
    assert_cleaned(leftovers)


def test_the_celery_task_can_be_sent_directly(leftovers: dict[str, Path]) -> None:
    pytest.importorskip("celery")
    assert tasks.celery_cleanup_expired_downloads.name == BEAT_NAME
    assert tasks.celery_cleanup_expired_downloads.apply().successful()
    assert_cleaned(leftovers)


@pytest.fixture
def without_celery(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The tasks module as it loads where Celery is not installed; put back as it was after."""
    saved = dict(vars(tasks))
    monkeypatch.setitem(sys.modules, "celery", None)  # ``import celery`` now raises ImportError
    vars(tasks).pop("celery_cleanup_expired_downloads", None)
    try:
        yield importlib.reload(tasks)
    finally:
        vars(tasks).clear()
        vars(tasks).update(saved)


def test_without_celery_only_the_django_task_exists(
    without_celery: Any, leftovers: dict[str, Path]
) -> None:
    assert not hasattr(without_celery, "celery_cleanup_expired_downloads")
    without_celery.cleanup_expired_downloads.enqueue()
    assert_cleaned(leftovers)


def test_with_a_path_prefix_the_cleanup_sweeps_its_download_folders(
    owner: User, media: Path, settings: Any
) -> None:
    settings.ASYNC_DOWNLOADS_PATH_PREFIX = "downloads"  # the predecessor's default, set
    _collection, key = cache.init_download(owner, "kept.csv")
    cache.save_download(key, [["kept"]])
    kept = media / str(Download.objects.get(key=key).file.name)
    assert kept.parent.parent == media / "downloads"
    orphan = media / "downloads" / "5f0c1a9e-0000-4000-8000-000000000000" / "x.csv"
    orphan.parent.mkdir(parents=True)
    orphan.write_text("left behind")
    unrelated = media / "downloads" / "manual.pdf"
    unrelated.write_text("not a download")
    tasks.cleanup_expired_downloads.enqueue()
    assert not orphan.exists()
    assert kept.exists()
    assert unrelated.exists()  # a loose file in a folder the project chose is not ours
