"""A download's language and time zone: recorded when it starts, active while its job runs and
when its e-mail is written, so the file's strings, its dates and the messages its owner reads are
in the language of the request that started it, not the worker's defaults."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

logger = logging.getLogger(__name__)


def current_locale(language: str | None, tz: str | None) -> tuple[str, str]:
    """``language`` and ``tz``, each None replaced by what is active now ("" when nothing is)."""
    if language is None:
        language = translation.get_language() or ""
    if tz is None:
        tz = timezone.get_current_timezone_name() or ""
    return language[:35], tz[:64]


@contextmanager
def activate_locale(language: str, tz: str) -> Iterator[None]:
    """Make ``language`` and the time zone named ``tz`` current; an empty one (or a time zone
    this system does not know, logged) leaves what is current as it is."""
    with ExitStack() as stack:
        if language:
            stack.enter_context(translation.override(language))
        if tz:
            try:
                zone = ZoneInfo(tz)
            except (ValueError, LookupError):  # ZoneInfoNotFoundError is a KeyError
                logger.warning("dlwidget: unknown time zone %r; using the default", tz)
            else:
                stack.enter_context(timezone.override(zone))
        yield
