"""A tus 1.0 server inside Django: one protocol behind a WSGI view and an ASGI wrapper.

The views (:mod:`.views`, and :mod:`.asgi` for streamed bodies) own HTTP and URLs; the protocol
(:mod:`.verbs`, :mod:`.concatenation`, :mod:`.writer`, on :mod:`.messages` and :mod:`.records`)
knows upload ids only; :mod:`.locking` and :mod:`.partial` keep one writer per upload's file.
"""

from __future__ import annotations
