"""At most ``WS_MAX_SOCKETS_PER_USER`` sockets per user, counted across every server process.

The count lives in the shared cache (``DLWIDGET["CACHE"]``, the one the list versions use) as one
key per slot, ``dlwidget:v1:socket:<user>:<n>`` for n below the limit, each holding the channel
name of the socket that has it. A socket takes the first free slot with ``cache.add``, which only
sets a missing key, so two processes can never take the same slot; with no slot free the socket
is refused. A slot is a lease: it expires unless its socket renews it, so the slots of a process
that died (killed, out of memory: no ``disconnect`` ran) come free within one lease, and a
counter that only ever grows can never lock a user out. A socket that lost its lease (its event
loop stalled for longer than one) takes a free slot again, or is closed.

With a per-process cache (LocMem) the cap is per process (checks E050/W052 warn about that
cache); the dummy cache keeps nothing, so it caps nothing. A cache that fails lets the socket
through, with a warning: the cap must not take the download centre down with the cache.
"""

from __future__ import annotations

import logging
from typing import Any

from ..conf import dlwidget_settings
from .versions import version_cache

__all__ = ["DEFAULT_LEASE", "claim_slot", "release_slot", "renew_slot", "slot_key"]

logger = logging.getLogger(__name__)

#: Seconds a slot is held without a renewal; sockets renew theirs every sixth to third of it.
DEFAULT_LEASE = 90.0
#: Stands for "no slot was recorded" (the cache failed): nothing to renew or release.
UNCOUNTED = -1


def slot_key(owner_id: Any, index: int) -> str:
    return f"dlwidget:v1:socket:{owner_id}:{index}"


async def claim_slot(owner_id: Any, holder: str, lease: float = DEFAULT_LEASE) -> int | None:
    """The slot ``holder`` now has (``UNCOUNTED`` if the cache failed), or None: all taken."""
    cache = version_cache()
    keys = [slot_key(owner_id, index) for index in range(dlwidget_settings.WS_MAX_SOCKETS_PER_USER)]
    try:
        taken = await cache.aget_many(keys)
        for index, key in enumerate(keys):
            # Another process may take a free slot first: add() fails then; try the next one.
            if key not in taken and await cache.aadd(key, holder, timeout=lease):
                return index
    except Exception as error:  # one line, no traceback: the cache is down, not the code
        logger.warning("dlwidget: the socket cap could not read the cache (%s)", error)
        return UNCOUNTED
    return None


async def renew_slot(
    owner_id: Any, index: int, holder: str, lease: float = DEFAULT_LEASE
) -> int | None:
    """Extend the lease of ``holder``'s slot: its slot now (another one if the lease was lost and
    taken meanwhile), or None when every slot is taken."""
    if index == UNCOUNTED:
        return UNCOUNTED
    cache = version_cache()
    key = slot_key(owner_id, index)
    try:
        if await cache.aget(key) == holder:
            await cache.aset(key, holder, timeout=lease)
            return index
    except Exception as error:
        logger.warning("dlwidget: the socket cap could not renew a slot (%s)", error)
        return index
    return await claim_slot(owner_id, holder, lease)


async def release_slot(owner_id: Any, index: int, holder: str) -> None:
    """Free ``holder``'s slot (only if it still holds it: a lost lease may belong to another)."""
    if index == UNCOUNTED:
        return
    cache = version_cache()
    key = slot_key(owner_id, index)
    try:
        if await cache.aget(key) == holder:
            await cache.adelete(key)
    except Exception as error:  # the lease expires on its own
        logger.warning("dlwidget: the socket cap could not free a slot (%s)", error)
