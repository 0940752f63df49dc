from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from django_dlwidget import (
    DownloadCancelled,
    cancel_download,
    init_download,
    is_cancelled,
    save_download,
    set_error,
    update_percentage,
)
from django_dlwidget.models import Download, DownloadStatus
from django_dlwidget.signals import download_failed, download_ready

pytestmark = pytest.mark.django_db(transaction=True)


def files_under(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file())


def test_init_download_defaults(owner: User) -> None:
    download = init_download(owner, "report.csv")
    assert download.status == DownloadStatus.PENDING
    assert download.name == "report.csv"
    assert download.content_type == "text/csv"
    assert download.owner_id == owner.pk
    assert download.heartbeat is not None
    by_pk = init_download(owner.pk, "a.zip", "Archive", content_type="application/zip")
    assert (by_pk.name, by_pk.content_type) == ("Archive", "application/zip")


def test_save_rows_as_csv(owner: User, media: Path) -> None:
    received: list[Download] = []

    def on_ready(sender: Any, download: Download, **kwargs: Any) -> None:
        received.append(download)

    download_ready.connect(on_ready)
    try:
        download = init_download(owner, "../../etc/report.csv")
        saved = save_download(download.key, ([i, f"row {i}"] for i in range(3)), header=["n", "t"])
    finally:
        download_ready.disconnect(on_ready)
    assert saved.status == DownloadStatus.READY
    assert saved.progress == 100
    assert saved.expires is not None
    assert received == [saved]
    assert saved.file.name == f"dlwidget/downloads/{download.key}/report.csv"
    content = (media / str(saved.file.name)).read_bytes()
    assert content == b"n,t\r\n0,row 0\r\n1,row 1\r\n2,row 2\r\n"
    assert saved.size == len(content)


def test_save_escapes_formulas(owner: User, media: Path) -> None:
    download = init_download(owner, "x.csv")
    rows = [["=1+1", "+a", "-b", "@c", "\tt", "\rr", "plain", -5, 3.5, None]]
    saved = save_download(download.key, rows)
    text = (media / str(saved.file.name)).read_bytes().decode()
    assert next(csv.reader(io.StringIO(text, newline=""))) == [
        "'=1+1",
        "'+a",
        "'-b",
        "'@c",
        "'\tt",
        "'\rr",
        "plain",
        "-5",
        "3.5",
        "",
    ]


def test_save_bytes_and_file(owner: User, media: Path) -> None:
    first = save_download(init_download(owner, "a.bin").key, file=b"\x00\x01")
    assert (media / str(first.file.name)).read_bytes() == b"\x00\x01"
    second = save_download(init_download(owner, "b.bin").key, file=io.BytesIO(b"abc"))
    assert second.size == 3


def test_save_needs_exactly_one_source(owner: User) -> None:
    key = init_download(owner, "a.csv").key
    with pytest.raises(TypeError):
        save_download(key)
    with pytest.raises(TypeError):
        save_download(key, [], file=b"")


def test_cancelled_download_is_not_saved(owner: User, media: Path) -> None:
    download = init_download(owner, "a.csv")
    assert cancel_download(download.key)
    assert is_cancelled(download.key)
    with pytest.raises(DownloadCancelled):
        save_download(download.key, [[1]])
    assert files_under(media) == []
    assert Download.objects.get(key=download.key).status == DownloadStatus.CANCELLED


def test_cancel_midway_stops_and_removes_partial_file(owner: User, media: Path) -> None:
    download = init_download(owner, "a.csv")

    def rows() -> Any:
        for i in range(10):
            if i == 5:
                cancel_download(download.key)
            update_percentage(download.key, 10, i, resolution=1)
            yield [i]

    with pytest.raises(DownloadCancelled):
        save_download(download.key, rows())
    assert files_under(media) == []


def test_cleared_while_running_never_comes_back(owner: User, media: Path) -> None:
    download = init_download(owner, "a.csv")

    def rows() -> Any:
        yield [1]
        # The owner clears the download while the job is still writing.
        Download.objects.filter(key=download.key).delete()
        yield [2]

    with pytest.raises(DownloadCancelled):
        save_download(download.key, rows())
    with pytest.raises(DownloadCancelled):
        update_percentage(download.key, 10, 10)
    assert not set_error(download.key, "late")
    assert not Download.objects.filter(key=download.key).exists()
    assert files_under(media) == []
    assert is_cancelled(download.key)


