from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .forms import DocumentForm
from .models import Document


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "demo/home.html")


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """A ModelForm with a ResumableFileField: the file arrives over tus, the form posts a token."""
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            document = form.save(commit=False)
            document.owner = request.user
            document.save()
            messages.success(request, f"Saved {document.title}: {document.file.name}")
            return redirect("upload")
    else:
        form = DocumentForm()
    documents = Document._default_manager.filter(owner=request.user)[:20]
    return render(request, "demo/upload.html", {"form": form, "documents": documents})
