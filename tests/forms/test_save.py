"""Saving moves the upload's data into the field's storage exactly once, then consumes it."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django import forms
from django.db import transaction
from django.forms import modelformset_factory
from django.utils.html import escape

from django_dlwidget.models import Upload
from django_dlwidget.tus import partial
from django_dlwidget.uploads.files import UploadUnavailable

from .conftest import PDF, PNG, MakeUpload
from .models import Document, Remote, memory_storage

pytestmark = pytest.mark.django_db


if TYPE_CHECKING:
    DocumentFormBase = forms.ModelForm[Document]
    RemoteFormBase = forms.ModelForm[Remote]
else:
    DocumentFormBase = RemoteFormBase = forms.ModelForm


class DocumentForm(DocumentFormBase):
    class Meta:
        model = Document
        fields = ("title", "file")


class RemoteForm(RemoteFormBase):
    class Meta:
        model = Remote
        fields = ("file",)


def test_save_moves_the_data_and_consumes_the_upload(
    as_user: Any, make_upload: MakeUpload, media: Path
) -> None:
    upload, token = make_upload()
    source = partial.path_for(upload.id)
    inode = source.stat().st_ino
    form = DocumentForm(data={"title": "t", "file-token": token})
    assert form.is_valid(), form.errors
    document = form.save()
    stored = media / str(document.file.name)
    assert document.file.name == "documents/report.pdf"
    assert stored.read_bytes() == PDF
    assert stored.stat().st_ino == inode  # renamed, not copied
    assert not source.exists()
    assert not Upload.objects.filter(pk=upload.pk).exists()
    assert document.file.read() == PDF  # read back from the storage
    document.file.close()
    # The same token again: refused, nothing stored twice.
    again = DocumentForm(data={"title": "t", "file-token": token})
    assert not again.is_valid()
    assert sorted(p.name for p in (media / "documents").iterdir()) == ["report.pdf"]


def test_save_to_another_storage_copies_in_chunks(as_user: Any, make_upload: MakeUpload) -> None:
    upload, token = make_upload(PNG, "pixel.png")
    form = RemoteForm(data={"file-token": token})
    assert form.is_valid(), form.errors
    remote = form.save()
    with memory_storage.open(str(remote.file.name)) as stored:
        assert stored.read() == PNG
    assert not partial.path_for(upload.id).exists()
    assert not Upload.objects.filter(pk=upload.pk).exists()
    assert not list(partial.temp_dir().iterdir())


def test_two_forms_with_one_token_store_it_once(as_user: Any, make_upload: MakeUpload) -> None:
    _, token = make_upload()
    first = DocumentForm(data={"file-token": token})
    second = DocumentForm(data={"file-token": token})
    assert first.is_valid()
    assert second.is_valid()
    first.save()
    with pytest.raises(UploadUnavailable), transaction.atomic():
        second.save()
    assert Document.objects.count() == 1


def test_concurrent_claims_store_once(as_user: Any, make_upload: MakeUpload) -> None:
    _, token = make_upload()
    forms_ = [DocumentForm(data={"file-token": token}) for _ in range(4)]
    assert all(form.is_valid() for form in forms_)
    files = [form.cleaned_data["file"] for form in forms_]
    results: list[str] = []
    won: list[Any] = []
    barrier = threading.Barrier(len(files))

    def claim(file: Any) -> None:
        # Only the claim (a rename under the file lock) races here; the database work
        # after it runs on the main thread (SQLite's in-memory test database is per thread).
        context = file.claimed()
        barrier.wait()
        try:
            context.__enter__()
        except UploadUnavailable:
            results.append("refused")
        else:
            results.append("ok")
            won.append(context)

    threads = [threading.Thread(target=claim, args=(file,)) for file in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    [context] = won
    context.__exit__(None, None, None)
    assert not Upload.objects.exists()
    assert sorted(results) == ["ok", "refused", "refused", "refused"]


def test_a_failing_storage_gives_the_upload_back(
    as_user: Any, make_upload: MakeUpload, monkeypatch: pytest.MonkeyPatch
) -> None:
    upload, token = make_upload()
    form = DocumentForm(data={"file-token": token})
    assert form.is_valid()

    def broken(*args: Any, **kwargs: Any) -> str:
        raise OSError("disk on fire")

    monkeypatch.setattr(Document._meta.get_field("file").storage, "save", broken)
    with pytest.raises(OSError, match="disk on fire"), transaction.atomic():
        form.save()
    monkeypatch.undo()
    assert partial.path_for(upload.id).read_bytes() == PDF
    retry = DocumentForm(data={"file-token": token})
    assert retry.is_valid(), retry.errors
    assert hashlib.sha256(retry.save().file.read()).digest() == hashlib.sha256(PDF).digest()


def test_editing_keeps_the_file_unless_a_new_one_comes(
    as_user: Any, make_upload: MakeUpload, media: Path
) -> None:
    _, token = make_upload()
    document = DocumentForm(data={"title": "a", "file-token": token}).save()
    edit = DocumentForm(data={"title": "b"}, instance=document)
    assert edit.is_valid(), edit.errors
    assert edit.save().file.name == "documents/report.pdf"
    _, second = make_upload(PNG, "pixel.png")
    replace = DocumentForm(data={"title": "c", "file-token": second}, instance=document)
    assert replace.is_valid(), replace.errors
    assert replace.save().file.name == "documents/pixel.png"
    clear = DocumentForm(data={"title": "d", "file-clear": "on"}, instance=document)
    assert clear.is_valid(), clear.errors
    assert clear.save().file.name == ""
    contradiction = DocumentForm(
        data={"title": "e", "file-clear": "on", "file-token": make_upload()[1]},
        instance=Document.objects.create(title="x", file="documents/old.pdf"),
    )
    assert contradiction.is_valid()  # a new upload wins over "clear" only through the file input


def test_the_token_survives_a_rerender_with_errors(as_user: Any, make_upload: MakeUpload) -> None:
    upload, token = make_upload()

    class StrictForm(DocumentForm):
        def clean_title(self) -> str:
            raise forms.ValidationError("no")

    form = StrictForm(data={"title": "t", "file-token": token})
    assert not form.is_valid()
    html = str(form["file"])
    assert f'value="{token}"' in html
    pending = json.dumps([{"token": token, "name": "report.pdf"}])
    assert f' data-pending="{escape(pending)}">' in html
    assert " required" not in html
    assert Upload.objects.filter(pk=upload.pk).exists()  # consumed only by save()
    assert partial.path_for(upload.id).exists()
    resubmitted = DocumentForm(data={"title": "t", "file-token": token})
    assert resubmitted.is_valid()
    resubmitted.save()
    assert not Upload.objects.filter(pk=upload.pk).exists()


def test_modelformset(as_user: Any, make_upload: MakeUpload, media: Path) -> None:
    formset_class = modelformset_factory(Document, fields=("title", "file"), extra=2)
    tokens = [make_upload()[1], make_upload(PNG, "pixel.png")[1]]
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-0-title": "one",
        "form-0-file-token": tokens[0],
        "form-1-title": "two",
        "form-1-file-token": tokens[1],
    }
    formset = formset_class(data=data, queryset=Document.objects.none())
    assert formset.is_valid(), formset.errors
    saved = formset.save()
    names = sorted(str(d.file.name) for d in saved)
    assert names == ["documents/pixel.png", "documents/report.pdf"]
    assert Upload.objects.count() == 0
