"""A plain create view for the double-submit tests: validate, (test hook), save, redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from .models import Document

if TYPE_CHECKING:
    DocumentFormBase = forms.ModelForm[Document]
else:
    DocumentFormBase = forms.ModelForm

#: Called between ``is_valid()`` and ``save()`` with the request's label, if a test sets it.
after_clean: Callable[[str], None] | None = None


class DocumentForm(DocumentFormBase):
    class Meta:
        model = Document
        fields = ("title", "file")


def create_document(request: HttpRequest) -> HttpResponse:
    form = DocumentForm(data=request.POST, files=request.FILES)
    valid = form.is_valid()
    if after_clean is not None:
        after_clean(request.POST.get("title", ""))
    if valid:
        form.save()
        return HttpResponseRedirect("/done/")
    return HttpResponse(form.errors.as_json(), status=200, content_type="application/json")
