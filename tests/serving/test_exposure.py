"""Issue 13, finding 14: owner-only files kept where the site serves files to anyone.

By default generated files (``PATH_PREFIX`` in the default storage) and partial uploads
(``UPLOAD_TEMP_DIR``) sit under ``MEDIA_ROOT``. A URLconf that serves that folder (what
``django.conf.urls.static.static()`` adds under ``DEBUG``) is an error; otherwise
``check --deploy`` warns, since web servers are commonly set up to serve ``MEDIA_URL``.
"""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.test import override_settings
from django.urls import clear_url_caches, include, path, re_path
from django.views.static import serve

from django_dlwidget.serving.checks import check_media_folders, check_served_folders


def urlconf(*roots: Path) -> types.ModuleType:
    module = types.ModuleType("served_urls")
    inner = types.ModuleType("served_inner")
    inner.urlpatterns = [  # type: ignore[attr-defined]
        re_path(r"^(?P<path>.*)$", serve, {"document_root": str(root)}) for root in roots[1:]
    ]
    module.urlpatterns = [  # type: ignore[attr-defined]
        *(re_path(r"^media/(?P<path>.*)$", serve, {"document_root": str(root)})
          for root in roots[:1]),
        path("files/", include(inner)),
    ]  # fmt: skip
    return module


@pytest.fixture(autouse=True)
def media(tmp_path: Path) -> Any:
    clear_url_caches()
    with override_settings(MEDIA_ROOT=str(tmp_path / "media"), DLWIDGET={}):
        yield Path(settings.MEDIA_ROOT)
    clear_url_caches()


def ids(messages: list[Any]) -> list[str]:
    return [str(message.id) for message in messages]


def test_a_urlconf_serving_media_root_fails_the_check(media: Path) -> None:
    with override_settings(ROOT_URLCONF=urlconf(media)):
        messages = check_served_folders()
        assert ids(messages) == ["django_dlwidget.E025", "django_dlwidget.E025"]
        assert "generated files (DLWIDGET['PATH_PREFIX'])" in messages[0].msg
        assert "partial uploads (DLWIDGET['UPLOAD_TEMP_DIR'])" in messages[1].msg
        assert f"inside {media}," in messages[0].msg
        # Reported once, as the error, not again as the deploy warning.
        assert check_media_folders() == []
        assert "django_dlwidget.E025" in ids(run_checks(tags=["security"]))


def test_a_served_folder_inside_an_included_urlconf_counts(media: Path) -> None:
    with override_settings(ROOT_URLCONF=urlconf(media / "public", media / "dlwidget")):
        assert ids(check_served_folders()) == ["django_dlwidget.E025", "django_dlwidget.E025"]


def test_media_root_that_the_urlconf_does_not_serve_warns_under_deploy(media: Path) -> None:
    with override_settings(ROOT_URLCONF=urlconf(media / "public")):
        assert check_served_folders() == []
        assert ids(check_media_folders()) == ["django_dlwidget.W022", "django_dlwidget.W022"]
        assert "django_dlwidget.W022" not in ids(run_checks(tags=["security"]))
        assert "django_dlwidget.W022" in ids(
            run_checks(tags=["security"], include_deployment_checks=True)
        )


def test_folders_outside_media_are_fine(media: Path, tmp_path: Path) -> None:
    storages = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    dlwidget = {"STORAGE": "private", "UPLOAD_TEMP_DIR": str(tmp_path / "uploads")}
    with override_settings(ROOT_URLCONF=urlconf(media), STORAGES=storages, DLWIDGET=dlwidget):
        assert check_served_folders() == []
        assert check_media_folders() == []
    store = {"BACKEND": "django_dlwidget.tus.stores.FileSystemStore",
             "OPTIONS": {"location": str(media / "up")}}  # fmt: skip
    with override_settings(
        ROOT_URLCONF=urlconf(media), DLWIDGET={**dlwidget, "UPLOAD_STORE": store}
    ):
        (message,) = check_served_folders()
        assert f"{media / 'up'}" in message.msg
