"""``python -m tests.soak``: the full soak (see :mod:`tests.soak.run`)."""

from __future__ import annotations

import sys

from .run import main

sys.exit(main())
