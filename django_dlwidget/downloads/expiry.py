"""When a download expires: counted from its end (ready, failed or cancelled), not its start.

A job may run longer than ``DLWIDGET["EXPIRY"]``; counting from ``init_download`` would expire
its download on arrival. So a download has no expiry while it is active, and ``transition`` gives
it one when it ends, in the same conditional UPDATE: ``EXPIRY`` after the end, or the download's
own lifetime (``init_download(expires=timedelta(...))``) after the end, or the moment it was given
(``expires=datetime``), which is kept as it is.

The own lifetime has to wait in the row until the end, and the row has only the ``expires``
column for it: while a download is active, a lifetime is stored there as ``RELATIVE_BASE`` plus the
lifetime, a moment before ``RELATIVE_LIMIT`` that no real expiry can be (a moment given that early
is long past, and is stored as the start, which expires the download when it ends as before).
:func:`shown_expiry` hides such a value from readers: an active download has no expiry yet.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

from django.db.models import (
    Case,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Value,
    When,
)
from django.db.models.expressions import Combinable

from ..conf import dlwidget_settings

RELATIVE_BASE: Final = datetime(1900, 1, 1, tzinfo=UTC)
RELATIVE_LIMIT: Final = datetime(2000, 1, 1, tzinfo=UTC)
MAX_LIFETIME: Final = RELATIVE_LIMIT - RELATIVE_BASE - timedelta(days=1)


def initial_expiry(expires: datetime | timedelta | None, now: datetime) -> datetime | None:
    """What ``init_download(expires=...)`` stores: None (``EXPIRY`` from the end), a lifetime
    to count from the end, or a moment (one before ``RELATIVE_LIMIT`` becomes ``now``)."""
    if expires is None:
        return None
    if isinstance(expires, timedelta):
        if expires < timedelta(0) or expires > MAX_LIFETIME:
            raise ValueError(
                f"expires={expires!r}: a lifetime is between 0 and {MAX_LIFETIME.days} days; "
                "give a datetime for a fixed moment."
            )
        return RELATIVE_BASE + expires
    if not isinstance(expires, datetime):
        raise TypeError(f"expires= takes a datetime or a timedelta, not {expires!r}")
    return expires if expires >= RELATIVE_LIMIT else now


def finished_expiry(now: datetime) -> Combinable:
    """The UPDATE expression that gives a download ending at ``now`` its expiry."""
    lifetime = ExpressionWrapper(F("expires") - Value(RELATIVE_BASE), output_field=DurationField())
    return Case(
        When(Q(expires__isnull=True), then=Value(now + dlwidget_settings.EXPIRY)),
        When(
            Q(expires__lt=RELATIVE_LIMIT),
            then=ExpressionWrapper(Value(now) + lifetime, output_field=DateTimeField()),
        ),
        default=F("expires"),
        output_field=DateTimeField(),
    )


def shown_expiry(expires: datetime | None) -> datetime | None:
    """``expires`` as readers see it: None for a lifetime still waiting for the end."""
    if expires is None or expires < RELATIVE_LIMIT:
        return None
    return expires
