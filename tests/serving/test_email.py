"""The optional e-mail when a download is ready, with a link that works."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client, override_settings

from django_dlwidget.downloads.notifications import send_ready_email
from django_dlwidget.models import Download
from django_dlwidget.signals import download_ready
from django_dlwidget.testing import assert_download_response

from .conftest import BODY

ON = {"NOTIFY_EMAIL": True, "SITE_URL": "https://files.example.com/"}


def announce(download: Download, capture: Any) -> None:
    with capture(execute=True):
        download_ready.send(sender=Download, download=download)


@override_settings(DLWIDGET=ON)
def test_email_with_a_working_link(
    download: Download, django_capture_on_commit_callbacks: Any
) -> None:
    announce(download, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["owner@example.com"]
    assert message.subject == 'Your download "Report" is ready'
    link = next(w for w in message.body.split() if w.startswith("https://"))
    parts = urlsplit(link)
    assert parts.netloc == "files.example.com"
    assert parts.path.startswith("/dlwidget/links/")
    client = Client()
    assert client.get(parts.path).status_code == 302  # logged out: to the login page
    assert download.owner is not None
    client.force_login(download.owner)
    assert_download_response(client.get(parts.path), content=BODY, filename="report.csv")


def test_off_by_default(download: Download, django_capture_on_commit_callbacks: Any) -> None:
    announce(download, django_capture_on_commit_callbacks)
    assert mail.outbox == []


@override_settings(DLWIDGET=ON)
def test_no_address_no_email(download: Download, django_capture_on_commit_callbacks: Any) -> None:
    User.objects.filter(dlwidget_downloads=download).update(email="")
    download.refresh_from_db()
    announce(download, django_capture_on_commit_callbacks)
    assert mail.outbox == []


@override_settings(DLWIDGET={"NOTIFY_EMAIL": True})
def test_no_site_url_logs_and_sends_nothing(
    download: Download, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="django_dlwidget.downloads.notifications"):
        assert send_ready_email(download) is False
    assert mail.outbox == []
    assert "SITE_URL" in caplog.text


@override_settings(DLWIDGET=ON)
def test_mail_failure_never_fails_the_job(
    download: Download,
    django_capture_on_commit_callbacks: Any,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> int:
        raise OSError("mail server down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken)
    announce(download, django_capture_on_commit_callbacks)
    assert "Could not e-mail" in caplog.text
