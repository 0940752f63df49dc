"""The widget's markup, the standalone tag, and the pending uploads of a re-shown form."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory, override_settings

from django_dlwidget.elements.assets import bundle_assets
from django_dlwidget.forms import ResumableFormField, ResumableMultipleFileField
from django_dlwidget.uploads.context import upload_strings
from django_dlwidget.widgets import ResumableWidget

from .conftest import CSV, MakeUpload


def attribute(html: str, name: str) -> str:
    match = re.search(rf' {name}="([^"]*)"', html)
    assert match, f"{name} not rendered"
    return unescape(match.group(1))


class Form(forms.Form):
    file = ResumableFormField(max_size=2048, accept="image/*")
    attachments = ResumableMultipleFileField(required=False)


@pytest.mark.django_db
def test_form_field_markup() -> None:
    html = str(Form()["file"])
    assert html.startswith(
        '<dlw-upload class="dlw-upload" data-url="/dlwidget/uploads/" data-max-size="2048" '
        'data-chunk-size="2048" '
    )
    assert (
        '<input type="file" name="file" required id="id_file" accept="image/*">\n'
        '  <input type="hidden" name="file-token" value="" data-dlw-token>\n'
        '  <span class="dlw-upload-hint">Up to 2 kB.</span>\n'
        "  </dlw-upload>"
    ) in html
    assert json.loads(attribute(html, "data-strings")) == upload_strings()
    multiple = str(Form()["attachments"])
    assert '<input type="file" name="attachments" multiple id="id_attachments">' in multiple


def test_media_comes_from_the_stats_file() -> None:
    media = ResumableWidget().media
    urls = [asset.url for asset in bundle_assets(("upload",))]
    assert urls
    rendered = str(media)
    for url in urls:
        assert url in rendered


@pytest.mark.django_db
def test_standalone_tag() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    template = Template(
        '{% load dlwidget %}{% dlwidget_upload "attachments" multiple=True max_size=1024 '
        'accept="application/pdf" label="Attachments" css_class="card" %}'
    )
    html = template.render(Context({"request": request}))
    assert html.startswith('<dlw-upload class="dlw-upload card" data-url="/dlwidget/uploads/"')
    assert len(attribute(html, "data-csrf-token")) == 64
    assert (
        '<input type="file" name="attachments" multiple id="id_attachments" '
        'aria-label="Attachments" accept="application/pdf">'
    ) in html
    assert 'name="attachments-token"' in html


@pytest.mark.django_db
def test_css_classes_reach_the_markup_and_the_element() -> None:
    with override_settings(DLWIDGET={"CSS_CLASSES": {"upload-hint": "form-text", "upload": "x"}}):
        html = str(Form()["file"])
    assert html.startswith('<dlw-upload class="dlw-upload x"')
    assert '<span class="dlw-upload-hint form-text">' in html
    classes = json.loads(attribute(html, "data-classes"))
    assert classes == {"upload-hint": "form-text", "upload": "x"}


def pending_of(html: str) -> list[dict[str, str]]:
    pending: list[dict[str, str]] = json.loads(attribute(html, "data-pending"))
    return pending


def test_a_reshown_form_pairs_each_pending_token_with_its_whole_name(
    as_user: Any, make_upload: MakeUpload
) -> None:
    _, report = make_upload(filename="Report, final.pdf")
    _, notes = make_upload(CSV, "notes, v2.csv")
    _, other = make_upload(filename="a.pdf")

    class Reshown(forms.Form):
        title = forms.CharField(min_length=10)
        file = ResumableFormField()
        attachments = ResumableMultipleFileField()

    data = {"title": "short", "file-token": report, "attachments-token": f"forged {notes} {other}"}
    form = Reshown(data=data)
    assert not form.is_valid()
    single = str(form["file"])
    assert pending_of(single) == [{"token": report, "name": "Report, final.pdf"}]
    assert f'value="{report}" data-dlw-token>' in single
    assert (
        '<span class="dlw-upload-notice" data-dlw-pending>Uploaded: Report, final.pdf</span>'
        in single
    )
    multiple = str(form["attachments"])
    # The forged token is dropped; the others keep their own names, commas included.
    assert pending_of(multiple) == [
        {"token": notes, "name": "notes, v2.csv"},
        {"token": other, "name": "a.pdf"},
    ]
    assert f'value="{notes} {other}" data-dlw-token>' in multiple


def test_a_reshown_form_never_names_another_users_upload(
    as_user: Any, make_upload: MakeUpload, other: Any
) -> None:
    _, theirs = make_upload(filename="their-salaries.xlsx", owner=other)
    form = Form(data={"file-token": theirs})
    assert not form.is_valid()
    html = str(form["file"])
    assert "their-salaries" not in html
    assert "data-pending" not in html


@pytest.mark.django_db
def test_a_fresh_form_has_no_pending_uploads() -> None:
    html = str(Form()["file"])
    assert "data-pending" not in html
    assert "data-dlw-pending" not in html


@pytest.mark.django_db
def test_chunk_size_is_the_setting_else_the_whole_file() -> None:
    # The filesystem store takes a whole file in one PATCH (the server keeps what arrived).
    assert attribute(str(Form()["file"]), "data-chunk-size") == "2048"
    with override_settings(DLWIDGET={"UPLOAD_CHUNK_SIZE": 1024}):
        assert attribute(str(Form()["file"]), "data-chunk-size") == "1024"
