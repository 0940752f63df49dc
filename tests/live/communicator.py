"""channels' ``WebsocketCommunicator`` without daphne.

``channels.testing`` imports daphne at package import, only for its live-server test case; this
project serves with uvicorn and does not install daphne. While ``channels.testing`` loads, an empty
stand-in answers that one import, and is removed right after so nothing else can mistake it for
daphne. (With daphne installed, the real one is used.)
"""

from __future__ import annotations

import importlib.util
import sys
import types

if importlib.util.find_spec("daphne") is None and "channels.testing" not in sys.modules:
    _stand_in = types.ModuleType("daphne.testing")
    _stand_in.DaphneProcess = object  # type: ignore[attr-defined]
    sys.modules["daphne"] = types.ModuleType("daphne")
    sys.modules["daphne.testing"] = _stand_in
    try:
        import channels.testing  # noqa: F401
    finally:
        del sys.modules["daphne.testing"], sys.modules["daphne"]

from channels.testing import WebsocketCommunicator

__all__ = ["WebsocketCommunicator"]
