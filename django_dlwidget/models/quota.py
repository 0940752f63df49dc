"""One row per upload owner (a user, or every anonymous uploader together) that serialises its
quota: the creation that checks the quota updates this row first, inside the transaction that
inserts the new upload, so a second creation waits until the first is committed.

An UPDATE is the one lock that every database backend takes at once, SQLite included (where
``select_for_update`` is a no-op but a write takes the database's write lock), so the check and
the reservation are one step on all of them. The rows hold no data of their own.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UploadQuota(models.Model):
    # "user:<pk>" for a user, "anonymous" for the budget that anonymous uploads share.
    key = models.CharField(_("owner"), max_length=160, primary_key=True)
    locked = models.DateTimeField(_("last checked"), default=timezone.now)

    class Meta:
        verbose_name = _("upload quota lock")
        verbose_name_plural = _("upload quota locks")

    def __str__(self) -> str:
        return self.key
