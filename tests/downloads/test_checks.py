"""The download settings against the project (``django_dlwidget.downloads.checks``)."""

from __future__ import annotations

from typing import Any

from django.test import override_settings

from django_dlwidget.downloads.checks import (
    check_email_site,
    check_gzip,
    check_offload,
    check_storage_alias,
)

CHECKS = (check_storage_alias, check_gzip, check_email_site, check_offload)
REMOTE_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "remote": {"BACKEND": "tests.serving.test_sendfile.RemoteStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def ids(**dlwidget: Any) -> list[str]:
    with override_settings(DLWIDGET=dlwidget):
        return [str(message.id) for check in CHECKS for message in check()]


def test_defaults_are_clean() -> None:
    assert ids() == []


def test_storage_must_be_an_alias() -> None:
    assert ids(STORAGE="nope") == ["django_dlwidget.E009"]
    with override_settings(DLWIDGET={"STORAGE": "nope"}):
        (message,) = check_storage_alias()
    assert message.msg == "DLWIDGET['STORAGE'] is 'nope', which is not an alias in STORAGES."
    with override_settings(STORAGES=REMOTE_STORAGES):
        assert ids(STORAGE="remote") == []


def test_a_storage_of_the_wrong_type_is_left_to_e013() -> None:
    assert ids(STORAGE=3) == []


def test_gzip_middleware_warns(settings: Any) -> None:
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "django.middleware.gzip.GZipMiddleware"]
    assert ids() == ["django_dlwidget.W002"]


def test_site_url_ok() -> None:
    assert ids(SITE_URL="https://example.com", NOTIFY_EMAIL=True) == []


def test_notify_email_needs_a_site() -> None:
    assert ids(NOTIFY_EMAIL=True) == ["django_dlwidget.E021"]


def test_notify_email_with_contrib_sites(settings: Any) -> None:
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "django.contrib.sites"]
    assert ids(NOTIFY_EMAIL=True) == []


def test_redirect_to_public_media_urls_warns() -> None:
    assert ids(SENDFILE="redirect") == ["django_dlwidget.W020"]
    with override_settings(STORAGES=REMOTE_STORAGES):
        assert ids(SENDFILE="redirect", STORAGE="remote") == []


def test_xsendfile_needs_local_paths() -> None:
    assert ids(SENDFILE="xsendfile") == []
    with override_settings(STORAGES=REMOTE_STORAGES):
        assert ids(SENDFILE="xsendfile", STORAGE="remote") == ["django_dlwidget.E022"]


def test_offload_rules_of_the_storage_count() -> None:
    """A rule for every file of the storage decides, as it does when serving."""
    remap = [{"STORAGE": "remote", "XSENDFILE_ROOT": "/srv/files/"}]
    to_redirect = [{"STORAGE": "remote", "SENDFILE": "redirect"}]
    part_only = [{"STORAGE": "remote", "PREFIX": "a/", "XSENDFILE_ROOT": "/srv/a/"}]
    with override_settings(STORAGES=REMOTE_STORAGES):
        assert ids(SENDFILE="xsendfile", STORAGE="remote", SENDFILE_RULES=remap) == []
        assert ids(SENDFILE="xsendfile", STORAGE="remote", SENDFILE_RULES=to_redirect) == []
        assert ids(SENDFILE="xsendfile", STORAGE="remote", SENDFILE_RULES=part_only) == [
            "django_dlwidget.E022"
        ]
    assert ids(SENDFILE_RULES=[{"STORAGE": "default", "SENDFILE": "redirect"}]) == [
        "django_dlwidget.W020"
    ]


def test_offload_with_an_unknown_storage_is_left_to_e009() -> None:
    assert ids(SENDFILE="xsendfile", STORAGE="nope") == ["django_dlwidget.E009"]
    assert ids(SENDFILE="redirect", STORAGE="nope") == ["django_dlwidget.E009"]


def test_not_a_dict_stands_down(settings: Any) -> None:
    """E001 reports it; nothing is related to values that cannot be read."""
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "django.middleware.gzip.GZipMiddleware"]
    with override_settings(DLWIDGET=["SENDFILE"]):
        assert [message for check in CHECKS for message in check()] == []
