"""``utils``: the predecessor's helpers, same answers."""

from __future__ import annotations

import os.path

import pytest

from django_dlwidget.compat.downloadview.utils import (
    content_type_to_charset,
    import_member,
    url_basename,
)


def test_content_type_to_charset() -> None:
    assert content_type_to_charset("text/html; charset=utf-8") == "utf-8"
    assert content_type_to_charset("text/plain; CHARSET=latin-1") == "latin-1"
    assert content_type_to_charset("application/octet-stream") is None


def test_url_basename() -> None:
    assert url_basename("/path/to/somefile.rst", "text/plain") == "somefile.rst"
    assert url_basename("https://example.com/a/b.png", None) == "b.png"
    assert url_basename("https://example.com/dir/", "text/html") == ""


def test_import_member() -> None:
    assert import_member("os.path.supports_unicode_filenames") is (
        os.path.supports_unicode_filenames
    )
    with pytest.raises(ImportError):
        import_member("os.path.no_such_member")
    with pytest.raises(ImportError):
        import_member("no_such_module_anywhere.member")