def test_cleared_between_store_and_mark_ready(
    owner: User, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The narrowest race: the row goes after the file is stored, before the final UPDATE."""
    from django_dlwidget.downloads import lifecycle as jobs
    from django_dlwidget.downloads.files import download_storage as real_storage

    download = init_download(owner, "a.csv")

    class DeletingStorage:
        def __init__(self) -> None:
            self.inner = real_storage()

        def save(self, name: str, content: Any) -> str:
            stored = self.inner.save(name, content)
            Download.objects.filter(key=download.key).delete()
            return stored

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    monkeypatch.setattr(jobs, "download_storage", DeletingStorage)
    with pytest.raises(DownloadCancelled):
        save_download(download.key, [[1]])
    assert files_under(media) == []
    assert not Download.objects.exists()


def test_set_error(owner: User) -> None:
    failures: list[Download] = []

    def on_failed(sender: Any, download: Download, **kwargs: Any) -> None:
        failures.append(download)

    download_failed.connect(on_failed)
    try:
        download = init_download(owner, "a.csv")
        assert set_error(download.key, "No data for that period.")
        assert not set_error(download.key, "twice")
    finally:
        download_failed.disconnect(on_failed)
    failed = Download.objects.get(key=download.key)
    assert (failed.status, failed.error) == (DownloadStatus.FAILED, "No data for that period.")
    assert failed.expires is not None
    assert [d.key for d in failures] == [download.key]


@pytest.mark.parametrize("status", list(DownloadStatus))
def test_is_cancelled_agrees_with_raise_if_cancelled(owner: User, status: DownloadStatus) -> None:
    """One answer to "should the job stop?": a failed download stops its job in both."""
    from django_dlwidget.downloads.lifecycle import raise_if_cancelled

    download = init_download(owner, "a.csv")
    Download.objects.filter(key=download.key).update(status=status)
    stops = status not in (DownloadStatus.PENDING, DownloadStatus.RUNNING)
    assert is_cancelled(download.key) is stops
    if stops:
        with pytest.raises(DownloadCancelled):
            raise_if_cancelled(download.key)
    else:
        raise_if_cancelled(download.key)


def test_a_cleared_download_is_cancelled(owner: User) -> None:
    download = init_download(owner, "a.csv")
    Download.objects.filter(key=download.key).delete()
    assert is_cancelled(download.key)


def test_memory_stays_flat_rows_spool_to_disk(
    owner: User, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from django_dlwidget.downloads import writers

    spooled: list[Any] = []
    real = tempfile.SpooledTemporaryFile

    def spy(*args: Any, **kwargs: Any) -> Any:
        spooled.append(real(*args, **kwargs))
        return spooled[-1]

    monkeypatch.setattr(tempfile, "SpooledTemporaryFile", spy)
    download = init_download(owner, "big.csv")
    saved = save_download(download.key, ([i, "x" * 100] for i in range(20_000)))
    assert (saved.size or 0) > writers.SPOOL_MAX_SIZE
    assert spooled[0]._rolled  # the rows went to a temporary file, not a bytes buffer


def test_clear_download_cancels_then_deletes_for_its_owner_only(owner: User, other: User) -> None:
    from django_dlwidget import clear_download

    running = init_download(owner, "a.csv")
    update_percentage(running.key, 10, 3)
    assert not clear_download(running.key, other.pk)
    assert Download.objects.get(key=running.key).status == DownloadStatus.RUNNING
    assert clear_download(running.key, owner.pk)
    assert not Download.objects.filter(key=running.key).exists()
    with pytest.raises(DownloadCancelled):
        update_percentage(running.key, 10, 9)
    assert not clear_download(running.key)


def test_init_download_for_a_user_that_does_not_exist(owner: User) -> None:
    """A clear error naming the pk, at once: never an IntegrityError at the commit."""
    missing = owner.pk + 1000
    with pytest.raises(User.DoesNotExist, match=f"no user with pk {missing}"):
        init_download(missing, "x.csv")
    deleted = User.objects.create_user("gone")
    User.objects.filter(pk=deleted.pk).delete()
    with pytest.raises(User.DoesNotExist, match=f"no user with pk {deleted.pk}"):
        init_download(deleted, "x.csv")
    with pytest.raises(ValueError, match="not saved"):
        init_download(User(username="unsaved"), "x.csv")
    assert not Download.objects.exists()
    by_text = init_download(str(owner.pk), "ok.csv")  # a pk as text works
    assert Download.objects.get(key=by_text.key).owner_id == owner.pk
