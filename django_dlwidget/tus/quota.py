"""What one owner may hold in uploads, and what anonymous uploaders hold together.

An upload counts from its creation until a form claims it (its row then goes) or it expires,
finished or not: by its length, or while its length is deferred by its offset. Every owner may
hold ``UPLOAD_QUOTA`` bytes in at most ``UPLOAD_MAX_COUNT`` uploads; anonymous uploaders, each
bound to a session that anyone can renew, also share one budget (``UPLOAD_ANONYMOUS_QUOTA``,
``UPLOAD_ANONYMOUS_MAX_COUNT``), so fresh cookies buy no fresh quota.

A new row is checked and inserted in one transaction that first updates the owner's
:class:`~django_dlwidget.models.UploadQuota` row (one row for all anonymous uploaders): a
concurrent creation waits on that UPDATE until the first one is committed, then counts it. An
UPDATE takes the lock on every backend (SQLite's write lock, a row lock elsewhere), where
``select_for_update`` would be a no-op on SQLite. A deferred-length upload reserves nothing
when it is made; each PATCH reserves, in the same serialised way, the offset it may write up
to (``reserved_to``: its body's end, its declared length, or all the room left for a body of
unknown length), and gives it back when it ends (:mod:`.quotabody` cuts the body there).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Final

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from ..conf import dlwidget_settings
from ..models import Upload, UploadQuota
from .auth import Principal
from .errors import TusError

ANONYMOUS_KEY: Final = "anonymous"


@dataclass(frozen=True)
class Budget:
    """One limit an upload must fit: the uploads it counts, their bytes and their number."""

    scope: Q
    max_bytes: int
    max_count: int
    shared: bool  # the anonymous uploaders' common budget

    def usage(self, exclude: Collection[uuid.UUID] = ()) -> tuple[int, int]:
        """(uploads, bytes) held now, leaving out ``exclude``."""
        now = timezone.now()
        rows = Upload.objects.filter(self.scope).filter(
            Q(expires__isnull=True) | Q(expires__gt=now)
        )
        if exclude:
            rows = rows.exclude(pk__in=list(exclude))
        # A deferred length counts by offset, or by what a running PATCH reserved if more.
        held = Coalesce("length", Greatest("offset", "reserved_to"))
        found = rows.aggregate(count=Count("pk"), total=Sum(held))
        return int(found["count"] or 0), int(found["total"] or 0)

    def over_quota(self) -> TusError:
        if self.shared:
            detail = _(
                "Anonymous uploads together would exceed their quota of %(quota)s bytes; "
                "log in, or try again later."
            )
        else:
            detail = _("Your uploads would exceed your quota of %(quota)s bytes.")
        return TusError(413, "quota_exceeded", detail % {"quota": self.max_bytes})

    def too_many(self) -> TusError:
        if self.shared:
            detail = _(
                "Anonymous uploads together already number %(max)s; log in, or try again later."
            )
        else:
            detail = _(
                "You already hold %(max)s uploads that no form has used yet; use or delete "
                "some first."
            )
        return TusError(413, "too_many_uploads", detail % {"max": self.max_count})


def budgets(principal: Principal) -> list[Budget]:
    """The owner's own budget and, for an anonymous uploader, the shared one."""
    found = [
        Budget(
            principal.filter(),
            dlwidget_settings.UPLOAD_QUOTA,
            dlwidget_settings.UPLOAD_MAX_COUNT,
            shared=False,
        )
    ]
    if principal.user_pk is None:
        found.append(
            Budget(
                Q(owner__isnull=True),
                dlwidget_settings.UPLOAD_ANONYMOUS_QUOTA,
                dlwidget_settings.UPLOAD_ANONYMOUS_MAX_COUNT,
                shared=True,
            )
        )
    return found


def lock_key(principal: Principal) -> str:
    return ANONYMOUS_KEY if principal.user_pk is None else f"user:{principal.user_pk}"


@contextmanager
def serialised(principal: Principal) -> Iterator[None]:
    """A transaction holding the owner's quota lock until it ends."""
    key = lock_key(principal)
    with transaction.atomic():
        now = timezone.now()
        if not UploadQuota.objects.filter(key=key).update(locked=now):
            # The first upload of this owner: make the row (a concurrent twin makes it too).
            UploadQuota.objects.bulk_create(
                [UploadQuota(key=key, locked=now)], ignore_conflicts=True
            )
            UploadQuota.objects.filter(key=key).update(locked=now)
        yield


def check(
    principal: Principal, adding: int, *, count: int = 1, exclude: Collection[uuid.UUID] = ()
) -> None:
    """413 unless ``count`` more uploads of ``adding`` bytes fit every budget, beside the
    uploads held now (less ``exclude``). Call it :func:`serialised` for a reservation."""
    for budget in budgets(principal):
        held, total = budget.usage(exclude)
        if count and held + count > budget.max_count:
            raise budget.too_many()
        if total + adding > budget.max_bytes:
            raise budget.over_quota()


def reserve(principal: Principal, upload: Upload, *, replacing: Collection[uuid.UUID] = ()) -> None:
    """Insert the unsaved ``upload`` if it fits (413 otherwise), in one serialised step.

    ``replacing``: uploads that the new one stands for (a final concatenation's parts), left
    out of the count.
    """
    with serialised(principal):
        check(principal, upload.length or upload.offset, exclude=replacing)
        upload.save(force_insert=True)


def reserve_until(principal: Principal, upload: Upload, end: int | None) -> tuple[int, Budget]:
    """Reserve, for a PATCH of the deferred-length ``upload``, its bytes up to offset ``end``
    (None: as far as the room goes); 413 when ``end`` does not fit. One serialised step, so
    that concurrent PATCHes of one owner's uploads share the room. Returns the offset reserved
    to and the budget that bounds it; :func:`give_back` when the PATCH ends."""
    with serialised(principal):
        most, tightest = min(
            (
                (budget.max_bytes - budget.usage(exclude=[upload.id])[1], budget)
                for budget in budgets(principal)
            ),
            key=lambda pair: pair[0],
        )
        if end is not None and end > most:
            raise tightest.over_quota()
        target = max(0, most) if end is None else end
        # Never lowered here: a PATCH still writing this upload keeps the room it reserved, and
        # one refused for that writer's lease (423) leaves it alone (see give_back).
        Upload.objects.filter(pk=upload.id, reserved_to__lt=target).update(reserved_to=target)
    return target, tightest


def give_back(upload: Upload) -> None:
    """End the reservation of the PATCH that wrote (or was refused without a live writer:
    only a writer's reservation can be left, and there is none)."""
    Upload.objects.filter(pk=upload.id).exclude(reserved_to=0).update(reserved_to=0)
