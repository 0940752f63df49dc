"""In-process bookkeeping that keeps progress calls from writing the database too often.

A job's progress is written when it moves into another ``resolution`` bucket, on the first call,
and at least every heartbeat interval (so a slow job stays alive); between writes, a cheap read
every ``CANCEL_CHECK_SECONDS`` notices a cancel. The state lives in the process running the job and
is dropped when the job finishes (a bounded map, so an abandoned job cannot leak memory).

The last job to report also gets a fast path (``fast``): the key object it passed, its total and
resolution, the range of ``cur`` that stays in the bucket last written, and the clock time at which
a heartbeat or a cancel check falls due. A call inside all of these has nothing to do, which a
few comparisons and one clock read tell, so a progress call per row costs next to nothing.

A leaf module of its own, because both sides use it: :func:`~.lifecycle.transition` forgets a
job's state when the job ends, and :mod:`.progress` (which writes through ``transition``) reads it.
"""

from __future__ import annotations

import math
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

# (key object, total, resolution, lowest cur, cur past the last, when something falls due): a
# call that matches it needs nothing. One tuple, replaced whole, so a reader never sees half of it.
IDLE: tuple[Any, ...] = (object(), None, None, 0, 0, -math.inf)
fast: tuple[Any, ...] = IDLE


def state(key: str) -> JobState:
    global fast
    with _lock:
        found = _states.get(key)
        if found is None:
            every = heartbeat_interval(dlwidget_settings.STALE_AFTER)
            found = _states[key] = JobState(heartbeat_every=every)
            while len(_states) > MAX_TRACKED:
                _states.popitem(last=False)
                fast = IDLE
        return found


def forget(key: str) -> None:
    global fast
    with _lock:
        _states.pop(key, None)
        fast = IDLE


def reset() -> None:
    """Forget every job's state (for tests: ``django_dlwidget.testing.reset_state``)."""
    global fast
    with _lock:
        _states.clear()
        fast = IDLE


def drop_fast() -> None:
    """No fast path until the next ``remember`` (``set_percentage`` moves the bucket itself)."""
    global fast
    fast = IDLE


def remember(key: object, total: Any, resolution: int, job: JobState) -> None:
    """Make ``key``'s next calls fast while they stay in ``job``'s bucket and nothing falls due."""
    global fast
    if job.bucket is None:
        fast = IDLE
        return
    low, high = cur_range(total, job.bucket, resolution)
    due = min(job.last_write + job.heartbeat_every, job.last_check + CANCEL_CHECK_SECONDS)
    fast = (key, total, resolution, low, high, due)


def cur_range(total: Any, bucket: int, resolution: int) -> tuple[Any, Any]:
    """``low``, ``high``: every ``cur`` with ``low <= cur < high`` (integer or not) falls in
    ``bucket`` of ``total`` (a few at its upper edge may fall outside the range, never inside)."""
    if total <= 0:
        return -math.inf, math.inf
    if bucket >= 100:
        return total, math.inf
    end = min(bucket + resolution, 100)
    return -(-bucket * total // 100), end * total // 100


def heartbeat_interval(stale_after: timedelta) -> float:
    """Write a heartbeat well within ``STALE_AFTER`` (a quarter of it, at least a second)."""
    return max(1.0, stale_after.total_seconds() / 4)


def bucket_of(percentage: int, resolution: int) -> int:
    return percentage - percentage % resolution if percentage < 100 else 100
