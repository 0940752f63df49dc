"""``compat.resumable.forms``: ``FormResumableFileField`` is the native form field; jeanphix's
``ResumableFileField(allowed_mimes=...)`` checks the type of the file it returns, sniffed from a
new file's content."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.datastructures import MultiValueDict

from django_dlwidget.compat.resumable.forms import FormResumableFileField, ResumableFileField
from django_dlwidget.forms import ResumableFormField
from tests.uploads.samples import ogg_vorbis

pytestmark = pytest.mark.django_db


class OldForm(forms.Form):
    file = ResumableFileField(
        allowed_mimes=("audio/ogg",), upload_url=lambda: "/upload/", chunks_dir="/tmp/chunks"
    )


def test_both_are_the_native_form_field() -> None:
    assert issubclass(FormResumableFileField, ResumableFormField)
    assert issubclass(ResumableFileField, FormResumableFileField)
    field = OldForm().fields["file"]
    assert isinstance(field, ResumableFileField)
    assert field.accept == ("audio/ogg",)
    assert field.chunks_dir == "/tmp/chunks"  # kept, and unused


def test_a_real_ogg_vorbis_file_is_audio_ogg() -> None:
    upload = SimpleUploadedFile("seagull.ogg", ogg_vorbis(), content_type="text/plain")
    form = OldForm(files=MultiValueDict({"file": [upload]}))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["file"].content_type == "audio/ogg"


def test_what_the_browser_claims_does_not_count() -> None:
    upload = SimpleUploadedFile("song.ogg", b"just text\n", content_type="audio/ogg")
    form = OldForm(files=MultiValueDict({"file": [upload]}))
    assert not form.is_valid()
    assert form.errors["file"] == ["This kind of file (text/plain) is not accepted here."]


def test_the_initial_file_is_held_to_the_allowed_types() -> None:
    field = OldForm().fields["file"]
    assert isinstance(field, ResumableFileField)
    sound = UploadedFile(file=None, name="sound.ogg", content_type="audio/ogg")
    assert field.clean(None, sound) is sound
    text = UploadedFile(file=None, name="text.txt", content_type="text/plain")
    with pytest.raises(ValidationError) as refused:
        field.clean(None, text)
    assert refused.value.code == "wrong_type"


def test_without_allowed_mimes_anything_but_active_content_passes(settings: Any) -> None:
    field = ResumableFileField()
    assert field.accept == ()
    upload = SimpleUploadedFile("notes.txt", b"notes\n")
    assert field.clean(upload) is upload
    page = SimpleUploadedFile("page.html", b"<!doctype html><script>alert(1)</script>")
    with pytest.raises(ValidationError):
        field.clean(page)
