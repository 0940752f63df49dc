"""The widget's markup, the standalone tag, and the roles and strings shared with the element."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory, override_settings

from django_dlwidget.assets import bundle_assets
from django_dlwidget.css_roles import KNOWN_ROLES, UPLOAD_ROLES
from django_dlwidget.forms import ResumableFormField, ResumableMultipleFileField
from django_dlwidget.uploads.element import upload_strings
from django_dlwidget.widgets import ResumableWidget

ROOT = Path(__file__).resolve().parents[2]


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
    )
    assert (
        '<input type="file" name="file" required id="id_file" accept="image/*">\n'
        '  <input type="hidden" name="file-token" value="" data-dlw-token>\n'
        '  <p class="dlw-upload-hint">Up to 2.0\xa0KB.</p>\n'
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
    assert '<p class="dlw-upload-hint form-text">' in html
    classes = json.loads(attribute(html, "data-classes"))
    assert classes == {"upload-hint": "form-text", "upload": "x"}


def test_roles_match_the_element() -> None:
    source = (ROOT / "frontend/src/upload/classes.ts").read_text()
    block = source.split("export const ROLES = [", 1)[1].split("]", 1)[0]
    assert tuple(re.findall(r'"([a-z-]+)"', block)) == UPLOAD_ROLES
    assert set(UPLOAD_ROLES) <= KNOWN_ROLES


def test_strings_match_the_element() -> None:
    source = (ROOT / "frontend/src/upload/strings.ts").read_text()
    block = source.split("export const DEFAULT_STRINGS = {", 1)[1].split("};", 1)[0]
    keys = re.findall(r"^\s+(\w+):", block, re.M)
    assert sorted(keys) == sorted(upload_strings())
