"""Opaque test bytes: content that no type sniffer names, the same in every run.

``os.urandom`` now and then starts like a format's signature (an MP3 frame sync, say), and
uploads are stored under the sniffed type's extension, so a test that expects ``.bin`` would
fail once in a few thousand runs. Seeded bytes are checked once and stay what they were.
"""

from __future__ import annotations

import random


def opaque(size: int, seed: int = 0) -> bytes:
    """``size`` bytes of seeded noise (the same for the same arguments)."""
    return random.Random(f"{seed}:{size}").randbytes(size)
