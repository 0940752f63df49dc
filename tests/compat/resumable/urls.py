"""The URLconf a migrated project has: the compat include under the README's prefix, and the
README's second form, the view wrapped in ``login_required`` under a name of its own (with the
route of the uploads it creates beside it)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import include, path

from django_dlwidget.compat.resumable.views import resumable_upload, resumable_upload_detail

urlpatterns = [
    path("resumable_upload/", include("django_dlwidget.compat.resumable.urls")),
    path("guarded-upload/", login_required(resumable_upload), name="guarded-upload"),
    path("guarded-upload/<uuid:upload_id>/", login_required(resumable_upload_detail)),
]
