"""The ready e-mail's options (recipients, sender address, templates, link kind, extra context),
the replaceable sender, and ``notify``/``email`` through ``save_download``/``@download_task``."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.test import Client, override_settings

from django_dlwidget import DownloadJob, download_task
from django_dlwidget.downloads.lifecycle import init_download, save_download
from django_dlwidget.downloads.links import read_token
from django_dlwidget.downloads.notifications import check_email_options, send_ready_email
from django_dlwidget.models import Download, DownloadStatus

ON = {"NOTIFY_EMAIL": True, "SITE_URL": "https://files.example.com"}
SITE = {"SITE_URL": "https://files.example.com"}
sent: list[tuple[EmailMultiAlternatives, Download]] = []


def keep(message: EmailMultiAlternatives, download: Download) -> None:
    """A ``NOTIFY_SENDER`` that keeps the message instead of sending it."""
    sent.append((message, download))


@download_task(notify=True, email={"recipients": ["team@example.com"], "user_bound": False})
def mailed(job: DownloadJob) -> list[list[str]]:
    return [["a"]]


@pytest.fixture(autouse=True)
def _clear_sent() -> None:
    sent.clear()


@pytest.fixture
def ready(owner: User) -> Download:
    download = init_download(owner, "report.csv", "Report")
    return save_download(download.key, [["a", "b"]])


@pytest.fixture
def templates(tmp_path: Path, settings: Any) -> Path:
    """A template folder searched before the app's."""
    folder = tmp_path / "templates"
    folder.mkdir()
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(folder)]}]
    return folder


def link_in(message: Any) -> str:
    return str(urlsplit(next(w for w in message.body.split() if w.startswith("https://"))).path)


def alternatives(message: Any) -> list[Any]:
    assert isinstance(message, EmailMultiAlternatives)
    return list(message.alternatives)


@override_settings(DLWIDGET=SITE)
def test_defaults_owner_default_sender_user_bound_link(ready: Download, settings: Any) -> None:
    settings.DEFAULT_FROM_EMAIL = "site@example.com"
    assert send_ready_email(ready) is True
    (message,) = mail.outbox
    assert message.to == ["owner@example.com"]
    assert message.from_email == "site@example.com"
    assert message.subject == 'Your download "Report" is ready'
    assert "for your account only" in message.body
    assert alternatives(message) == []  # the project added no HTML template
    token = link_in(message).rstrip("/").rsplit("/", 1)[1]
    assert read_token(token).owner_id == str(ready.owner_id)


@override_settings(DLWIDGET={**SITE, "NOTIFY_FROM_EMAIL": "Reports <reports@example.com>"})
def test_recipients_and_from_address(ready: Download) -> None:
    assert send_ready_email(ready, recipients=["a@example.com", "b@example.com"])
    assert mail.outbox[0].to == ["a@example.com", "b@example.com"]
    assert mail.outbox[0].from_email == "Reports <reports@example.com>"
    assert send_ready_email(ready, from_email="other@example.com")
    assert mail.outbox[1].from_email == "other@example.com"


@override_settings(DLWIDGET=SITE)
def test_a_general_link_opens_for_anyone_holding_it(ready: Download, other: User) -> None:
    assert send_ready_email(ready, user_bound=False)
    message = mail.outbox[0]
    assert "for anyone who has it" in message.body
    client = Client()
    client.force_login(other)
    response = client.get(link_in(message))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"a,b\r\n"  # type: ignore[attr-defined]


@override_settings(DLWIDGET={**SITE, "NOTIFY_LINK": "general"})
def test_notify_link_setting_makes_links_general(ready: Download, other: User) -> None:
    assert send_ready_email(ready)
    token = link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    assert read_token(token).owner_id is None
    assert send_ready_email(ready, user_bound=True)  # the call wins over the setting
    token = link_in(mail.outbox[1]).rstrip("/").rsplit("/", 1)[1]
    assert read_token(token).owner_id == str(ready.owner_id)


@override_settings(DLWIDGET=SITE)
def test_templates_and_extra_context(ready: Download, templates: Path) -> None:
    (templates / "s.txt").write_text("Subject {{ download.name }} {{ ticket }}\n")
    (templates / "b.txt").write_text("Body {{ url }} {{ ticket }} {{ user.username }}")
    (templates / "b.html").write_text("<p>{{ ticket }}</p>")
    assert send_ready_email(
        ready,
        subject_template="s.txt",
        body_template="b.txt",
        html_template="b.html",
        extra_context={"ticket": "T-7"},
    )
    message = mail.outbox[0]
    assert message.subject == "Subject Report T-7"
    assert message.body.startswith("Body https://files.example.com/dlwidget/links/")
    assert message.body.endswith(" T-7 owner")
    assert alternatives(message) == [("<p>T-7</p>", "text/html")]


