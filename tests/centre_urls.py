"""URLconf for the download-centre tag tests: the endpoint names the tag reverses, on stub views."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def stub(request: HttpRequest, key: str = "") -> HttpResponse:
    return HttpResponse(status=204)


dlwidget_patterns = (
    [
        path("downloads/", stub, name="download-list"),
        path("downloads/<uuid:key>/", stub, name="download-detail"),
        path("downloads/<uuid:key>/cancel/", stub, name="download-cancel"),
        path("downloads/<uuid:key>/file/", stub, name="download-file"),
    ],
    "dlwidget",
)

urlpatterns = [path("dlwidget/", include(dlwidget_patterns))]
