"""The widget's own options (thumbnails), as the markup carries them to the element."""

from __future__ import annotations

import pytest
from django import forms

from django_dlwidget.forms import ResumableFormField, ResumableMultipleFileField
from django_dlwidget.widgets import ResumableMultipleWidget, ResumableWidget


class Form(forms.Form):
    plain = ResumableFormField()
    bare = ResumableFormField(widget=ResumableWidget(thumbnails=False))
    several = ResumableMultipleFileField(widget=ResumableMultipleWidget(thumbnails=False))


def opening_tag(html: str) -> str:
    return html[: html.index(">") + 1]


@pytest.mark.django_db
def test_thumbnails_are_on_unless_turned_off() -> None:
    form = Form()
    assert "data-thumbnails" not in opening_tag(str(form["plain"]))
    assert ' data-thumbnails="false"' in opening_tag(str(form["bare"]))
    several = str(form["several"])
    assert ' data-thumbnails="false"' in opening_tag(several)
    assert " multiple " in several


def test_the_option_survives_the_copy_a_form_makes() -> None:
    # Each form instance deep-copies its fields' widgets.
    bare, plain = Form().fields["bare"].widget, Form().fields["plain"].widget
    assert isinstance(bare, ResumableWidget)
    assert isinstance(plain, ResumableWidget)
    assert bare.thumbnails is False
    assert plain.thumbnails is True
