"""A finished upload reserved for the request whose form accepted its token.

``clean()`` reserves the upload with one conditional UPDATE of its lease (a finished upload has
no writer), so that a second request with the same token (a double submit, two tabs) is refused
by its own ``clean()`` instead of failing in ``save()``. The reservation is given back when the
request ends, and runs out by itself if the request died.

A store whose claim is a lease too (S3, a Django storage) gets the reservation *handed over*:
marked as run out a moment ago, which that claim takes at once, while another request's
``reserve()`` still counts it as held for a few seconds.

Within one request an upload goes to one field only (:func:`claimed_by_another`): the same token
in two fields or two formset rows could be stored once, and the second save would fail.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Final

from django.db.models import Q
from django.utils import timezone

from ..models import Upload
from .request import at_end

if TYPE_CHECKING:
    from django.http import HttpRequest

#: How long a reservation outlives a request that died without giving it back.
RESERVATION: Final = timedelta(minutes=5)
#: How long a run-out lease still counts as held for ``reserve()`` (never for a store's claim).
GRACE: Final = timedelta(seconds=5)
_HANDED_OVER: Final = timedelta(seconds=1)
_ATTR: Final = "_dlwidget_reservation"
_CLAIMANTS: Final = "_dlwidget_claimants"


def claimed_by_another(upload_id: uuid.UUID, request: HttpRequest, claimant: object) -> bool:
    """True when another input of this request has already been given the upload; the first
    claimant (an input's name, cleaned again as often as its form likes) keeps it."""
    claimants: dict[uuid.UUID, object] | None = getattr(request, _CLAIMANTS, None)
    if claimants is None:
        claimants = {}
        setattr(request, _CLAIMANTS, claimants)
    return claimants.setdefault(upload_id, claimant) is not claimant


def reserve(upload_id: uuid.UUID, request: HttpRequest) -> str | None:
    """Reserve the finished upload for ``request`` (again, if it holds it already) and return
    the reservation; None when another live request holds it or the row has gone."""
    mine: str | None = getattr(request, _ATTR, None)
    if mine is None:
        mine = secrets.token_hex(16)
        setattr(request, _ATTR, mine)
    now = timezone.now()
    free = Q(lease_token="") | Q(lease_expires__lt=now - GRACE)
    taken = Upload.objects.filter(free, pk=upload_id, complete=True).update(
        lease_token=mine, lease_expires=now + RESERVATION, lease_checksummed=False
    )
    if taken:
        at_end(request, lambda: release(upload_id, mine))
        return mine
    held = Upload.objects.filter(pk=upload_id, complete=True, lease_token=mine).exists()
    return mine if held else None


def hand_over(upload_id: uuid.UUID, reservation: str) -> None:
    """Let a lease-based claim take the reserved upload (and no other request's ``reserve()``)."""
    Upload.objects.filter(pk=upload_id, lease_token=reservation).update(
        lease_expires=timezone.now() - _HANDED_OVER
    )


def release(upload_id: uuid.UUID, reservation: str) -> None:
    """Give a reservation back (nothing happens if the upload was consumed meanwhile)."""
    Upload.objects.filter(pk=upload_id, lease_token=reservation).update(
        lease_token="", lease_expires=None
    )
