"""The file wrappers: ``StorageFile`` proxies its storage and opens nothing until read,
``VirtualFile`` never claims a size it does not know, ``HTTPFile`` streams a real remote body."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from django_dlwidget.compat.downloadview import files as files_module
from django_dlwidget.compat.downloadview.files import HTTPFile, StorageFile, VirtualFile
from django_dlwidget.compat.downloadview.io import BytesIteratorIO, TextIteratorIO

from .remote import HELD_FIRST, HELD_REST, Remote


def closed(file: Any) -> bool:
    return bool(file.closed)


class CountingStorage(FileSystemStorage):
    opened = 0

    def open(self, name: str, mode: str = "rb") -> Any:
        self.opened += 1
        return super().open(name, mode)


def test_storage_file_proxies_its_storage(media: Path, settings: Any) -> None:
    settings.MEDIA_URL = "/media/"
    storage = CountingStorage()
    storage.save("a/b.txt", ContentFile(b"hello\n"))
    file = StorageFile(storage, "a/b.txt")
    assert (file.storage, file.name) == (storage, "a/b.txt")
    assert file.size == 6
    assert file.url == "/media/a/b.txt"
    assert file.path == str(media / "a" / "b.txt")
    assert file.exists()
    for moment in (file.modified_time, file.accessed_time, file.created_time):
        assert isinstance(moment, datetime)
    assert storage.opened == 0
    assert closed(file)
    file.close()  # closing a file never read opens nothing
    assert storage.opened == 0
    assert file.read() == b"hello\n"
    assert storage.opened == 1
    assert not closed(file)
    file.close()
    assert closed(file)
    other = file.open()
    assert other.read() == b"hello\n"
    other.close()


def test_storage_file_save_and_delete(media: Path) -> None:
    storage = FileSystemStorage()
    file = StorageFile(storage, "new.txt")
    assert not file.exists()
    assert file.save(ContentFile(b"new")) == "new.txt"
    assert (media / "new.txt").read_bytes() == b"new"
    file.delete()
    assert not file.exists()


def test_storage_file_given_an_open_file_uses_it(media: Path) -> None:
    file = StorageFile(FileSystemStorage(), "unused.txt", file=io.BytesIO(b"given"))
    assert file.read() == b"given"


def test_virtual_file_attributes_and_sizes() -> None:
    file = VirtualFile(io.BytesIO(b"abc"), name="a.bin", url="https://example.com/a.bin")
    assert (file.name, file.url, file.size) == ("a.bin", "https://example.com/a.bin", 3)
    assert VirtualFile(io.BytesIO(b"abc"), size=10).size == 10
    assert VirtualFile(io.StringIO("é")).size == 2  # UTF-8 bytes, not characters
    assert VirtualFile(ContentFile(b"12345")).size == 5
    sized = VirtualFile(io.BytesIO())
    sized.size = 7
    assert sized.size == 7
    assert VirtualFile().name == ""


@pytest.mark.parametrize("generated", [BytesIteratorIO(iter([b"x"])), TextIteratorIO(iter(["x"]))])
def test_generated_content_has_no_size_never_zero(generated: Any) -> None:
    with pytest.raises(AttributeError):
        VirtualFile(generated, name="gen.txt").size  # noqa: B018


def test_virtual_file_iterates_lines_as_bytes() -> None:
    file = VirtualFile(io.StringIO("one\ntwo\nthree"), name="lines.txt")
    assert list(file) == [b"one\n", b"two\n", b"three"]


def test_http_file_requests_lazily_and_streams(remote: Remote) -> None:
    file = HTTPFile(url=remote.url("hello-world.txt"), name="given.txt")
    assert file.name == "given.txt"
    assert file.request_kwargs == {"stream": True}
    assert remote.requests == []
    assert file.size == 13
    assert file.content_type == "text/plain"
    assert file.request.status_code == 200
    assert file.read() == b"Hello world!\n"
    assert len(remote.requests) == 1
    file.close()


def test_http_file_names_itself_from_the_url() -> None:
    assert HTTPFile(url="https://example.com/dir/a.png", name=None).name == "a.png"
    assert HTTPFile(url="https://example.com/", name=None).name == "example.com"
    assert HTTPFile(url="https://example.com/x").name == ""


def test_http_file_passes_request_kwargs_and_a_default_timeout(remote: Remote) -> None:
    calls: list[tuple[str, dict[str, Any]]] = []

    def factory(url: str, **kwargs: Any) -> Any:
        calls.append((url, kwargs))
        return files_module.requests_get(url, **kwargs)

    file = HTTPFile(factory, remote.url("image.png"), headers={"X-Test": "yes"})
    assert file.read() == b"\x89PNG fake"
    assert calls == [(remote.url("image.png"), {"headers": {"X-Test": "yes"}, "stream": True})]
    assert remote.requests[0]["X-Test"] == "yes"
    assert files_module.HTTP_TIMEOUT == 60


def test_http_file_of_unknown_size(remote: Remote) -> None:
    file = HTTPFile(url=remote.url("held.txt"))
    with pytest.raises(AttributeError):
        file.size  # noqa: B018 - chunked: no Content-Length
    assert file.read(len(HELD_FIRST)) == HELD_FIRST
    remote.release.set()
    assert file.read() == HELD_REST
    file.close()


def test_http_file_without_content_type() -> None:
    class Remote:
        headers: dict[str, str] = {"Content-Encoding": "gzip", "Content-Length": "5"}

    file = HTTPFile(lambda url, **kwargs: Remote(), "http://x/y")
    with pytest.raises(AttributeError):
        file.content_type  # noqa: B018
    with pytest.raises(AttributeError):
        file.size  # noqa: B018 - requests decodes gzip: the remote length is not ours
