"""Active content is found however it is disguised, wherever a browser would find it; text that
runs nothing, and binary content, keep their types."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from django_dlwidget.uploads import active
from django_dlwidget.uploads.sniff import sniff_stream
from django_dlwidget.uploads.validation import UploadRejected, check_uploaded_file

from .test_payloads import ACTIVE, PROSE

MORE = {
    "a tab ends a tag name": b"<IMG\tSRC=x\tONERROR=alert(1)>",
    "a line feed too": b"<svg\nonload=alert(1)>",
    "namespaced": b'<x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>',
    "UTF-16 without a BOM": "<script>alert(1)</script> and some words".encode("utf-16-be"),
    "UTF-32": "<svg onload=alert(1)>".encode("utf-32"),
    "UTF-32 without a BOM": "<svg onload=alert(1)> and some words".encode("utf-32-le"),
    "single-byte text": "café ".encode("latin-1") * 3000 + b"<script>x</script>",
    "a split javascript: URL": b"<a href='java\tscript:alert(1)'>x</a>",
    "DOM access": b"var stolen = document.cookie;\n",
    "markup behind a GIF signature": b"GIF89a<script>alert(1)</script>",
}


@pytest.mark.parametrize("case", sorted(MORE))
def test_more_disguises_are_found(case: str) -> None:
    assert sniff_stream(io.BytesIO(MORE[case])) in ACTIVE


INERT = {
    "prose": PROSE,
    "csv naming documents": b"name,file\nalpha,document.pdf\nbeta,window.png\n",
    "python": b"class A:\n    def f(self):\n        return self.name\nfrom x import (\n  y,\n)\n",
    "UTF-16 prose": "\ufeffNothing to see: 1 < 2.".encode("utf-16-le"),
}


@pytest.mark.parametrize("case", sorted(INERT))
def test_text_that_runs_nothing_stays_text(case: str) -> None:
    assert sniff_stream(io.BytesIO(INERT[case])) == "text/plain"


def test_short_tags_are_not_looked_for_in_binary_content() -> None:
    # "<a " and "<p>" turn up in compressed data every few megabytes: a PNG keeps its type.
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x01<a \x02<p>\x03" * 100
    assert sniff_stream(io.BytesIO(png)) == "image/png"


def test_markup_far_into_the_text_and_in_its_tail_is_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(active, "SCAN_BLOCK", 4096)
    monkeypatch.setattr(active, "SCAN_PREFIX", 64 * 1024)
    monkeypatch.setattr(active, "SCAN_TAIL", 16 * 1024)
    words = b"plain words " * 20_000  # 240 KB
    # Across a block boundary.
    cut = 4096 * 5 - 3
    assert sniff_stream(io.BytesIO(words[:cut] + b"<script>x</script>" + words)) == "text/html"
    # In the tail, beyond the prefix.
    assert sniff_stream(io.BytesIO(words + b"<svg onload=x>" + b"end")) == "image/svg+xml"
    # Between the two: not searched (and the file is then stored and served as text).
    middle = words[:100_000] + b"<script>x</script>" + words
    assert sniff_stream(io.BytesIO(middle)) == "text/plain"
    wide = ("\ufeff" + "plain words " * 20_000 + "<script>x</script>").encode("utf-16-le")
    assert sniff_stream(io.BytesIO(wide)) == "text/html"


def test_a_field_that_names_an_active_type_accepts_it() -> None:
    svg = SimpleUploadedFile("d.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml")
    for named in ("image/svg+xml", ".svg"):
        check_uploaded_file(svg, max_size=None, accept=(named,))
        assert svg.content_type == "image/svg+xml"
    refusing: list[tuple[str, ...]] = [("image/*",), (), ("*/*",)]
    for accept in refusing:
        with pytest.raises(UploadRejected):
            check_uploaded_file(svg, max_size=None, accept=accept)
