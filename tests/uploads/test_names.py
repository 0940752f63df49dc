"""An upload is stored under a name whose extension is served as what its content is (issue 13,
finding 6): a text named ``.html`` can never come back as a page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from django_dlwidget.forms import ResumableFormField
from django_dlwidget.serving import serve_file
from django_dlwidget.uploads.names import extension_for, stored_name
from django_dlwidget.uploads.validation import check_uploaded_file
from tests.forms.conftest import PDF, PNG, MakeUpload
from tests.forms.models import Document

from . import samples

pytestmark = pytest.mark.django_db

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize(
    ("name", "mime", "stored"),
    [
        ("page.html", "text/plain", "page.txt"),
        ("app.js", "text/plain", "app.txt"),
        ("theme.css", "text/plain", "theme.txt"),
        ("data.xml", "text/plain", "data.txt"),
        ("table.csv", "text/plain", "table.csv"),
        ("notes.md", "text/plain", "notes.md"),
        ("data.json", "application/json", "data.json"),
        ("README", "text/plain", "README.txt"),
        ("pixel.svg", "image/png", "pixel.png"),
        ("photo.jpeg", "image/jpeg", "photo.jpeg"),
        ("photo.html", "image/jpeg", "photo.jpg"),
        ("song.mkv", "video/webm", "song.mkv"),
        ("song.ogg", "audio/ogg", "song.ogg"),
        ("archive.zip", WORD, "archive.zip"),
        ("report.docx", WORD, "report.docx"),
        ("dump.tar.gz", "application/x-gzip", "dump.tar.gz"),
        ("dump.svg.gz", "application/x-gzip", "dump.svg.gz"),
        ("blob.html", "application/octet-stream", "blob.bin"),
        ("docs/2024/page.html", "text/plain", "docs/2024/page.txt"),
        ("drawing.svg", "image/svg+xml", "drawing.svg"),
        ("drawing.txt", "image/svg+xml", "drawing.svg"),
    ],
)
def test_the_extension_follows_the_sniffed_type(name: str, mime: str, stored: str) -> None:
    assert stored_name(name, mime) == stored


def test_a_type_without_an_extension_of_its_own_is_stored_as_bin() -> None:
    assert extension_for("application/x-made-up") == ".bin"
    assert extension_for("text/plain") == ".txt"


def test_a_plain_post_is_renamed_when_it_is_checked() -> None:
    file = SimpleUploadedFile("notes.html", b"just words", "text/html")
    check_uploaded_file(file, max_size=None, accept=())
    assert (file.name, file.content_type) == ("notes.txt", "text/plain")
    video = SimpleUploadedFile("clip.webm", samples.ebml("webm"), "video/webm")
    check_uploaded_file(video, max_size=None, accept=("video/*",))
    assert video.name == "clip.webm"


class AnyFileForm(forms.Form):
    file = ResumableFormField()


def test_a_token_gives_a_file_named_for_its_content(as_user: Any, make_upload: MakeUpload) -> None:
    _, token = make_upload(b"plain words, named like a page", "page.html")
    form = AnyFileForm(data={"file-token": token})
    assert form.is_valid(), form.errors
    file = form.cleaned_data["file"]
    assert (file.name, file.original_name, file.content_type) == (
        "page.txt",
        "page.html",
        "text/plain",
    )


def test_a_saved_upload_is_served_inline_as_what_it_is(
    as_user: Any, make_upload: MakeUpload, media: Path
) -> None:
    """The whole way: an image named ``.svg`` is stored as ``.png``, and ``serve_file(...,
    as_attachment=False)`` answers ``image/png``, not ``image/svg+xml``."""
    _, token = make_upload(PNG, "logo.svg")
    form = forms.modelform_factory(Document, fields=("file",))(data={"file-token": token})
    assert form.is_valid(), form.errors
    document = form.save()
    assert document.file.name == "documents/logo.png"
    response = serve_file(RequestFactory().get("/"), document.file, as_attachment=False)
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG  # type: ignore[attr-defined]
    # A PDF keeps its name.
    _, token = make_upload(PDF, "report.pdf")
    form = forms.modelform_factory(Document, fields=("file",))(data={"file-token": token})
    assert form.is_valid(), form.errors
    assert form.save().file.name == "documents/report.pdf"
