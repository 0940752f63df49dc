"""In-process bookkeeping that keeps progress calls from writing the database too often.

A job's progress is written when it moves into another ``resolution`` bucket, on the first call,
and at least every heartbeat interval (so a slow job stays alive); between writes, a cheap read
every ``CANCEL_CHECK_SECONDS`` notices a cancel. The state lives in the process running the job and
is dropped when the job finishes (a bounded map, so an abandoned job cannot leak memory).

A leaf module of its own, because both sides use it: :func:`~.lifecycle.transition` forgets a
job's state when the job ends, and :mod:`.progress` (which writes through ``transition``) reads it.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from ..conf import dlwidget_settings

CANCEL_CHECK_SECONDS = 2.0
MAX_TRACKED = 1024


@dataclass
class JobState:
    bucket: int | None = None
    percentage: int | None = None
    owner_id: Any = None
    heartbeat_every: float = 0.0
    last_write: float = field(default_factory=time.monotonic)
    last_check: float = field(default_factory=time.monotonic)


_lock = threading.Lock()
_states: OrderedDict[str, JobState] = OrderedDict()


def state(key: str) -> JobState:
    with _lock:
        found = _states.get(key)
        if found is None:
            every = heartbeat_interval(dlwidget_settings.STALE_AFTER)
            found = _states[key] = JobState(heartbeat_every=every)
            while len(_states) > MAX_TRACKED:
                _states.popitem(last=False)
        return found


def forget(key: str) -> None:
    with _lock:
        _states.pop(key, None)


def reset() -> None:
    """Forget every job's state (for tests: ``django_dlwidget.testing.reset_state``)."""
    with _lock:
        _states.clear()


def heartbeat_interval(stale_after: timedelta) -> float:
    """Write a heartbeat well within ``STALE_AFTER`` (a quarter of it, at least a second)."""
    return max(1.0, stale_after.total_seconds() / 4)


def bucket_of(percentage: int, resolution: int) -> int:
    return percentage - percentage % resolution if percentage < 100 else 100
