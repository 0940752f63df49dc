"""``compat.async_downloads.cache``: each function as django-async-downloads documents it.

The predecessor ships no tests; these re-express what its README and code promise, one behaviour
each, plus the deliberate differences (marked "Deliberately" in the test names' docstrings).
"""

from __future__ import annotations

import contextlib
import io
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from django.utils import timezone

from django_dlwidget import DownloadCancelled
from django_dlwidget.compat.async_downloads import cache
from django_dlwidget.downloads.expiry import MAX_LIFETIME
from django_dlwidget.models import Download

pytestmark = pytest.mark.django_db


def row(key: str) -> Download:
    return Download.objects.get(key=key)


def content(key: str) -> bytes:
    with row(key).file.open("rb") as file:
        data: bytes = file.read()
    return data


def test_init_download_returns_the_collection_key_and_the_download_key(owner: User) -> None:
    collection_key, download_key = cache.init_download(owner, "report.csv")
    assert collection_key == f"async_downloads/{owner.pk}"
    assert str(uuid.UUID(download_key)) == download_key
    download = row(download_key)
    assert (download.owner, download.status, download.progress) == (owner, "pending", 0)
    assert (download.filename, download.name) == ("report.csv", "report.csv")


def test_init_download_takes_a_display_name(owner: User) -> None:
    _collection, key = cache.init_download(owner, "r.csv", name="Monthly report")
    assert row(key).name == "Monthly report"


@pytest.mark.parametrize("given", ["user", "pk", "username"])
def test_init_download_takes_a_user_a_pk_or_a_username(owner: User, given: str) -> None:
    user = {"user": owner, "pk": owner.pk, "username": owner.username}[given]
    collection_key, key = cache.init_download(user, "r.csv")
    assert row(key).owner == owner
    assert collection_key == cache.get_collection_key(owner)


def test_an_unknown_username_is_a_clear_error(owner: User) -> None:
    with pytest.raises(User.DoesNotExist):
        cache.init_download("nobody", "r.csv")
    assert not Download.objects.exists()


def test_no_user_is_a_clear_error(db: None) -> None:
    # Native downloads may have no owner; here every download belongs to a collection.
    with pytest.raises(TypeError, match="needs a user"):
        cache.init_download(None, "r.csv")
    assert not Download.objects.exists()


def test_get_username_of_a_user_a_pk_and_a_name(owner: User) -> None:
    assert cache.get_username(owner) == "owner"
    assert cache.get_username(owner.pk) == "owner"
    assert cache.get_username("someone") == "someone"


@override_settings(ASYNC_DOWNLOADS_COLLECTION_KEY_FORMAT="project:downloads:{}:list")
def test_the_collection_key_format_setting_is_honoured(owner: User) -> None:
    collection_key, _key = cache.init_download(owner, "r.csv")
    assert collection_key == f"project:downloads:{owner.pk}:list"
    assert cache.get_collection_key(owner.username) == collection_key


@override_settings(ASYNC_DOWNLOADS_COLLECTION_KEY_FORMAT="no-placeholder")
def test_a_collection_key_format_without_a_placeholder_is_refused(owner: User) -> None:
    with pytest.raises(ValueError, match=r"must contain \{\}"):
        cache.get_collection_key(owner)


def test_save_download_writes_the_rows_as_csv(owner: User) -> None:
    _collection, key = cache.init_download(owner, "r.csv")
    cache.save_download(key, [["id", "name"], [1, "Zoë"], [2, "b,c"]])
    download = row(key)
    assert (download.status, download.progress) == ("ready", 100)
    assert content(key) == 'id,name\r\n1,Zoë\r\n2,"b,c"\r\n'.encode()


def test_save_download_stores_a_file_as_it_is(owner: User) -> None:
    _collection, key = cache.init_download(owner, "r.bin")
    cache.save_download(key, file=io.BytesIO(b"\x00\x01binary"))
    assert row(key).status == "ready"
    assert content(key) == b"\x00\x01binary"


def test_rows_win_over_a_file_when_both_are_given(owner: User) -> None:
    _collection, key = cache.init_download(owner, "r.csv")
    cache.save_download(key, iterable=[["row"]], file=io.BytesIO(b"file"))
    assert content(key) == b"row\r\n"


def test_saving_a_cleared_download_returns_quietly_and_keeps_nothing(owner: User) -> None:
    _collection, key = cache.init_download(owner, "r.csv")
    Download.objects.filter(key=key).delete()
    cache.save_download(key, [["x"]])  # no DownloadCancelled
    assert not Download.objects.exists()


