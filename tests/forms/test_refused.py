"""A re-shown form never carries an upload it refused: the widget gets the file's name and the
form's message (``data-refused``), not the token and not an "Uploaded" line."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

from django import forms

from django_dlwidget.forms import ResumableFormField, ResumableMultipleFileField

from .conftest import CSV, PDF, PNG, MakeUpload


def attribute(html: str, name: str) -> str | None:
    match = re.search(rf' {name}="([^"]*)"', html)
    return unescape(match.group(1)) if match else None


def refused_of(html: str) -> list[dict[str, str]]:
    raw = attribute(html, "data-refused")
    return json.loads(raw) if raw else []


def token_value(html: str) -> str:
    match = re.search(r'value="([^"]*)" data-dlw-token>', html)
    assert match
    return match.group(1)


class ImageForm(forms.Form):
    file = ResumableFormField(accept="image/*")
    gallery = ResumableMultipleFileField(required=False, accept="image/*")


def test_a_refused_token_is_shown_as_an_error_with_the_forms_message(
    as_user: Any, make_upload: MakeUpload
) -> None:
    _, token = make_upload(PDF, "report.pdf")
    form = ImageForm(data={"file-token": token})
    assert not form.is_valid()
    [message] = form.errors["file"]
    html = str(form["file"])
    assert refused_of(html) == [{"name": "report.pdf", "error": message}]
    assert "application/pdf" in message
    assert token_value(html) == ""
    assert "data-pending" not in html
    assert "data-dlw-pending" not in html  # no "Uploaded: ..." line either


def test_one_refused_upload_of_several_keeps_the_others(
    as_user: Any, make_upload: MakeUpload
) -> None:
    _, good = make_upload(PNG, "cat.png")
    _, bad = make_upload(CSV, "notes.csv")
    _, single = make_upload(PNG, "dog.png")
    form = ImageForm(data={"file-token": single, "gallery-token": f"{good} {bad}"})
    assert not form.is_valid()
    html = str(form["gallery"])
    assert [entry["name"] for entry in refused_of(html)] == ["notes.csv"]
    assert json.loads(attribute(html, "data-pending") or "[]") == [
        {"token": good, "name": "cat.png"}
    ]
    assert token_value(html) == good


def test_an_error_of_the_forms_own_refuses_the_upload_too(
    as_user: Any, make_upload: MakeUpload
) -> None:
    class Strict(forms.Form):
        file = ResumableFormField()

        def clean_file(self) -> Any:
            raise forms.ValidationError("Not this one.")

    _, token = make_upload(PDF, "report.pdf")
    form = Strict(data={"file-token": token})
    assert not form.is_valid()
    html = str(form["file"])
    assert refused_of(html) == [{"name": "report.pdf", "error": "Not this one."}]
    assert token_value(html) == ""


def test_an_accepted_upload_is_carried_when_another_field_fails(
    as_user: Any, make_upload: MakeUpload
) -> None:
    class WithTitle(forms.Form):
        title = forms.CharField(min_length=10)
        file = ResumableFormField()

    _, token = make_upload(PDF, "report.pdf")
    form = WithTitle(data={"title": "short", "file-token": token})
    assert not form.is_valid()
    html = str(form["file"])
    assert "data-refused" not in html
    assert token_value(html) == token


def test_refusals_belong_to_one_form(as_user: Any, make_upload: MakeUpload) -> None:
    _, bad = make_upload(PDF, "report.pdf")
    _, good = make_upload(PNG, "cat.png")
    first = ImageForm(data={"file-token": bad})
    assert not first.is_valid()
    second = ImageForm(data={"file-token": good})
    assert second.is_valid(), second.errors
    declared, used = ImageForm.base_fields["file"], first.fields["file"]
    assert isinstance(declared, ResumableFormField)
    assert isinstance(used, ResumableFormField)
    assert declared.refusals == {}
    assert list(used.refusals) == [bad]


def test_an_error_about_the_list_refuses_no_single_upload(
    as_user: Any, make_upload: MakeUpload
) -> None:
    class Few(forms.Form):
        gallery = ResumableMultipleFileField(max_files=1)

    _, first = make_upload(PNG, "a.png")
    _, second = make_upload(PNG, "b.png")
    form = Few(data={"gallery-token": f"{first} {second}"})
    assert not form.is_valid()
    assert form.errors["gallery"] == ["Upload at most 1 file."]
    html = str(form["gallery"])
    assert "data-refused" not in html
    assert token_value(html) == f"{first} {second}"
