from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms

from .models import Document

if TYPE_CHECKING:
    DocumentFormBase = forms.ModelForm[Document]
else:
    DocumentFormBase = forms.ModelForm


class DocumentForm(DocumentFormBase):
    class Meta:
        model = Document
        fields = ("title", "file")
