"""Signed, expiring links to a download's file, for e-mails and sharing.

A token is the download's key, the owner's id when the link is user-bound, and its lifetime,
signed with a salted ``TimestampSigner`` (so ``SECRET_KEY`` rotation through
``SECRET_KEY_FALLBACKS`` keeps links valid). It proves, it does not hide: its payload is only
base64, so it carries nothing a recipient may not know.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core import signing
from django.urls import reverse

from ..conf import dlwidget_settings

if TYPE_CHECKING:
    from ..models import Download

# Not a module path: a signing salt. Changing it would invalidate every link already sent.
SALT = "django_dlwidget.links"


class LinkExpired(Exception):
    """A genuine token whose lifetime has passed."""


class LinkInvalid(Exception):
    """A token that was not made here, or was altered."""


@dataclass(frozen=True)
class Link:
    key: UUID
    owner_id: str | None
    """The user the link is bound to (as a string), or None for a general link."""


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def make_token(
    download: Download, *, user_bound: bool = True, max_age: timedelta | None = None
) -> str:
    lifetime = max_age if max_age is not None else dlwidget_settings.LINK_MAX_AGE
    payload: dict[str, Any] = {"k": download.key.hex, "m": int(lifetime.total_seconds())}
    if user_bound:
        payload["u"] = str(download.owner_id)
    return _signer().sign_object(payload, compress=True)


def make_link(
    download: Download, *, user_bound: bool = True, max_age: timedelta | None = None
) -> str:
    """The path of a signed link to ``download``'s file (prefix it with the site's origin for an
    e-mail). User-bound links (the default) serve only their owner and send a logged-out browser
    to ``LOGIN_URL`` first; general links serve anyone who holds them. Both stop working after
    ``max_age`` (default ``DLWIDGET["LINK_MAX_AGE"]``) and when the download expires."""
    token = make_token(download, user_bound=user_bound, max_age=max_age)
    return reverse("dlwidget:download-link", args=[token])


def read_token(token: str) -> Link:
    """The link in ``token``. Raises ``LinkInvalid`` or ``LinkExpired``."""
    signer = _signer()
    try:
        payload = signer.unsign_object(token)
        key = UUID(hex=payload["k"])
        max_age = int(payload["m"])
        owner = payload.get("u")
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise LinkInvalid from exc
    try:
        signer.unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkExpired from exc
    return Link(key, None if owner is None else str(owner))
