"""IETF Resumable Uploads for HTTP (drafts -03 and -05) on the tus endpoint.

The same URLs, model, stores, limits, quota, permissions and tokens as tus 1.0: the view
(:mod:`..views`) asks :func:`draft_of` which protocol a request speaks, and hands a draft
request, once checked exactly as a tus one (method, CSRF, permission), to :func:`answer`,
which maps it onto the tus verbs (:mod:`.verbs`). No ``104 (Upload Resumption Supported)`` is
sent: neither WSGI nor ASGI servers let an application send it (see docs/ietf-uploads.md).
"""

from __future__ import annotations

from .fields import INTEROP_HEADER, Draft, draft_of
from .verbs import answer, options

__all__ = ["INTEROP_HEADER", "Draft", "answer", "draft_of", "options"]