@override_settings(DLWIDGET=SITE)
def test_the_default_html_template_is_used_when_the_project_has_one(
    ready: Download, templates: Path
) -> None:
    (templates / "django_dlwidget" / "email").mkdir(parents=True)
    (templates / "django_dlwidget" / "email" / "download_ready_body.html").write_text("<b>hi</b>")
    assert send_ready_email(ready)
    assert alternatives(mail.outbox[0]) == [("<b>hi</b>", "text/html")]
    assert send_ready_email(ready, html_template="")  # "" sends the text part only
    assert alternatives(mail.outbox[1]) == []


@override_settings(DLWIDGET=SITE)
def test_a_named_template_must_exist(ready: Download) -> None:
    with pytest.raises(TemplateDoesNotExist):
        send_ready_email(ready, html_template="nowhere.html")
    assert mail.outbox == []


@override_settings(DLWIDGET={**SITE, "NOTIFY_SENDER": f"{__name__}.keep"})
def test_notify_sender_replaces_sending(ready: Download) -> None:
    assert send_ready_email(ready)
    assert mail.outbox == []
    ((message, download),) = sent
    assert download is ready
    assert message.to == ["owner@example.com"]
    assert isinstance(message, EmailMultiAlternatives)


@override_settings(DLWIDGET=SITE)
def test_a_download_without_an_owner_gets_a_general_link(owner: User) -> None:
    fields: dict[str, Any] = {"owner_id": None}  # not saved: owners are not yet optional
    ownerless = Download(key=uuid.uuid4(), name="Open", filename="o.csv", **fields)
    assert send_ready_email(ownerless) is False  # nobody to send it to
    assert send_ready_email(ownerless, recipients=["x@example.com"])
    token = link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    assert read_token(token).owner_id is None
    assert mail.outbox[0].to == ["x@example.com"]
    with pytest.raises(ValueError, match="no owner"):
        send_ready_email(ownerless, recipients=["x@example.com"], user_bound=True)


def test_bad_options_are_type_errors() -> None:
    with pytest.raises(TypeError, match="recipients"):
        send_ready_email(Download(), recipients="a@example.com")
    with pytest.raises(TypeError, match=r"option\(s\) recipient;"):
        check_email_options({"recipient": ["a@example.com"]})
    with pytest.raises(TypeError, match="dict"):
        check_email_options(["a@example.com"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Unknown e-mail option"):
        download_task(email={"subject": "x"})


@override_settings(DLWIDGET=SITE)
def test_save_download_notify_and_email(
    owner: User, django_capture_on_commit_callbacks: Any
) -> None:
    download = init_download(owner, "r.csv")
    with django_capture_on_commit_callbacks(execute=True):
        save_download(download.key, [["x"]], notify=True, email={"recipients": ["t@example.com"]})
    assert [m.to for m in mail.outbox] == [["t@example.com"]]


@override_settings(DLWIDGET=ON)
def test_notify_false_overrides_the_setting(
    owner: User, django_capture_on_commit_callbacks: Any
) -> None:
    download = init_download(owner, "r.csv")
    with django_capture_on_commit_callbacks(execute=True):
        save_download(download.key, [["x"]], notify=False)
    assert mail.outbox == []
    second = init_download(owner, "s.csv")
    with django_capture_on_commit_callbacks(execute=True):
        save_download(second.key, [["x"]])
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]


@override_settings(DLWIDGET=SITE)
def test_bad_email_options_fail_the_download(owner: User) -> None:
    download = init_download(owner, "r.csv")
    with pytest.raises(TypeError):
        save_download(download.key, [["x"]], email={"to": ["t@example.com"]})
    download.refresh_from_db()
    assert download.status == DownloadStatus.FAILED


@override_settings(DLWIDGET=SITE)
def test_download_task_passes_its_email_options(
    owner: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        download = mailed.start(owner, "m.csv")
    download.refresh_from_db()
    assert download.status == DownloadStatus.READY
    (message,) = mail.outbox
    assert message.to == ["team@example.com"]
    assert "for anyone who has it" in message.body


@override_settings(DLWIDGET=SITE)
def test_a_general_links_line_in_the_downloads_language(owner: User) -> None:
    download = init_download(owner, "r.csv", "Bericht", language="de")
    save_download(download.key, [["a"]])
    assert send_ready_email(Download.objects.get(key=download.key), user_bound=False)
    assert "für alle, die ihn haben" in mail.outbox[0].body


def test_a_url_given_replaces_the_signed_link_and_needs_no_site_url(ready: Download) -> None:
    assert send_ready_email(ready, url="https://reports.example.com/get/1")  # no SITE_URL set
    (message,) = mail.outbox
    assert "https://reports.example.com/get/1" in message.body
    assert "/dlwidget/links/" not in message.body
