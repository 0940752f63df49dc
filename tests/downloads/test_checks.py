"""The download settings against the project (``django_dlwidget.downloads.checks``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from django_dlwidget.downloads import checks as download_checks
from django_dlwidget.downloads.checks import (
    check_email_site,
    check_gzip,
    check_offload,
    check_storage_alias,
)
from tests.test_checks import manage_check

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


def test_no_tasks_framework_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(download_checks, "importable", lambda name: False)
    (message,) = download_checks.check_tasks_framework()
    assert message.id == "django_dlwidget.E060"
    assert "django.tasks" in message.msg
    assert "django-dlwidget[tasks-backport]" in str(message.hint)
    assert download_checks.tasks_elsewhere() == {}  # nothing to classify without it


@pytest.mark.parametrize("framework", ["django.tasks", "django_tasks"])
def test_either_framework_passes(monkeypatch: pytest.MonkeyPatch, framework: str) -> None:
    monkeypatch.setattr(download_checks, "importable", lambda name: name == framework)
    assert download_checks.tasks_framework() == framework
    assert download_checks.check_tasks_framework() == []


def test_the_real_lookup_finds_this_environments_framework() -> None:
    assert download_checks.tasks_framework() in download_checks.TASKS_FRAMEWORKS
    assert download_checks.check_tasks_framework() == []


# A settings module that hides both frameworks, as a Django 5.2 site without the backport.
WITHOUT_TASKS = """
import sys


class _NoTasks:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[:2] == ["django", "tasks"] or name.split(".")[0] == "django_tasks":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, _NoTasks())
from demo.settings import *  # noqa
"""


def test_manage_check_without_a_framework_names_the_fix(tmp_path: Path) -> None:
    """The demo's views import its exports, so the URL check imports the tasks module: that
    import fails with the fix, not with a bare ModuleNotFoundError."""
    result = manage_check(tmp_path, WITHOUT_TASKS)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last == (
        "django.core.exceptions.ImproperlyConfigured: django-dlwidget needs Django's tasks "
        "framework: django.tasks (Django 6) or, on Django 5.2, the backport: "
        "pip install 'django-dlwidget[tasks-backport]'."
    )


@pytest.mark.parametrize("root", ["", "media", "./media"])
def test_a_relative_media_root_warns_that_processes_disagree(root: str) -> None:
    with override_settings(MEDIA_ROOT=root):
        (message,) = download_checks.check_media_root()
    assert message.id == "django_dlwidget.W003"
    assert "generated files and partial uploads" in message.msg


def test_an_absolute_media_root_or_explicit_places_pass(tmp_path: Path) -> None:
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        assert download_checks.check_media_root() == []
    elsewhere = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                             "OPTIONS": {"location": str(tmp_path)}}}  # fmt: skip
    with override_settings(
        MEDIA_ROOT="", STORAGES=elsewhere, DLWIDGET={"UPLOAD_TEMP_DIR": str(tmp_path)}
    ):
        assert download_checks.check_media_root() == []


def test_an_empty_media_root_keeps_partial_uploads_in_the_working_folder() -> None:
    """Not under "/": an empty MEDIA_ROOT once put them in /dlwidget/uploads."""
    from django_dlwidget.conf import dlwidget_settings

    with override_settings(MEDIA_ROOT=""):
        assert str(Path.cwd() / "dlwidget" / "uploads") == dlwidget_settings.UPLOAD_TEMP_DIR
