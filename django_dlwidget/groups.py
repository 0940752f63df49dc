"""Channel-layer group names for a user: ``dlwidget.user.<id>``.

Channels allows only ``[a-zA-Z0-9-_.]`` in group names, shorter than 100 characters. Integer and
UUID primary keys are used as they are (a UUID as 32 hex digits); any other key type is hashed, so
no username or e-mail address ever reaches a group name.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

GROUP_PREFIX = "dlwidget.user."


def user_group(owner_id: Any) -> str:
    if isinstance(owner_id, int) and not isinstance(owner_id, bool):
        return f"{GROUP_PREFIX}{owner_id}"
    if isinstance(owner_id, uuid.UUID):
        return f"{GROUP_PREFIX}{owner_id.hex}"
    digest = hashlib.sha256(str(owner_id).encode()).hexdigest()[:40]
    return f"{GROUP_PREFIX}h{digest}"
