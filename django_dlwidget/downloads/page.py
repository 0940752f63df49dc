"""The "all downloads" page: every download of the signed-in user, paginated, as plain HTML.

It is where the menu's toggle leads when JavaScript is off and where the menu's "All downloads"
link goes, so everything on it works without a script: the file is a link, Cancel, Clear and
"Clear finished" are POST forms with Django's CSRF token that redirect back to the same page.
Owner-only like the JSON endpoints: another user's key is a 404.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST, require_safe

from ..models.download import FINISHED_STATUSES, Download
from .centre import centre_strings, item_context
from .lifecycle import cancel_download, clear_download

PAGE_TEMPLATE = "django_dlwidget/downloads_page.html"
PER_PAGE = 25


def _back(request: HttpRequest) -> HttpResponseRedirect:
    """Back to the page the form was on (a number only: never an arbitrary redirect target)."""
    page = request.POST.get("page", "")
    url = reverse("dlwidget:downloads-page")
    if page.isdigit() and page != "1":
        url += "?" + urlencode({"page": page})
    return HttpResponseRedirect(url)


@require_safe
@login_required
def downloads_page(request: HttpRequest) -> HttpResponse:
    """``GET downloads/all/?page=N``: the user's downloads, newest first."""
    queryset = Download.objects.filter(owner_id=request.user.pk).order_by("-created", "-key")
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    strings = centre_strings()
    context: dict[str, Any] = {
        "page_obj": page,
        "items": [item_context(download, strings) for download in page.object_list],
        "strings": strings,
        "has_finished": queryset.filter(status__in=FINISHED_STATUSES).exists(),
        "pages_label": gettext("Pages"),
        "previous_label": gettext("Newer"),
        "next_label": gettext("Older"),
        "page_label": gettext("Page %(number)s of %(count)s")
        % {"number": page.number, "count": page.paginator.num_pages},
    }
    return render(request, PAGE_TEMPLATE, context)


@require_POST
@login_required
def downloads_page_cancel(request: HttpRequest, key: uuid.UUID) -> HttpResponse:
    """Cancel one of the user's jobs (nothing happens to one that has finished meanwhile)."""
    if not Download.objects.filter(key=key, owner_id=request.user.pk).exists():
        raise Http404
    cancel_download(key, request.user.pk)
    return _back(request)


@require_POST
@login_required
def downloads_page_clear(request: HttpRequest, key: uuid.UUID) -> HttpResponse:
    """Clear one of the user's downloads (a 404 when it is not theirs or already gone)."""
    if not clear_download(key, request.user.pk):
        raise Http404
    return _back(request)


@require_POST
@login_required
def downloads_page_clear_finished(request: HttpRequest) -> HttpResponse:
    """Clear every finished (ready, failed, cancelled) download of the user."""
    owner_id = request.user.pk
    keys = Download.objects.filter(owner_id=owner_id, status__in=FINISHED_STATUSES).values_list(
        "key", flat=True
    )
    for key in list(keys):
        clear_download(key, owner_id)
    return _back(request)
