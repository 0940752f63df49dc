"""Channel-layer group names: ``dlwidget.user.<id>`` per user, ``dlwidget.session.<hash>``
per login session.

Channels allows only ``[a-zA-Z0-9-_.]`` in group names, shorter than 100 characters. Integer and
UUID primary keys are used as they are (a UUID as 32 hex digits); any other key type is hashed, so
no username or e-mail address ever reaches a group name. A session key is a credential: its group
name is a keyed hash of it, never the key itself (group names are visible in Redis).
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.utils.crypto import salted_hmac

GROUP_PREFIX = "dlwidget.user."
SESSION_GROUP_PREFIX = "dlwidget.session."


def user_group(owner_id: Any) -> str:
    if isinstance(owner_id, int) and not isinstance(owner_id, bool):
        return f"{GROUP_PREFIX}{owner_id}"
    if isinstance(owner_id, uuid.UUID):
        return f"{GROUP_PREFIX}{owner_id.hex}"
    digest = hashlib.sha256(str(owner_id).encode()).hexdigest()[:40]
    return f"{GROUP_PREFIX}h{digest}"


def session_group(session_key: str) -> str:
    """The group of the sockets opened under one login session (closed on logout)."""
    # The salt is fixed, not a module path: changing it would rename the groups of open sockets.
    digest = salted_hmac("django_dlwidget.groups.session", session_key, algorithm="sha256")
    return f"{SESSION_GROUP_PREFIX}{digest.hexdigest()[:40]}"
