"""The package's endpoints, and a project's "start" view as the README shows one (it starts a
download from what the client posts), for the JSON fuzz run."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST

from django_dlwidget import init_download
from django_dlwidget.downloads.serializers import download_json
from django_dlwidget.http import json_error, json_response


@require_POST
@login_required
def start(request: HttpRequest) -> HttpResponse:
    try:
        posted = json.loads(request.body or b"{}")
        filename, name = str(posted["filename"]), str(posted.get("name") or "")
    except (ValueError, KeyError, TypeError, AttributeError):
        return json_error(400, "invalid", "Post {'filename': ..., 'name': ...} as JSON.")
    return json_response(download_json(init_download(request.user, filename, name)), 202)


urlpatterns = [
    path("dlwidget/", include("django_dlwidget.urls")),
    path("start/", start),
]
