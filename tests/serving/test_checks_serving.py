from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from django_dlwidget.checks import check_settings


def ids(**dlwidget: Any) -> list[str]:
    with override_settings(DLWIDGET=dlwidget):
        return [m.id or "" for m in check_settings() if m.id != "django_dlwidget.W001"]


@pytest.mark.parametrize("value", ["example.com", "/relative", 42])
def test_site_url_must_be_absolute(value: object) -> None:
    assert "django_dlwidget.E020" in ids(SITE_URL=value)


def test_site_url_ok() -> None:
    assert ids(SITE_URL="https://example.com", NOTIFY_EMAIL=True) == []


def test_notify_email_needs_a_site() -> None:
    assert ids(NOTIFY_EMAIL=True) == ["django_dlwidget.E021"]


def test_redirect_to_public_media_urls_warns() -> None:
    assert ids(SENDFILE="redirect") == ["django_dlwidget.W020"]


def test_xsendfile_needs_local_paths() -> None:
    assert ids(SENDFILE="xsendfile") == []
    remote = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "remote": {"BACKEND": "tests.serving.test_sendfile.RemoteStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=remote):
        assert ids(SENDFILE="xsendfile", STORAGE="remote") == ["django_dlwidget.E022"]
