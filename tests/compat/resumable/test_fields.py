"""``compat.resumable.fields``: the forks' model field is the native one, taking (and keeping
in migrations) ``chunks_upload_to``, with the compat form field and widget."""

from __future__ import annotations

from typing import Any

from django_dlwidget import fields as native
from django_dlwidget.compat.resumable.fields import ResumableFileField
from django_dlwidget.compat.resumable.forms import FormResumableFileField
from django_dlwidget.compat.resumable.widgets import ResumableWidget


def field(**kwargs: object) -> ResumableFileField:
    made = ResumableFileField(**kwargs)  # type: ignore[arg-type]
    made.set_attributes_from_name("file")
    return made


def test_it_is_the_native_field_with_chunks_upload_to() -> None:
    made = field(upload_to="documents/", chunks_upload_to="resumable_chunks")
    assert isinstance(made, native.ResumableFileField)
    assert made.upload_to == "documents/"
    assert made.chunks_upload_to == "resumable_chunks"
    _name, path, _args, kwargs = made.deconstruct()
    assert path == "django_dlwidget.compat.resumable.fields.ResumableFileField"
    assert kwargs["chunks_upload_to"] == "resumable_chunks"
    assert kwargs["upload_to"] == "documents/"
    assert "chunks_upload_to" not in field().deconstruct()[3]


def test_positional_arguments_are_the_forks() -> None:
    made = ResumableFileField("Attachment", "attachment", "files/", "chunks/")
    assert (made.verbose_name, made.name, made.upload_to) == ("Attachment", "attachment", "files/")
    assert made.chunks_upload_to == "chunks/"


def test_its_form_field_is_form_resumable_file_field_with_the_compat_widget() -> None:
    made = field(max_size=1000, accept=["audio/*"])
    form_field = made.formfield()
    assert isinstance(form_field, FormResumableFileField)
    widget: Any = form_field.widget
    assert isinstance(widget, ResumableWidget)
    assert (form_field.max_size, form_field.accept) == (1000, ("audio/*",))
    assert widget.accept == ("audio/*",)


def test_the_admin_gets_the_compat_widget_too() -> None:
    from django.contrib.admin.widgets import AdminFileWidget

    form_field = field().formfield(widget=AdminFileWidget)
    assert isinstance(form_field, FormResumableFileField)
    widget: Any = form_field.widget
    assert type(widget) is ResumableWidget
