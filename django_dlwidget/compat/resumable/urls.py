"""``include("django_dlwidget.compat.resumable.urls")``: the predecessor's ``resumable-upload``
endpoint, and the native endpoints under the same prefix.

The native widget reverses ``dlwidget:upload-list``, which this include brings (with the other
native endpoints, namespace ``dlwidget``): include it instead of ``django_dlwidget.urls``, not
beside it. Uploads created at ``resumable-upload`` live at ``<prefix><upload id>/``.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.resumable_upload, name="resumable-upload"),
    path("<uuid:upload_id>/", views.resumable_upload_detail),
    # Last: the native URLconf ends with a catch-all (a JSON 404 for any other path).
    path("", include("django_dlwidget.urls")),
]
