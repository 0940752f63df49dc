"""``bgfiles.patterns``: the predecessor's patterns (see :mod:`.base`), the ``registry`` and
the Celery variant (:mod:`.celery`)."""

from __future__ import annotations

from .base import *  # noqa: F403 (the predecessor's package re-exports its base module)
from .base import __all__ as __all__
