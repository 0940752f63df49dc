"""A download's expiry counts from its end (ready, failed, cancelled), not from its start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from django_dlwidget.downloads.cleanup import cleanup_expired_downloads
from django_dlwidget.downloads.expiry import MAX_LIFETIME, initial_expiry
from django_dlwidget.downloads.lifecycle import (
    cancel_download,
    init_download,
    save_download,
    set_error,
)
from django_dlwidget.downloads.serializers import download_json
from django_dlwidget.models import Download

pytestmark = pytest.mark.django_db

LATER = timedelta(hours=3)  # how long the job "runs": longer than EXPIRY below


@pytest.fixture
def finish_later(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Every clock read from here on is LATER than the real start: the moment the job ends."""
    end = timezone.now() + LATER
    monkeypatch.setattr(timezone, "now", lambda: end)
    return end


def reload(download: Download) -> Download:
    return Download.objects.get(key=download.key)


@override_settings(DLWIDGET={"EXPIRY": 3600})
def test_expiry_counts_from_the_finish(owner: User, monkeypatch: pytest.MonkeyPatch) -> None:
    download = init_download(owner, "long.csv")
    assert download.expires is None
    end = timezone.now() + LATER
    monkeypatch.setattr(timezone, "now", lambda: end)
    save_download(download.key, [["a"]])
    assert reload(download).expires == end + timedelta(hours=1)
    assert cleanup_expired_downloads() == 0  # a job longer than EXPIRY is not expired on arrival


@pytest.mark.parametrize("end", ["failed", "cancelled"])
@override_settings(DLWIDGET={"EXPIRY": 60})
def test_failed_and_cancelled_count_from_their_end(
    owner: User, finish_later: datetime, end: str
) -> None:
    download = init_download(owner, "x.csv")
    if end == "failed":
        assert set_error(download.key, "nope")
    else:
        assert cancel_download(download.key)
    assert reload(download).expires == finish_later + timedelta(seconds=60)


def test_an_own_lifetime_counts_from_the_end_too(
    owner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    download = init_download(owner, "x.csv", expires=timedelta(minutes=5))
    active = reload(download)
    assert (active.expires, active.lifetime) == (None, timedelta(minutes=5))
    assert download_json(active)["expires"] is None  # nothing to show before the end
    end = timezone.now() + LATER
    monkeypatch.setattr(timezone, "now", lambda: end)
    save_download(download.key, [["a"]])
    ready = reload(download)
    assert ready.expires == end + timedelta(minutes=5)
    assert download_json(ready)["expires"] == (end + timedelta(minutes=5)).astimezone(
        UTC
    ).isoformat().replace("+00:00", "Z")
    failed = init_download(owner, "y.csv", expires=timedelta(0))
    set_error(failed.key, "nope")
    assert reload(failed).expires == end


def test_a_moment_given_is_kept(owner: User, finish_later: datetime) -> None:
    moment = datetime(2031, 5, 4, 12, 0, tzinfo=UTC)
    download = init_download(owner, "x.csv", expires=moment)
    assert download_json(reload(download))["expires"] == "2031-05-04T12:00:00Z"
    save_download(download.key, [["a"]])
    assert reload(download).expires == moment


def test_a_moment_long_past_expires_at_the_end(owner: User) -> None:
    moment = datetime(1990, 1, 1, tzinfo=UTC)
    download = init_download(owner, "x.csv", expires=moment)
    assert reload(download).expires == moment
    assert cleanup_expired_downloads() == 0  # an active download is never cleaned up
    save_download(download.key, [["a"]])
    assert cleanup_expired_downloads() == 1


def test_bad_expiries_are_refused(owner: User) -> None:
    with pytest.raises(ValueError, match="lifetime"):
        initial_expiry(timedelta(seconds=-1))
    with pytest.raises(ValueError, match="lifetime"):
        initial_expiry(MAX_LIFETIME + timedelta(days=1))
    assert initial_expiry(MAX_LIFETIME) == (None, MAX_LIFETIME)
    with pytest.raises(TypeError, match="datetime or a timedelta"):
        init_download(owner, "x.csv", expires=3600)  # type: ignore[arg-type]
    assert not Download.objects.exists()


def test_an_active_download_with_a_lifetime_is_not_ready_rather_than_expired(
    owner: User, owner_client: Client, settings: Any
) -> None:
    download = init_download(owner, "x.csv", expires=timedelta(hours=1))
    response = owner_client.get(reverse("dlwidget:download-file", args=[download.key]))
    assert response.status_code == 404
    assert response.json()["error"] == "not_ready"