def test_deliberately_rows_that_raise_fail_the_download_without_showing_the_error(
    owner: User,
) -> None:
    _collection, key = cache.init_download(owner, "r.csv")

    def rows() -> Iterator[list[str]]:
        yield ["first"]
        raise RuntimeError("connection to db-7.internal lost")

    with contextlib.suppress(RuntimeError):
        cache.save_download(key, rows())
    download = row(key)
    assert download.status == "failed"
    assert "db-7.internal" not in download.error
    assert not download.file


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "é€\r\n".encode()),
        ("UTF8", "é€\r\n".encode()),
        ("utf-8-sig", b"\xef\xbb\xbf" + "é€\r\n".encode()),
        ("cp1252", b"\xe9\x80\r\n"),
        ("utf-16", "é€\r\n".encode("utf-16")),
    ],
)
def test_save_download_writes_the_rows_in_the_encoding(
    owner: User, encoding: str, expected: bytes
) -> None:
    _collection, key = cache.init_download(owner, "r.csv")
    cache.save_download(key, [["é€"]], encoding=encoding)
    assert content(key) == expected


def test_the_encoding_is_for_rows_a_file_is_stored_as_it_is(owner: User) -> None:
    _collection, key = cache.init_download(owner, "r.bin")
    cache.save_download(key, file=io.BytesIO(b"\xff\xfe"), encoding="latin-1")
    assert content(key) == b"\xff\xfe"


def test_deliberately_an_unknown_encoding_fails_the_download_with_a_clear_message(
    owner: User,
) -> None:
    _collection, key = cache.init_download(owner, "r.csv")
    with pytest.raises(ValueError, match="klingon"):
        cache.save_download(key, [["é"]], encoding="klingon")
    assert (row(key).status, row(key).error) == (
        "failed",
        "The CSV encoding “klingon” is unknown.",
    )
    assert not row(key).file


def test_deliberately_a_character_the_encoding_lacks_fails_the_download(owner: User) -> None:
    _collection, key = cache.init_download(owner, "r.csv")
    with pytest.raises(ValueError, match="latin-1"):
        cache.save_download(key, [["ok"], ["€"]], encoding="latin-1")
    assert row(key).status == "failed"
    assert row(key).error.startswith("Line 2 of the CSV file contains “€”")
    assert not row(key).file


