"""The type a file name is served as, and the sandbox an inline answer of an active or text
type gets (issue 13, finding 15 and the inline half of finding 6)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory

from django_dlwidget.serving import serve_file
from django_dlwidget.serving.types import guess_content_type, is_active_type, needs_sandbox


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.txt", "text/plain"),
        ("noext", "application/octet-stream"),
        ("x.csv.gz", "application/gzip"),
        ("x.tar.gz", "application/gzip"),
        ("x.json.bz2", "application/x-bzip2"),
        ("x.csv.xz", "application/x-xz"),
        ("x.csv.zst", "application/zstd"),
        ("x.html.br", "application/x-brotli"),
    ],
)
def test_a_compressed_name_is_its_compression_never_what_it_holds(name: str, expected: str) -> None:
    assert guess_content_type(name) == expected


def test_active_types() -> None:
    for mime in ("text/html", "image/svg+xml", "application/xml", "text/javascript",
                 "application/rss+xml", "text/css", "TEXT/HTML; charset=utf-8"):  # fmt: skip
        assert is_active_type(mime), mime
    for mime in ("text/plain", "image/png", "application/pdf", "application/json"):
        assert not is_active_type(mime), mime
    assert needs_sandbox("text/plain")
    assert needs_sandbox("image/svg+xml")
    assert not needs_sandbox("image/png")
    assert not needs_sandbox(None)


def serve(name: str, *, as_attachment: bool, content_type: str | None = None) -> dict[str, str]:
    request = RequestFactory().get("/f")
    response = serve_file(
        request,
        ContentFile(b"<svg onload=alert(1)>", name=name),
        as_attachment=as_attachment,
        content_type=content_type,
    )
    assert b"".join(response.streaming_content) == b"<svg onload=alert(1)>"  # type: ignore[attr-defined]
    return dict(response.items())


def test_inline_markup_and_text_are_sandboxed_and_never_sniffed() -> None:
    for name in ("x.svg", "x.html", "x.txt"):
        headers = serve(name, as_attachment=False)
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Content-Security-Policy"] == "sandbox"
        assert headers["Content-Disposition"].startswith("inline;")
    assert (
        serve("x.bin", as_attachment=False, content_type="text/html")["Content-Security-Policy"]
        == "sandbox"
    )


def test_attachments_and_inline_images_carry_no_sandbox() -> None:
    # A sandboxed PDF or image would not render in some browsers; they run no script anyway.
    assert "Content-Security-Policy" not in serve("x.svg", as_attachment=True)
    assert "Content-Security-Policy" not in serve("x.png", as_attachment=False)
    assert "Content-Security-Policy" not in serve("x.pdf", as_attachment=False)
