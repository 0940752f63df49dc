"""A body of known content and unknown size, made while it is sent: deterministic pseudo-random
bytes from a seed, so a test can compute the digest the download must have."""

from __future__ import annotations

import random
from collections.abc import Iterator

CHUNK = 64 * 1024


def pseudo_random_chunks(size: int, seed: int = 0) -> Iterator[bytes]:
    """``size`` bytes in 64 KiB chunks; the same size and seed give the same bytes."""
    rng = random.Random(seed)
    left = size
    while left > 0:
        count = min(CHUNK, left)
        yield rng.randbytes(count)
        left -= count
