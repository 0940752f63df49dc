"""Who a new download belongs to, checked before its row is written.

A primary key that no user has would otherwise surface as an ``IntegrityError`` from the foreign
key, on some databases only when the transaction commits, far from the call that caused it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model


def owner_pk(user: Any) -> Any:
    """The primary key of ``user`` (a user or a pk) after checking that such a user exists:
    ``User.DoesNotExist`` naming the pk, or a ``ValueError`` for an unsaved user, instead of an
    ``IntegrityError`` when the download's row is written (or, on SQLite, at the commit). None
    stays None: whether a download may have no owner is the model's to say."""
    owner_id = getattr(user, "pk", user)
    if owner_id is None and user is not None:
        raise ValueError("init_download(): the user is not saved (its pk is None)")
    users = get_user_model()._default_manager
    if owner_id is not None and not users.filter(pk=owner_id).exists():
        raise get_user_model().DoesNotExist(
            f"init_download(): there is no user with pk {owner_id!r}"
        )
    return owner_id