@override_settings(ASYNC_DOWNLOADS_TIMEOUT=600)
def test_the_timeout_setting_counts_from_the_download_s_end(
    owner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    _collection, key = cache.init_download(owner, "r.csv")
    assert (row(key).expires, row(key).lifetime) == (None, timedelta(seconds=600))
    end = timezone.now() + timedelta(hours=2)  # a job far longer than the timeout
    monkeypatch.setattr(timezone, "now", lambda: end)
    cache.save_download(key, [["x"]])
    assert row(key).expires == end + timedelta(seconds=600)


@pytest.mark.parametrize(
    ("timeout", "lifetime"),
    [(0, timedelta(0)), (-5, timedelta(0)), (None, MAX_LIFETIME), (90.5, timedelta(seconds=90.5))],
)
def test_the_timeout_values_a_cache_takes(
    owner: User, settings: Any, timeout: object, lifetime: timedelta
) -> None:
    settings.ASYNC_DOWNLOADS_TIMEOUT = timeout
    _collection, key = cache.init_download(owner, "r.csv")
    before = timezone.now()
    cache.set_error(key, "done")
    expires = row(key).expires
    assert expires is not None
    assert before + lifetime <= expires <= timezone.now() + lifetime


def test_an_unset_timeout_leaves_dlwidget_expiry(owner: User, settings: Any) -> None:
    settings.DLWIDGET = {"EXPIRY": 60}
    _collection, key = cache.init_download(owner, "r.csv")
    assert row(key).expires is None
    cache.save_download(key, [["x"]])
    expires = row(key).expires
    assert expires is not None
    assert expires <= timezone.now() + timedelta(seconds=60)


@override_settings(ASYNC_DOWNLOADS_TIMEOUT="1 day")
def test_a_timeout_that_is_no_number_is_refused(owner: User) -> None:
    with pytest.raises(TypeError, match="ASYNC_DOWNLOADS_TIMEOUT"):
        cache.init_download(owner, "r.csv")
    assert not Download.objects.exists()


@override_settings(ASYNC_DOWNLOADS_PATH_PREFIX="/exports/")
def test_the_path_prefix_setting_is_the_files_folder(owner: User) -> None:
    _collection, rows_key = cache.init_download(owner, "r.csv")
    cache.save_download(rows_key, [["x"]])
    assert row(rows_key).file.name == f"exports/{rows_key}/r.csv"
    _collection, file_key = cache.init_download(owner, "f.bin")
    cache.save_download(file_key, file=io.BytesIO(b"f"))
    assert row(file_key).file.name == f"exports/{file_key}/f.bin"
    assert content(file_key) == b"f"


def test_an_unset_path_prefix_leaves_dlwidget_path_prefix(owner: User) -> None:
    _collection, key = cache.init_download(owner, "r.csv")
    cache.save_download(key, [["x"]])
    assert row(key).file.name == f"dlwidget/downloads/{key}/r.csv"


def test_deliberately_cells_that_start_a_formula_are_escaped(owner: User) -> None:
    _collection, key = cache.init_download(owner, "r.csv")
    cache.save_download(key, [["=HYPERLINK(1)", "+1", "ok"]])
    assert content(key) == b"'=HYPERLINK(1),'+1,ok\r\n"


@pytest.mark.parametrize(("given", "stored"), [(42, 42), (33.7, 33), (150, 100), (-5, 0)])
def test_set_percentage_caps_to_a_whole_number_from_0_to_100(
    owner: User, given: float, stored: int
) -> None:
    _collection, key = cache.init_download(owner, "r.csv")
    cache.set_percentage(key, given)
    assert row(key).progress == stored


def progress_after(key: str, total: int, last_index: int, resolution: int = 10) -> int:
    for index in range(last_index + 1):
        cache.update_percentage(key, total, index, resolution)
    return row(key).progress


def test_update_percentage_counts_cur_from_zero_in_steps_of_10_by_default(owner: User) -> None:
    _collection, key = cache.init_download(owner, "r.csv")
    assert progress_after(key, 100, 48) == 40  # 49 rows done: still in the 40% step
    cache.update_percentage(key, 100, 49)  # the 50th row: the 50% step
    assert row(key).progress == 50


def test_a_larger_resolution_means_more_and_smaller_steps(owner: User) -> None:
    _collection, key = cache.init_download(owner, "r.csv")
    assert progress_after(key, 100, 4, resolution=20) == 5  # 20 steps of 5%


@pytest.mark.parametrize("resolution", [0, -3, 500])
def test_the_resolution_is_capped_between_1_and_100(owner: User, resolution: int) -> None:
    _collection, key = cache.init_download(owner, "r.csv")
    assert progress_after(key, 10, 9, resolution) == 100


def test_deliberately_progress_on_a_cleared_download_stops_the_job(owner: User) -> None:
    _collection, key = cache.init_download(owner, "r.csv")
    cache.set_percentage(key, 10)
    Download.objects.filter(key=key).delete()
    with pytest.raises(DownloadCancelled):
        cache.set_percentage(key, 20)
    with pytest.raises(DownloadCancelled):
        cache.update_percentage(key, 10, 9)


def test_set_error_fails_the_download_with_the_message(owner: User) -> None:
    _collection, key = cache.init_download(owner, "r.csv")
    cache.set_error(key, ValueError("The report has no rows"))
    download = row(key)
    assert (download.status, download.error) == ("failed", "The report has no rows")


def finished(user: User, *, expired: bool) -> str:
    _collection, key = cache.init_download(user, "r.csv")
    cache.save_download(key, [["x"]])
    offset = timedelta(hours=-1 if expired else 1)
    Download.objects.filter(key=key).update(expires=timezone.now() + offset)
    return key


def test_cleanup_collection_deletes_the_owners_expired_downloads_and_files(
    owner: User, other: User, django_capture_on_commit_callbacks: Any
) -> None:
    expired, kept = finished(owner, expired=True), finished(owner, expired=False)
    others = finished(other, expired=True)
    expired_file = row(expired).file
    _collection, running = cache.init_download(owner, "running.csv")
    with django_capture_on_commit_callbacks(execute=True):  # files go once the delete commits
        cache.cleanup_collection(cache.get_collection_key(owner))
    assert set(Download.objects.values_list("key", flat=True)) == {
        uuid.UUID(key) for key in (kept, others, running)
    }
    assert not expired_file.storage.exists(str(expired_file.name))


def test_cleanup_collection_refuses_a_key_it_did_not_make(owner: User) -> None:
    with pytest.raises(ValueError, match="not a collection key"):
        cache.cleanup_collection("someone-else/1")
    with pytest.raises(ValueError, match="not a collection key"):
        cache.cleanup_collection("async_downloads/")


def test_a_primary_key_no_user_has_is_a_clear_error(owner: User) -> None:
    with pytest.raises(User.DoesNotExist, match=f"pk {owner.pk + 99}"):
        cache.init_download(owner.pk + 99, "r.csv")
    assert not Download.objects.exists()
