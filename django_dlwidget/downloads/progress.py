"""Progress calls made by a running job: ``update_percentage`` and ``set_percentage``.

Each write is a :func:`~.lifecycle.transition` to running, which also renews the heartbeat and
moves a pending download to running. When it matches nothing the download was cancelled, cleared
or failed as stale, and ``DownloadCancelled`` tells the job to stop. :mod:`.throttle` decides
when a call writes at all.
"""

from __future__ import annotations

import time
import uuid

from django.utils import timezone

from ..models.download import DownloadStatus
from . import throttle
from .exceptions import DownloadCancelled
from .lifecycle import owner_of, raise_if_cancelled, transition


def percentage_of(total: int, cur: int) -> int:
    """``cur`` out of ``total`` as a whole percentage in 0..100; an empty job is complete."""
    if total <= 0:
        return 100
    cur = min(max(cur, 0), total)
    return cur * 100 // total


def update_percentage(key: uuid.UUID | str, total: int, cur: int, resolution: int = 10) -> None:
    """Report ``cur`` of ``total`` items done; written once per ``resolution`` percent.

    Costs at most ``100 // resolution + 2`` database writes however often it is called (plus one
    heartbeat per quarter of ``STALE_AFTER`` of run time). Raises ``DownloadCancelled`` once the
    owner has cancelled or cleared the download. A call that changes nothing (same bucket, no
    heartbeat or cancel check due) is a few comparisons and a clock read: cheap once per row.
    """
    known, known_total, known_resolution, low, high, due = throttle.fast
    if (
        known is key
        and known_total == total
        and known_resolution == resolution
        and low <= cur < high
        and time.monotonic() < due
    ):
        return
    if not 1 <= resolution <= 100:
        raise ValueError("resolution must be between 1 and 100")
    throttle.remember(
        key, total, resolution, _report(str(key), percentage_of(total, cur), resolution)
    )


def set_percentage(key: uuid.UUID | str, percentage: int) -> None:
    """Report a percentage (0..100) directly; written only when it changes."""
    throttle.drop_fast()
    _report(str(key), min(max(int(percentage), 0), 100), 1)


def _report(key: str, percentage: int, resolution: int) -> throttle.JobState:
    state = throttle.state(key)
    now = time.monotonic()
    bucket = throttle.bucket_of(percentage, resolution)
    due = now - state.last_write >= state.heartbeat_every
    if state.bucket is None or bucket != state.bucket or due:
        write_progress(key, percentage, state)
        state.bucket, state.percentage = bucket, percentage
        state.last_write = state.last_check = now
    elif now - state.last_check >= throttle.CANCEL_CHECK_SECONDS:
        state.last_check = now
        raise_if_cancelled(key)
    return state


def write_progress(key: str, percentage: int, state: throttle.JobState) -> None:
    """One transition to running: progress and heartbeat; published when the owner would see a
    change (a heartbeat alone is not published)."""
    visible = percentage != state.percentage
    if visible and state.owner_id is None:
        state.owner_id = owner_of(key)
    moved = transition(
        key,
        DownloadStatus.RUNNING,
        owner_id=state.owner_id,
        notify=visible,
        progress=percentage,
        heartbeat=timezone.now(),
    )
    if not moved:
        raise DownloadCancelled(key)
