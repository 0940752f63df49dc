"""``compat.resumable.widgets``: the native widget, its thumbnails following
``RESUMABLE_SHOW_THUMB`` (off by default, as before) unless the widget is given the option."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms

from django_dlwidget import widgets as native
from django_dlwidget.compat.resumable.forms import FormResumableFileField
from django_dlwidget.compat.resumable.widgets import ResumableFileInput, ResumableWidget

from .conftest import opening_tag

pytestmark = pytest.mark.django_db


class Form(forms.Form):
    file = FormResumableFileField()
    shown = FormResumableFileField(widget=ResumableWidget(thumbnails=True))


def test_it_is_the_native_widget_under_both_old_names() -> None:
    assert issubclass(ResumableWidget, native.ResumableWidget)
    assert ResumableFileInput is ResumableWidget
    assert isinstance(Form().fields["file"].widget, ResumableWidget)


def test_thumbnails_are_off_unless_resumable_show_thumb(settings: Any) -> None:
    assert ' data-thumbnails="false"' in opening_tag(str(Form()["file"]))
    settings.RESUMABLE_SHOW_THUMB = True
    assert "data-thumbnails" not in opening_tag(str(Form()["file"]))


def test_the_widgets_own_option_wins(settings: Any) -> None:
    settings.RESUMABLE_SHOW_THUMB = False
    assert "data-thumbnails" not in opening_tag(str(Form()["shown"]))
    off = ResumableWidget(thumbnails=False)
    settings.RESUMABLE_SHOW_THUMB = True
    assert off.thumbnails is False
