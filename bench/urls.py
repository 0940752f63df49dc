"""The app's endpoints beside a bare JSON view, served by the same process."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import include, path


def bare(request: HttpRequest) -> JsonResponse:
    """The smallest authenticated JSON endpoint: what any polled view costs at least."""
    return JsonResponse({"user": request.user.pk})


urlpatterns = [
    path("bare/", bare),
    path("dlwidget/", include("django_dlwidget.urls")),
]
