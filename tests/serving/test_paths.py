"""``serve_file`` with a filesystem path: confined to ``root``, 404 for whatever is missing or
lies outside it (by ``..`` or by a symlink), and otherwise a file like any other (Range, ETag)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import reverse

from django_dlwidget.serving import Content, FileDownloadView, serve_file
from django_dlwidget.serving.paths import name_under
from django_dlwidget.testing import assert_download_response, close_response

DATA = b"public notes\n" * 100


@pytest.fixture
def public(media: Path) -> Path:
    """MEDIA_ROOT/public (the tests' root) with a file and a subfolder, and a secret beside it."""
    root = media / "public"
    (root / "sub").mkdir(parents=True)
    (root / "notes.txt").write_bytes(DATA)
    (root / "sub" / "deep.csv").write_bytes(b"a,b\n")
    (media / "secret.txt").write_bytes(b"secret")
    return root


@pytest.mark.parametrize("as_path", [False, True], ids=["str", "Path"])
def test_a_path_inside_the_root_is_served(rf: RequestFactory, public: Path, as_path: bool) -> None:
    path: str | Path = Path("notes.txt") if as_path else "notes.txt"
    response = serve_file(rf.get("/", HTTP_RANGE="bytes=0-5"), path, root=public)
    assert_download_response(
        response,
        status=206,
        content=DATA[:6],
        filename="notes.txt",
        content_type="text/plain",
        content_range=f"bytes 0-5/{len(DATA)}",
    )
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"].startswith('"')
    assert "Last-Modified" in response


def test_absolute_paths_and_subfolders_inside_the_root(rf: RequestFactory, public: Path) -> None:
    assert_download_response(
        serve_file(rf.get("/"), public / "sub" / "deep.csv", root=str(public)),
        content=b"a,b\n",
        filename="deep.csv",
    )
    assert_download_response(serve_file(rf.get("/"), "sub/../notes.txt", root=public), content=DATA)


def test_etag_and_conditional_requests(rf: RequestFactory, public: Path) -> None:
    first = serve_file(rf.get("/"), "notes.txt", root=public)
    etag = first["ETag"]
    close_response(first)
    again = serve_file(rf.get("/", HTTP_IF_NONE_MATCH=etag), "notes.txt", root=public)
    assert again.status_code == 304


def link(target: Path, at: Path) -> None:
    try:
        at.symlink_to(target)
    except OSError:  # pragma: no cover - a filesystem without symlinks
        pytest.skip("no symlinks here")


@pytest.mark.parametrize(
    "name",
    [
        "missing.txt",
        "sub",  # a directory
        "",  # the root itself
        "../secret.txt",
        "sub/../../secret.txt",
        "escape.txt",  # a symlink out of the root
        "outside/secret.txt",  # through a symlinked folder out of the root
        "loop",  # a symlink loop
        "bad\x00name",
    ],
)
def test_what_is_missing_or_outside_the_root_is_404(
    rf: RequestFactory, public: Path, name: str
) -> None:
    link(public.parent / "secret.txt", public / "escape.txt")
    link(public.parent, public / "outside")
    link(public / "loop", public / "loop")
    with pytest.raises(Http404):
        serve_file(rf.get("/"), name, root=public)


def test_an_absolute_path_outside_the_root_is_404(rf: RequestFactory, public: Path) -> None:
    with pytest.raises(Http404):
        serve_file(rf.get("/"), public.parent / "secret.txt", root=public)
    with pytest.raises(Http404):
        serve_file(rf.get("/"), "/etc/passwd", root=public)


def test_a_symlink_within_the_root_is_followed(rf: RequestFactory, public: Path) -> None:
    link(public / "notes.txt", public / "sub" / "alias.txt")
    response = serve_file(rf.get("/"), "sub/alias.txt", root=public)
    assert_download_response(response, content=DATA, filename="notes.txt")


def test_a_root_reached_through_a_symlink(rf: RequestFactory, public: Path, media: Path) -> None:
    link(public, media / "published")
    response = serve_file(rf.get("/"), "notes.txt", root=media / "published")
    assert_download_response(response, content=DATA)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting_for_a_writer(rf: RequestFactory, public: Path) -> None:
    os.mkfifo(public / "queue")
    with pytest.raises(Http404):
        serve_file(rf.get("/"), "queue", root=public)


def test_a_missing_root_is_404(rf: RequestFactory, media: Path) -> None:
    with pytest.raises(Http404):
        serve_file(rf.get("/"), "notes.txt", root=media / "nowhere")


def test_root_is_required_with_a_path_and_only_then(rf: RequestFactory, public: Path) -> None:
    with pytest.raises(TypeError, match="needs root="):
        serve_file(rf.get("/"), str(public / "notes.txt"))
    with pytest.raises(TypeError, match="applies only to a path"):
        serve_file(rf.get("/"), b"bytes", root=public)


@pytest.mark.parametrize("route", ["testapp-path", "testapp-path-view"])
def test_views_from_a_url(client: Client, public: Path, route: str) -> None:
    response = client.get(reverse(route, args=["sub/deep.csv"]))
    assert_download_response(response, content=b"a,b\n", filename="deep.csv")
    assert client.get(reverse(route, args=["../secret.txt"])).status_code == 404
    assert client.get(reverse(route, args=["nothing.txt"])).status_code == 404
    assert client.get(reverse(route, args=["%2e%2e/secret.txt"])).status_code == 404


def test_a_view_with_a_root_serves_other_content_too(rf: RequestFactory, public: Path) -> None:
    class Either(FileDownloadView):
        root = public

        def get_file(self) -> Content:
            name = str(self.kwargs["name"])
            return name if name.endswith(".txt") else iter([b"made ", b"here"])

    view = Either.as_view()
    assert_download_response(view(rf.get("/"), name="notes.txt"), content=DATA)
    assert_download_response(view(rf.get("/"), name="made.bin"), content=b"made here")


@pytest.mark.parametrize(
    ("path", "root", "expected"),
    [
        ("/srv/media/a/b.txt", "/srv/media", "a/b.txt"),
        ("/srv/media/a/b.txt", "/srv/media/", "a/b.txt"),
        ("/srv/media/./a//b.txt", "/srv/media", "a/b.txt"),
        ("/srv/media/a/../b.txt", "/srv/media", "b.txt"),
        ("/srv/media/../etc/passwd", "/srv/media", None),  # ".." climbs out
        ("/srv/media2/b.txt", "/srv/media", None),  # a sibling sharing the prefix
        ("/srv/media", "/srv/media", None),  # the folder itself
        ("media/b.txt", "/srv/media", None),  # relative against absolute
        ("media/b.txt", "media", "b.txt"),
        ("", "/srv", None),
        ("/srv/b.txt", "", None),
    ],
)
def test_name_under_folds_dots_before_comparing(path: str, root: str, expected: str | None) -> None:
    assert name_under(path, root) == expected


@pytest.mark.parametrize(
    "name",
    ["../x", "a/../../x", "a/..", "..", "/etc/passwd", "\\\\host\\share", "a\\..\\..\\x", "a\x00b"],
)
def test_climbs(name: str) -> None:
    from django_dlwidget.serving.paths import climbs

    assert climbs(name)


@pytest.mark.parametrize("name", ["a", "a/b.txt", "a..b/c", "...", "a/.hidden", "./a"])
def test_does_not_climb(name: str) -> None:
    from django_dlwidget.serving.paths import climbs

    assert not climbs(name)
    assert not climbs(Path(name))
