"""A download's language and time zone: recorded at the start, active in its job and its e-mail."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.test import RequestFactory, override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from django_dlwidget import DownloadJob, download_task
from django_dlwidget.downloads.lifecycle import init_download, save_download
from django_dlwidget.downloads.locale import activate_locale
from django_dlwidget.downloads.notifications import send_ready_email
from django_dlwidget.models import Download, DownloadStatus

pytestmark = pytest.mark.django_db(transaction=True)

NOON_UTC = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
seen: list[tuple[str | None, str]] = []


@download_task(header=["text", "time"])
def localised(job: DownloadJob) -> Iterator[Sequence[Any]]:
    seen.append((translation.get_language(), timezone.get_current_timezone_name()))
    yield (gettext("The export failed."), timezone.localtime(NOON_UTC).strftime("%H:%M"))


@download_task
def crashes(job: DownloadJob) -> None:
    raise RuntimeError("boom")


@pytest.fixture(autouse=True)
def _clear_seen() -> None:
    seen.clear()


def test_started_under_german_runs_in_german(owner: User, media: Path) -> None:
    with translation.override("de"), timezone.override("Europe/Berlin"):
        download = localised.start(owner, "l.csv")
    download.refresh_from_db()
    assert (download.language, download.timezone) == ("de", "Europe/Berlin")
    assert seen == [("de", "Europe/Berlin")]
    content = (media / str(download.file.name)).read_bytes().decode()
    assert content == "text,time\r\nDer Export ist fehlgeschlagen.,14:00\r\n"


def test_a_view_under_locale_middleware_records_the_requests_language(owner: User) -> None:
    def start_view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(str(localised.start(owner, "l.csv").key))

    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    try:
        response = LocaleMiddleware(start_view)(request)
    finally:
        translation.deactivate()  # the middleware leaves the request's language active
    assert isinstance(response, HttpResponse)
    key = response.content.decode()
    assert Download.objects.get(key=key).language == "fr"
    assert seen == [("fr", "UTC")]


def test_the_worker_activates_the_recorded_locale(owner: User, media: Path) -> None:
    """A worker starts with the defaults: ``run`` makes the download's own current."""
    download = init_download(owner, "l.csv", language="fr", timezone="America/New_York")
    with translation.override("en"):
        localised.run(download.key)
        assert translation.get_language() == "en"  # restored afterwards
    assert seen == [("fr", "America/New_York")]
    download.refresh_from_db()
    assert download.status == DownloadStatus.READY
    content = (media / str(download.file.name)).read_bytes().decode()
    assert content == "text,time\r\nL\u2019export a échoué.,08:00\r\n"


def test_failure_message_in_the_downloads_language(owner: User) -> None:
    download = init_download(owner, "x.csv", language="de")
    with translation.override("en"), pytest.raises(RuntimeError):
        crashes.run(download.key)
    download.refresh_from_db()
    assert download.error == "Der Export ist fehlgeschlagen."
    english = crashes.start(owner, "y.csv")
    english.refresh_from_db()
    assert english.error == "The export failed."


def test_defaults_when_nothing_is_active(owner: User, settings: Any) -> None:
    with translation.override(None):
        download = init_download(owner, "x.csv")
    assert (download.language, download.timezone) == ("", "UTC")
    localised.run(download.key)
    assert seen == [(settings.LANGUAGE_CODE, "UTC")]
    explicit = init_download(owner, "y.csv", language="", timezone="")
    assert (explicit.language, explicit.timezone) == ("", "")


def test_unknown_time_zone_leaves_the_default(caplog: pytest.LogCaptureFixture) -> None:
    with activate_locale("", "Nowhere/Atlantis"):
        assert timezone.get_current_timezone_name() == "UTC"
    assert "Nowhere/Atlantis" in caplog.text


@override_settings(DLWIDGET={"NOTIFY_EMAIL": True, "SITE_URL": "https://files.example.com"})
def test_ready_email_in_the_downloads_language(owner: User) -> None:
    download = init_download(owner, "r.csv", "Bericht", language="de", timezone="Europe/Berlin")
    download.expires = NOON_UTC
    with translation.override("en"):
        assert send_ready_email(download)
    message = mail.outbox[0]
    assert message.subject == "Ihr Download „Bericht“ ist bereit"
    assert "Hier herunterladen:" in message.body
    assert "14:00" in message.body  # the link's expiry, in Berlin time
    assert "Dieser Link gilt bis" in message.body


def localised_rows() -> Iterator[Sequence[Any]]:
    seen.append((translation.get_language(), timezone.get_current_timezone_name()))
    yield (gettext("The export failed."), timezone.localtime(NOON_UTC).strftime("%H:%M"))


def test_a_worker_calling_save_download_writes_in_the_downloads_locale(
    owner: User, media: Path
) -> None:
    """No ``@download_task`` around it: ``save_download`` itself makes the locale current."""
    download = init_download(owner, "l.csv", language="de", timezone="Asia/Tokyo")
    with translation.override("en"):
        saved = save_download(download.key, localised_rows())
        assert translation.get_language() == "en"
    assert seen == [("de", "Asia/Tokyo")]
    assert (media / str(saved.file.name)).read_bytes().decode() == (
        "Der Export ist fehlgeschlagen.,21:00\r\n"
    )


def test_a_failure_inside_save_download_is_worded_in_the_downloads_language(owner: User) -> None:
    def broken() -> Iterator[Sequence[Any]]:
        yield ("a",)
        raise RuntimeError("disk on fire")

    download = init_download(owner, "x.csv", language="fr")
    with translation.override("en"), pytest.raises(RuntimeError):
        save_download(download.key, broken())
    download.refresh_from_db()
    assert download.error == "L\u2019export a échoué."
