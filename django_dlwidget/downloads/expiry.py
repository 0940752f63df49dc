"""When a download expires: counted from its end (ready, failed or cancelled), not its start.

A job may run longer than ``DLWIDGET["EXPIRY"]``; counting from ``init_download`` would expire
its download on arrival. So an active download has no expiry, unless it was given a moment
(``init_download(expires=datetime)``), and ``transition`` gives it one when it ends, in the same
conditional UPDATE: its own lifetime (``init_download(expires=timedelta)``, kept in the
``lifetime`` column until then) after the end, else ``EXPIRY`` after the end.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from django.db.models import Case, DateTimeField, ExpressionWrapper, F, Q, Value, When
from django.db.models.expressions import Combinable

from ..conf import dlwidget_settings

MAX_LIFETIME: Final = timedelta(days=36500)
"""The longest lifetime a download can be given (about a century: "forever" for a cache)."""


def initial_expiry(
    expires: datetime | timedelta | None,
) -> tuple[datetime | None, timedelta | None]:
    """What ``init_download(expires=...)`` stores, as ``(expires, lifetime)``."""
    if expires is None:
        return None, None
    if isinstance(expires, timedelta):
        if expires < timedelta(0) or expires > MAX_LIFETIME:
            raise ValueError(
                f"expires={expires!r}: a lifetime is between 0 and {MAX_LIFETIME.days} days; "
                "give a datetime for a fixed moment."
            )
        return None, expires
    if not isinstance(expires, datetime):
        raise TypeError(f"expires= takes a datetime or a timedelta, not {expires!r}")
    return expires, None


def finished_expiry(now: datetime) -> Combinable:
    """The UPDATE expression that gives a download ending at ``now`` its expiry."""
    return Case(
        When(Q(expires__isnull=False), then=F("expires")),
        When(
            Q(lifetime__isnull=False),
            then=ExpressionWrapper(Value(now) + F("lifetime"), output_field=DateTimeField()),
        ),
        default=Value(now + dlwidget_settings.EXPIRY),
        output_field=DateTimeField(),
    )
