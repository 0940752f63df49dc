"""``compat.downloadview.test``: ``setup_view``, ``temporary_media_root`` (a context manager and a
decorator), ``assert_download_response`` with each of its assertions, and the offload helpers
re-exported beside them."""

from __future__ import annotations

import unittest
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.test import RequestFactory
from django.views.generic import View

from django_dlwidget.compat.downloadview import apache, nginx
from django_dlwidget.compat.downloadview import test as helpers
from django_dlwidget.compat.downloadview.files import VirtualFile
from django_dlwidget.compat.downloadview.response import DownloadResponse
from django_dlwidget.compat.downloadview.test import (
    DownloadResponseValidator,
    assert_download_response,
    setup_view,
    temporary_media_root,
)

case = unittest.TestCase()


class Upper(View):
    def get_path(self) -> str:
        return str(self.kwargs["path"]).upper()


def test_setup_view_sets_up_an_instance(rf: RequestFactory) -> None:
    request = rf.get("/fake-url")
    view = setup_view(Upper(), request, "positional", path="dummy path")
    assert view.get_path() == "DUMMY PATH"
    assert (view.request, view.args) == (request, ("positional",))


def test_setup_view_on_an_object_without_setup(rf: RequestFactory) -> None:
    class Plain:
        pass

    request = rf.get("/")
    view = setup_view(Plain(), request, 1, a=2)
    assert (view.request, view.args, view.kwargs) == (request, (1,), {"a": 2})


def test_temporary_media_root_as_a_context_manager() -> None:
    before = settings.MEDIA_ROOT
    with temporary_media_root():
        inside = Path(settings.MEDIA_ROOT)
        assert inside != Path(before)
        assert inside.is_dir()
        default_storage.save("a.txt", BytesIO(b"a"))
        assert (inside / "a.txt").is_file()  # default_storage follows it
    assert before == settings.MEDIA_ROOT
    assert not inside.exists()


def test_temporary_media_root_as_a_decorator_with_other_settings() -> None:
    seen: list[Any] = []

    @temporary_media_root(MEDIA_URL="/tmp-media/")
    def use() -> None:
        seen.extend([settings.MEDIA_ROOT, settings.MEDIA_URL])

    use()
    assert seen[1] == "/tmp-media/"
    assert seen[0] != settings.MEDIA_ROOT
    assert not Path(seen[0]).exists()


def hello(**kwargs: Any) -> DownloadResponse:
    return DownloadResponse(
        VirtualFile(BytesIO(b"Hello world!\n"), name="hello-world.txt"), **kwargs
    )


def test_assert_download_response_with_each_assertion() -> None:
    assert_download_response(
        case,
        hello(),
        content="Hello world!\n",
        basename="hello-world.txt",
        content_type="text/plain; charset=utf-8",
        mime_type="text/plain",
        attachment=True,
    )
    assert_download_response(case, hello(basename="é à.txt"), basename="é à.txt")
    assert_download_response(
        case, hello(attachment=False), attachment=False, content=b"Hello world!\n"
    )


@pytest.mark.parametrize(
    "assertion",
    [
        {"content": "Goodbye"},
        {"basename": "other.txt"},
        {"content_type": "text/plain"},
        {"mime_type": "text/html"},
        {"attachment": False},
    ],
)
def test_assert_download_response_fails_where_it_should(assertion: dict[str, Any]) -> None:
    with pytest.raises(AssertionError):
        assert_download_response(case, hello(), **assertion)


def test_it_wants_a_download_response() -> None:
    with pytest.raises(AssertionError):
        assert_download_response(case, HttpResponse(b"Hello world!\n"))
    with pytest.raises(AssertionError):
        assert_download_response(case, hello(attachment=False), attachment=True)
    with pytest.raises(AttributeError):
        DownloadResponseValidator()(case, hello(), colour="blue")


def test_the_offload_helpers_are_here_too() -> None:
    assert helpers.assert_x_accel_redirect is nginx.assert_x_accel_redirect
    assert helpers.XAccelRedirectValidator is nginx.XAccelRedirectValidator
    assert helpers.assert_x_sendfile is apache.assert_x_sendfile
    assert helpers.XSendfileValidator is apache.XSendfileValidator
