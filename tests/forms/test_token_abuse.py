"""A token sent twice in one multiple field, and the file names a re-rendered form may show:
only those behind tokens that pass the owner check."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import User

from django_dlwidget.forms import ResumableFormField, ResumableMultipleFileField
from django_dlwidget.models import Upload
from django_dlwidget.tus.auth import BINDING_SESSION_KEY
from django_dlwidget.tus.tokens import make_token
from django_dlwidget.uploads.request import bound_request

from .conftest import MakeUpload, request_for

pytestmark = pytest.mark.django_db


class Form(forms.Form):
    title = forms.CharField(min_length=10)
    file = ResumableFormField(required=False)
    attachments = ResumableMultipleFileField(required=False)


def test_one_token_twice_in_a_multiple_field_is_refused(
    as_user: Any, make_upload: MakeUpload
) -> None:
    upload, token = make_upload()
    _, other = make_upload(filename="b.pdf")
    form = Form(data={"title": "long enough", "attachments-token": f"{token} {other} {token}"})
    assert not form.is_valid()
    assert form.errors.as_data()["attachments"][0].code == "duplicate"
    assert form.errors["attachments"] == ["The same upload was sent twice; each file counts once."]
    # Nothing was claimed or reserved: both uploads are still there, and a fixed form saves.
    assert Upload.objects.filter(pk=upload.pk, lease_token="").exists()
    fixed = Form(data={"title": "long enough", "attachments-token": f"{token} {other}"})
    assert fixed.is_valid(), fixed.errors
    # The re-rendered form carries each upload once.
    html = str(form["attachments"])
    assert f'value="{token} {other}" data-dlw-token>' in html
    assert "Uploaded: report.pdf, b.pdf<" in html


def test_a_reshown_form_names_only_the_requesters_uploads(
    as_user: Any, user: User, other: User, make_upload: MakeUpload
) -> None:
    _, mine = make_upload(filename="mine.pdf")
    _, theirs = make_upload(filename="their-salaries.xlsx", owner=other)
    form = Form(
        data={"title": "short", "file-token": theirs, "attachments-token": f"{theirs} {mine}"}
    )
    assert not form.is_valid()
    html = str(form["file"]) + str(form["attachments"]) + form.as_p()
    assert "their-salaries" not in html
    assert theirs not in str(form["file"])  # nothing of it is carried forward either
    assert "mine.pdf" in str(form["attachments"])


def test_another_sessions_anonymous_upload_is_not_named(make_upload: MakeUpload) -> None:
    owner = request_for(None)
    owner.session[BINDING_SESSION_KEY] = "binding-of-the-owner"
    upload, _ = make_upload(filename="anon-secret.txt")
    Upload.objects.filter(pk=upload.pk).update(owner=None, session_key="binding-of-the-owner")
    token = make_token(Upload.objects.get(pk=upload.pk))
    stranger = request_for(None)
    stranger.session[BINDING_SESSION_KEY] = "another-binding"
    for request in (stranger, request_for(None)):  # another session's binding, and none
        with bound_request(request):
            form = Form(data={"title": "short", "file-token": token})
            assert not form.is_valid()
            assert "anon-secret" not in str(form["file"])
    with bound_request(owner):
        form = Form(data={"title": "short", "file-token": token})
        assert not form.is_valid()
        assert "anon-secret" in str(form["file"])


def test_one_token_in_two_formset_rows_is_refused_not_a_500(
    as_user: Any, make_upload: MakeUpload
) -> None:
    """A hand-made POST puts one token into two rows: the second row gets the duplicate error
    and nothing is saved twice (its save would otherwise fail after the first consumed it)."""
    _, token = make_upload()
    rows = forms.formset_factory(Form, extra=0)
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-0-title": "long enough",
        "form-0-file-token": token,
        "form-1-title": "long enough",
        "form-1-file-token": token,
    }
    formset = rows(data=data)
    assert not formset.is_valid()
    assert formset.forms[0].is_valid()
    assert formset.forms[1].errors.as_data()["file"][0].code == "duplicate"


def test_one_token_in_two_fields_of_one_form_is_refused(
    as_user: Any, make_upload: MakeUpload
) -> None:
    _, token = make_upload()
    form = Form(data={"title": "long enough", "file-token": token, "attachments-token": token})
    assert not form.is_valid()
    assert "file" not in form.errors
    assert form.errors.as_data()["attachments"][0].code == "duplicate"
