from __future__ import annotations

import io
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from django_dlwidget import (
    cleanup_collection,
    cleanup_expired_downloads,
    init_download,
    run_cleanup,
    save_download,
    update_percentage,
)
from django_dlwidget.downloads.cleanup import cleanup_steps, remove_orphan_files
from django_dlwidget.downloads.tasks import cleanup_task
from django_dlwidget.models import Download

pytestmark = pytest.mark.django_db(transaction=True)


def expire(key: uuid.UUID) -> None:
    Download.objects.filter(key=key).update(expires=timezone.now() - timedelta(seconds=1))


def test_expired_downloads_and_files(owner: User, media: Path) -> None:
    old = save_download(init_download(owner, "old.csv").key, [[1]])
    kept = save_download(init_download(owner, "kept.csv").key, [[2]])
    running = init_download(owner, "running.csv", expires=timezone.now() - timedelta(days=1))
    update_percentage(running.key, 10, 3)
    expire(old.key)
    assert cleanup_expired_downloads() == 1
    assert not (media / str(old.file.name)).exists()
    assert (media / str(kept.file.name)).exists()
    assert set(Download.objects.values_list("key", flat=True)) == {kept.key, running.key}
    assert cleanup_expired_downloads() == 0


def test_orphaned_files(owner: User, media: Path) -> None:
    ready = save_download(init_download(owner, "ready.csv").key, [[1]])
    running = init_download(owner, "running.csv")
    prefix = media / "dlwidget" / "downloads"
    stray = prefix / "not-a-key" / "x.csv"
    stray.parent.mkdir(parents=True)
    stray.write_text("x")
    loose = prefix / "loose.csv"
    loose.write_text("x")
    gone = prefix / "5b6f2a52-8d7c-4d0e-9f0b-1c2d3e4f5a6b" / "gone.csv"
    gone.parent.mkdir()
    gone.write_text("x")
    extra = prefix / str(ready.key) / "leftover.csv"
    extra.write_text("x")
    in_progress = prefix / str(running.key) / "running.csv"
    in_progress.parent.mkdir()
    in_progress.write_text("being written")
    counts = run_cleanup()
    assert counts["orphaned_files"] == 4
    assert not stray.exists()
    assert not loose.exists()
    assert not gone.exists()
    assert not gone.parent.exists()
    assert not extra.exists()
    assert in_progress.exists()  # its job may still be saving it
    assert (media / str(ready.file.name)).exists()
    assert run_cleanup()["orphaned_files"] == 0


def test_run_cleanup_is_idempotent(owner: User) -> None:
    for i in range(3):
        expire(save_download(init_download(owner, f"{i}.csv").key, [[i]]).key)
    first = run_cleanup()
    assert first["expired_downloads"] == 3
    assert run_cleanup() == dict.fromkeys(first, 0)


def test_cleanup_without_any_file_yet(db: None) -> None:
    assert run_cleanup() == {
        "stale": 0,
        "expired_downloads": 0,
        "orphaned_files": 0,
        "uploads": 0,
    }


def test_cleanup_collection(owner: User, other: User) -> None:
    mine = save_download(init_download(owner, "a.csv").key, [[1]])
    fresh = save_download(init_download(owner, "b.csv").key, [[1]])
    active = init_download(owner, "c.csv")
    theirs = save_download(init_download(other, "d.csv").key, [[1]])
    expire(mine.key)
    expire(theirs.key)
    assert cleanup_collection(owner) == 1
    assert cleanup_collection(owner.pk, include_unexpired=True) == 1
    assert set(Download.objects.values_list("key", flat=True)) == {active.key, theirs.key}
    assert fresh.key not in set(Download.objects.values_list("key", flat=True))


def test_command_task_and_steps(owner: User, monkeypatch: pytest.MonkeyPatch) -> None:
    expire(save_download(init_download(owner, "a.csv").key, [[1]]).key)
    out = io.StringIO()
    call_command("dlwidget_cleanup", stdout=out)
    assert "expired downloads: 1" in out.getvalue()
    steps = {**cleanup_steps(), "uploads": lambda: 7}
    monkeypatch.setattr("django_dlwidget.downloads.cleanup.cleanup_steps", lambda: steps)
    result = cleanup_task.enqueue()
    assert result.return_value == {
        "stale": 0,
        "expired_downloads": 0,
        "orphaned_files": 0,
        "uploads": 7,
    }


def test_failing_step_does_not_stop_the_others(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, db: None
) -> None:
    def broken() -> int:
        raise OSError("disk gone")

    steps = {**cleanup_steps(), "broken": broken, "after": lambda: 1}
    monkeypatch.setattr("django_dlwidget.downloads.cleanup.cleanup_steps", lambda: steps)
    counts = run_cleanup()
    assert counts["broken"] == -1
    assert counts["after"] == 1
    assert "disk gone" in caplog.text
    with pytest.raises(SystemExit):
        call_command("dlwidget_cleanup", stdout=io.StringIO(), stderr=io.StringIO())


def test_deleting_a_user_deletes_downloads_and_files(owner: User, media: Path) -> None:
    ready = save_download(init_download(owner, "a.csv").key, [[1]])
    path = media / str(ready.file.name)
    assert path.exists()
    owner.delete()
    assert not Download.objects.exists()
    assert not path.exists()


def test_orphaned_files_under_another_prefix(owner: User, media: Path) -> None:
    """A folder given as ``path_prefix=`` may hold other files: only download folders count."""
    ready = save_download(init_download(owner, "ready.csv").key, [[1]], path_prefix="shared")
    running = init_download(owner, "running.csv")
    prefix = media / "shared"
    unrelated = prefix / "not-a-key" / "keep.txt"
    unrelated.parent.mkdir()
    unrelated.write_text("someone else's")
    loose = prefix / "loose.txt"
    loose.write_text("someone else's")
    gone = prefix / "5b6f2a52-8d7c-4d0e-9f0b-1c2d3e4f5a6b" / "gone.csv"
    gone.parent.mkdir()
    gone.write_text("x")
    in_progress = prefix / str(running.key) / "running.csv"
    in_progress.parent.mkdir()
    in_progress.write_text("being written")
    assert run_cleanup()["orphaned_files"] == 0  # the cleanup looks under PATH_PREFIX only
    assert remove_orphan_files("/shared/") == 1
    assert not gone.exists()
    assert unrelated.exists()
    assert loose.exists()
    assert in_progress.exists()
    assert (media / str(ready.file.name)).exists()
    assert remove_orphan_files("nowhere") == 0
