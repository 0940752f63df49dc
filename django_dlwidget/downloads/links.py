"""Signed, expiring links to a download's file, for e-mails and sharing.

A token is the download's key, the owner's id when the link is user-bound, its lifetime and any
extra ``data`` the caller gives (read back by :func:`read_token`), signed with a salted
``TimestampSigner`` (so ``SECRET_KEY`` rotation through ``SECRET_KEY_FALLBACKS`` keeps links
valid). It proves, it does not hide: its payload is only base64, so it carries nothing a
recipient may not know. A project that serves tokens in its own view may sign them with its own
``key`` and ``salt``; the ``links/<token>/`` endpoint reads only the default ones.

A download nobody owns has no user-bound link: only a general one serves it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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
    data: Mapping[str, Any] = field(default_factory=dict)
    """The extra data the token was made with (``{}`` when none)."""


def _signer(key: str | bytes | None = None, salt: str | None = None) -> signing.TimestampSigner:
    if key is None:  # SECRET_KEY, then SECRET_KEY_FALLBACKS
        return signing.TimestampSigner(salt=salt or SALT)
    return signing.TimestampSigner(key=key, salt=salt or SALT, fallback_keys=[])


def make_token(
    download: Download,
    *,
    user_bound: bool = True,
    max_age: timedelta | None = None,
    data: Mapping[str, Any] | None = None,
    key: str | bytes | None = None,
    salt: str | None = None,
) -> str:
    """The signed token of a link to ``download`` (see :func:`make_link`). ``data`` (JSON
    values) travels with it, signed; ``key`` and ``salt`` replace ``SECRET_KEY`` and the default
    salt. A user-bound token of a download nobody owns is a ``ValueError``."""
    if user_bound and download.owner_id is None:
        raise ValueError(
            f"Download {download.key} has no owner, so no user-bound link: "
            "make a general one (user_bound=False)."
        )
    lifetime = max_age if max_age is not None else dlwidget_settings.LINK_MAX_AGE
    payload: dict[str, Any] = {"k": download.key.hex, "m": int(lifetime.total_seconds())}
    if user_bound:
        payload["u"] = str(download.owner_id)
    if data:
        payload["d"] = dict(data)
    return _signer(key, salt).sign_object(payload, compress=True)


def make_link(
    download: Download,
    *,
    user_bound: bool = True,
    max_age: timedelta | None = None,
    data: Mapping[str, Any] | None = None,
) -> str:
    """The path of a signed link to ``download``'s file (prefix it with the site's origin for an
    e-mail). User-bound links (the default) serve only their owner and send a logged-out browser
    to ``LOGIN_URL`` first; general links serve anyone who holds them. Both stop working after
    ``max_age`` (default ``DLWIDGET["LINK_MAX_AGE"]``) and when the download expires. A download
    nobody owns has only general links (``ValueError`` otherwise)."""
    token = make_token(download, user_bound=user_bound, max_age=max_age, data=data)
    return reverse("dlwidget:download-link", args=[token])


def read_token(token: str, *, key: str | bytes | None = None, salt: str | None = None) -> Link:
    """The link in ``token`` (made with the same ``key`` and ``salt``). Raises ``LinkInvalid``
    or ``LinkExpired``."""
    signer = _signer(key, salt)
    try:
        payload = signer.unsign_object(token)
        download_key = UUID(hex=payload["k"])
        max_age = int(payload["m"])
        owner = payload.get("u")
        data = payload.get("d", {})
        if not isinstance(data, dict):
            raise TypeError("token data is not an object")
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise LinkInvalid from exc
    try:
        signer.unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkExpired from exc
    return Link(download_key, None if owner is None else str(owner), data)
