"""The public names: the package root and ``api`` export every one the predecessor's root did
(apart from the offload half's), the submodules theirs, and ``FileNotFound`` is an ``OSError``."""

from __future__ import annotations

import importlib

import pytest

import django_dlwidget.compat.downloadview as root
from django_dlwidget.compat.downloadview import api, exceptions

ROOT_NAMES = {
    "ObjectDownloadView",
    "StorageDownloadView",
    "PathDownloadView",
    "HTTPDownloadView",
    "VirtualDownloadView",
    "BaseDownloadView",
    "DownloadMixin",
    "StorageFile",
    "HTTPFile",
    "VirtualFile",
    "DownloadResponse",
    "ProxiedDownloadResponse",
    "BytesIteratorIO",
    "TextIteratorIO",
    "StringIteratorIO",
    "sendfile",
}

MODULES = {
    "views": [
        "BaseDownloadView",
        "DownloadMixin",
        "HTTPDownloadView",
        "ObjectDownloadView",
        "PathDownloadView",
        "StorageDownloadView",
        "VirtualDownloadView",
    ],
    "views.base": ["BaseDownloadView", "DownloadMixin"],
    "views.object": ["ObjectDownloadView"],
    "views.storage": ["StorageDownloadView"],
    "views.path": ["PathDownloadView"],
    "views.virtual": ["VirtualDownloadView"],
    "views.http": ["HTTPDownloadView"],
    "response": [
        "DownloadResponse",
        "ProxiedDownloadResponse",
        "content_disposition",
        "encode_basename_ascii",
        "encode_basename_utf8",
    ],
    "files": ["StorageFile", "VirtualFile", "HTTPFile"],
    "io": ["BytesIteratorIO", "TextIteratorIO"],
    "utils": ["content_type_to_charset", "url_basename", "import_member"],
    "exceptions": ["FileNotFound"],
    "shortcuts": ["sendfile"],
}


def test_root_and_api_export_the_names() -> None:
    assert set(root.__all__) >= ROOT_NAMES
    assert set(api.__all__) >= ROOT_NAMES
    for name in ROOT_NAMES:
        assert getattr(root, name) is getattr(api, name)
    assert root.StringIteratorIO is root.TextIteratorIO
    assert root.__version__ == "2.5.0"


@pytest.mark.parametrize(("module", "names"), MODULES.items())
def test_submodules(module: str, names: list[str]) -> None:
    imported = importlib.import_module(f"django_dlwidget.compat.downloadview.{module}")
    for name in names:
        assert hasattr(imported, name), f"{module}.{name}"


def test_file_not_found_is_an_os_error() -> None:
    assert issubclass(exceptions.FileNotFound, OSError)
    with pytest.raises(IOError, match="gone"):
        raise exceptions.FileNotFound("gone")
