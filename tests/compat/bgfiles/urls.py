"""The native endpoints, and project views written against the compat API."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.urls import include, path

from django_dlwidget.compat.bgfiles.views import serve_file

from .patterns import CountingReport


def serve_any(request: HttpRequest, token: str) -> HttpResponseBase:
    return serve_file(request, token, require_requester=False, verify_requester=False)


def report(request: HttpRequest) -> HttpResponseBase:
    _delayed, response = CountingReport("numbers.csv").respond_to(request)
    return response  # type: ignore[no-any-return]


urlpatterns = [
    path("dlwidget/", include("django_dlwidget.urls")),
    path("files/<str:token>/", serve_file, name="bgfiles-file"),
    path("anyone/<str:token>/", serve_any, name="bgfiles-anyone"),
    path("report/", report, name="report"),
]
