"""The CSP nonce of the current request, from Django 6's CSP or django-csp."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.template import Context


def csp_nonce(context: Context) -> str | None:
    nonce = context.get("csp_nonce")  # Django 6's context processor
    request = context.get("request")
    if nonce is None and request is not None:
        # django-csp sets ``csp_nonce``; Django 6's middleware keeps ``_csp_nonce``.
        nonce = getattr(request, "csp_nonce", None) or getattr(request, "_csp_nonce", None)
    return str(nonce) if nonce else None
