"""``views.resumable_upload`` and jeanphix's ``views.ResumableUploadView``: the native tus
creation endpoint (``OPTIONS``, ``POST``), wrappable in ``login_required`` as before."""

from __future__ import annotations

from typing import Any

from django.views import View

from ...tus.views import upload_detail, upload_list

__all__ = ["ResumableUploadView", "resumable_upload", "resumable_upload_detail"]

#: ``path("resumable-upload", login_required(resumable_upload), name="resumable-upload")``.
resumable_upload = upload_list
#: Each upload's own URL (``HEAD``, ``PATCH``, ``DELETE``), beside the creation endpoint.
resumable_upload_detail = upload_detail


class ResumableUploadView(View):
    """``ResumableUploadView.as_view()`` is :data:`resumable_upload` (attributes such as
    ``chunks_dir`` have no effect: the upload store decides where bytes go)."""

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        return resumable_upload
