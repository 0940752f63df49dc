from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import InvalidStorageError, storages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from django_dlwidget import TooManyDownloads
from django_dlwidget.downloads.limits import (
    too_many_downloads_detail,
    too_many_downloads_response,
)
from django_dlwidget.downloads.serializers import download_json
from django_dlwidget.serving import serve_file

from . import exports
from .forms import DocumentForm
from .generated import pseudo_random_chunks
from .models import Document

#: The npm package's version (package.json's devDependencies pin it).
BOOTSTRAP_VERSION = "5.3.9"

EXPORTS = (
    ("quick", "Quick CSV export", "A couple of thousand rows; ready in a moment."),
    ("slow", "Slow export", "Takes a while, with visible progress; try cancelling it."),
    ("failing", "Failing export", "Fails on purpose, to show how errors look."),
    ("large", "Large file", "A few hundred MB: downloads resume with HTTP Range."),
)

#: Offered when a Celery broker is configured (``make stack``): the job API from a Celery task.
CELERY_EXPORT = ("celery", "Celery export", "Runs in the Celery worker, through the job API.")


def offered_exports() -> tuple[tuple[str, str, str], ...]:
    if getattr(settings, "CELERY_BROKER_URL", ""):
        return (*EXPORTS, CELERY_EXPORT)
    return EXPORTS


ALIGNS = (("start", "start"), ("centre", "centre"), ("end", "end"))


def layout(request: HttpRequest) -> HttpResponse:
    """The download centre at the start, centre or end of the nav (``?align=``)."""
    align = request.GET.get("align", "start")
    labels = dict(ALIGNS)
    if align not in labels:
        align = "start"
    context = {"align": align, "align_label": labels[align], "aligns": ALIGNS, "exports": EXPORTS}
    return render(request, "demo/layout.html", context)


def bootstrap(request: HttpRequest) -> HttpResponse:
    """A Bootstrap 5 page (Bootstrap's CSS from npm) with the download centre in its navbar."""
    theme = "dark" if request.GET.get("theme") == "dark" else "light"
    css: Path = getattr(settings, "BOOTSTRAP_CSS", Path()) / "bootstrap.min.css"
    context = {
        "theme": theme,
        "bootstrap_css": css.is_file(),
        "bootstrap_version": BOOTSTRAP_VERSION,
        "exports": EXPORTS,
    }
    return render(request, "demo/bootstrap.html", context)


def home(request: HttpRequest) -> HttpResponse:
    bgfiles = apps.is_installed("django_dlwidget.compat.bgfiles")
    context = {"exports": offered_exports(), "bgfiles": bgfiles}
    return render(request, "demo/home.html", context)


@require_POST
@login_required
def bgfiles_export(request: HttpRequest) -> HttpResponseBase:
    """The quick report through the dj-bgfiles pattern (``DEMO_BGFILES=1``)."""
    from .bgfiles_exports import QuickReport

    _delayed, response = QuickReport("quick-bgfiles.csv").respond_to(request)
    return response  # type: ignore[no-any-return]


@require_POST
@login_required
def start_export(request: HttpRequest, kind: str) -> HttpResponse:
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    try:
        download = exports.start(kind, request.user)
    except KeyError:
        raise Http404("No such export") from None
    except TooManyDownloads as exc:  # MAX_ACTIVE_DOWNLOADS: a 429 JSON error, or a message
        if wants_json:
            return too_many_downloads_response(exc)
        messages.error(request, too_many_downloads_detail(exc))
        return redirect("home")
    if wants_json:
        return JsonResponse(download_json(download), status=202)
    return redirect("home")


GENERATED_MAX_BYTES = 1024**3


@login_required
def generated(request: HttpRequest) -> HttpResponseBase:
    """A download of unknown size, generated while it streams: ``?size=<bytes>&seed=<n>``."""
    try:
        size = int(request.GET.get("size", 8 * 1024 * 1024))
        seed = int(request.GET.get("seed", 0))
    except ValueError:
        size = -1
    if not 0 <= size <= GENERATED_MAX_BYTES:
        return HttpResponseBadRequest("size: bytes from 0 to 1 GiB; seed: an integer")
    return serve_file(request, pseudo_random_chunks(size, seed), filename="generated.bin")


STORED_FILES = "shared/"


@login_required
def stored(request: HttpRequest, alias: str, name: str) -> HttpResponseBase:
    """A file under ``shared/`` in the storage ``alias`` (offloaded as ``SENDFILE_RULES`` say)."""
    try:
        storage = storages[alias]
    except InvalidStorageError:
        raise Http404("No such storage") from None
    return serve_file(request, storage=storage, name=STORED_FILES + name)


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
