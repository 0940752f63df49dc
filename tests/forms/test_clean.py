"""``clean()`` accepts only this user's finished, unexpired upload within size and type limits."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signing import dumps
from django.utils.datastructures import MultiValueDict

from django_dlwidget.forms import ResumableFormField, ResumableMultipleFileField
from django_dlwidget.tus.tokens import SALT
from django_dlwidget.uploads.files import ResumableUploadedFile
from django_dlwidget.uploads.request import bound_request

from .conftest import CSV, HTML, PDF, PNG, SVG, MakeUpload, request_for

pytestmark = pytest.mark.django_db


class UploadForm(forms.Form):
    file = ResumableFormField(max_size=4096, accept="application/pdf,image/*,.csv")


class MultiForm(forms.Form):
    attachments = ResumableMultipleFileField(max_size=4096, accept=".pdf", max_files=3)


def errors_for(token: str, form_class: type[forms.Form] = UploadForm) -> list[str]:
    name = next(iter(form_class.base_fields))
    form = form_class(data={f"{name}-token": token})
    assert not form.is_valid()
    return [str(e) for e in form.errors[name]]


def test_a_valid_token_gives_the_uploaded_file(as_user: Any, make_upload: MakeUpload) -> None:
    upload, token = make_upload()
    form = UploadForm(data={"file-token": token})
    assert form.is_valid(), form.errors
    file = form.cleaned_data["file"]
    assert isinstance(file, ResumableUploadedFile)
    assert (file.upload_id, file.name, file.size) == (upload.id, "report.pdf", len(PDF))
    assert file.content_type == "application/pdf"
    assert file.read() == PDF
    file.close()


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [(PNG, "pixel.png", "image/png"), (CSV, "table.csv", "text/plain")],
)
def test_accepted_types(
    as_user: Any, make_upload: MakeUpload, data: bytes, filename: str, expected: str
) -> None:
    _, token = make_upload(data, filename)
    form = UploadForm(data={"file-token": token})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["file"].content_type == expected


def test_forged_token(as_user: Any, make_upload: MakeUpload) -> None:
    upload, token = make_upload()
    forged = dumps([upload.id.hex, str(upload.owner_id), ""], salt=SALT, key="not-the-secret")
    message = "The upload could not be verified. Upload the file again."
    assert errors_for(forged) == [message]
    assert errors_for(token[:-3] + "abc") == [message]
    assert errors_for("garbage") == [message]


def test_another_users_token(user: User, other: User, make_upload: MakeUpload) -> None:
    _, token = make_upload(owner=other)
    with bound_request(request_for(user)):
        assert errors_for(token) == ["The upload could not be verified. Upload the file again."]
    with bound_request(request_for(other)):
        assert UploadForm(data={"file-token": token}).is_valid()


def test_anonymous_tokens_are_bound_to_the_session(make_upload: MakeUpload) -> None:
    upload, _ = make_upload()
    upload.owner = None
    upload.session_key = "binding-1"
    upload.save()
    from django_dlwidget.tus.tokens import make_token

    token = make_token(upload)
    stranger = request_for(None)
    with bound_request(stranger):
        assert errors_for(token)
    owner = request_for(None)
    owner.session["dlwidget_upload_binding"] = "binding-1"
    with bound_request(owner):
        assert UploadForm(data={"file-token": token}).is_valid()


def test_incomplete_upload(as_user: Any, make_upload: MakeUpload) -> None:
    _, token = make_upload(complete=False, written=100)
    assert errors_for(token) == [
        "The upload has not finished. Wait for it, or upload the file again."
    ]


def test_expired_upload(as_user: Any, make_upload: MakeUpload) -> None:
    _, token = make_upload(expires=timedelta(seconds=-1))
    assert errors_for(token) == ["The upload has expired. Upload the file again."]


def test_expired_token(
    as_user: Any, make_upload: MakeUpload, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, token = make_upload(expires=timedelta(days=30))
    later = time.time() + timedelta(days=2).total_seconds()
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert errors_for(token) == ["The upload has expired. Upload the file again."]


def test_oversized(as_user: Any, make_upload: MakeUpload) -> None:
    _, token = make_upload(PDF + b"0" * 4096)
    assert errors_for(token) == ["The file is 6.1 kB; files may be at most 4.1 kB."]


@pytest.mark.parametrize(
    ("data", "filename", "sniffed"),
    [
        (b"\x7fELF" + b"\x00" * 200, "report.pdf", "application/x-executable"),
        (b"just words, named like a pdf", "report.pdf", "text/plain"),
        (SVG, "picture.png", "image/svg+xml"),
        (HTML, "table.csv", "text/html"),
        (PDF, "renamed.csv", None),  # a PDF is accepted as a PDF, whatever its name
    ],
)
def test_type_is_sniffed_from_content(
    as_user: Any, make_upload: MakeUpload, data: bytes, filename: str, sniffed: str | None
) -> None:
    _, token = make_upload(data, filename)
    form = UploadForm(data={"file-token": token})
    if sniffed is None:
        assert form.is_valid(), form.errors
        return
    assert not form.is_valid()
    [error] = form.errors["file"]
    assert isinstance(error, str)
    assert error.startswith("This kind of file (")
    if sniffed != "application/x-executable":
        assert error == f"This kind of file ({sniffed}) is not accepted here."


def test_without_the_request_the_error_says_what_to_do(make_upload: MakeUpload) -> None:
    _, token = make_upload()
    [error] = errors_for(token)
    assert "CurrentRequestMiddleware" in error


def posted(data: bytes, content_type: str) -> MultiValueDict[str, Any]:
    return MultiValueDict({"file": [SimpleUploadedFile("r.pdf", data, content_type)]})


def test_plain_multipart_file_obeys_the_same_limits(as_user: Any) -> None:
    ok = UploadForm(files=posted(PDF, "text/html"))
    assert ok.is_valid(), ok.errors
    assert ok.cleaned_data["file"].content_type == "application/pdf"
    assert not UploadForm(files=posted(SVG, "application/pdf")).is_valid()
    assert not UploadForm(files=posted(PDF * 3, "application/pdf")).is_valid()


def test_multiple_field(as_user: Any, make_upload: MakeUpload) -> None:
    tokens = [make_upload()[1] for _ in range(2)]
    form = MultiForm(data={"attachments-token": " ".join(tokens)})
    assert form.is_valid(), form.errors
    assert [f.name for f in form.cleaned_data["attachments"]] == ["report.pdf", "report.pdf"]
    _, wrong = make_upload(PNG, "x.png")
    bad = MultiForm(data={"attachments-token": f"{tokens[0]} {wrong}"})
    assert not bad.is_valid()
    assert bad.errors["attachments"] == ["This kind of file (image/png) is not accepted here."]
    many = MultiForm(data={"attachments-token": " ".join([tokens[0]] * 4)})
    assert many.errors["attachments"] == ["Upload at most 3 files."]
    assert MultiForm(data={}).errors["attachments"] == ["This field is required."]


def test_a_used_upload_is_refused(as_user: Any, make_upload: MakeUpload) -> None:
    upload, token = make_upload()
    from django_dlwidget.tus import partial

    partial.path_for(upload.id).unlink()
    assert errors_for(token) == ["This upload has already been used. Upload the file again."]
