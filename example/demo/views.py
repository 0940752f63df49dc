from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from django_dlwidget.downloads.serializers import download_json

from . import exports
from .forms import DocumentForm
from .models import Document

EXPORTS = (
    ("quick", "Quick CSV export", "A couple of thousand rows; ready in a moment."),
    ("slow", "Slow export", "Takes a while, with visible progress; try cancelling it."),
    ("failing", "Failing export", "Fails on purpose, to show how errors look."),
    ("large", "Large file", "A few hundred MB: downloads resume with HTTP Range."),
)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "demo/home.html", {"exports": EXPORTS})


@require_POST
@login_required
def start_export(request: HttpRequest, kind: str) -> HttpResponse:
    try:
        download = exports.start(kind, request.user)
    except KeyError:
        raise Http404("No such export") from None
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(download_json(download), status=202)
    return redirect("home")


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
